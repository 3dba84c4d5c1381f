// Schema 7 (the check's own rules): how each term is found, and the findings of `ntm check`
// the desk has judged fine. Both are kept by the term's or the sentence's normalised Dutch,
// so that they hold for every rendering of the term and every draft of the article.
// Never edit a migration once released; add a new one.
import type { Database } from 'better-sqlite3';

export function migrate007(db: Database): void {
  db.exec(`
    -- A term's matching rules, by its source_norm (one row for all its renderings). A term
    -- without a row is found in any case, as the first or last part of compounds too.
    CREATE TABLE term_rules (
      source_norm  TEXT    PRIMARY KEY,
      match_case   INTEGER NOT NULL DEFAULT 0 CHECK (match_case IN (0, 1)),
      compounds    TEXT    NOT NULL DEFAULT 'both' CHECK (compounds IN ('both', 'first', 'last', 'none')),
      changed_by   TEXT    NOT NULL,
      changed_at   TEXT    NOT NULL
    ) STRICT, WITHOUT ROWID;

    -- Findings an editor has accepted: not reported again. finding_id is stable for the same
    -- kind, Dutch sentence, term (or number) and found text; the other columns say what it
    -- was, when it is known (ntm accept <id> knows only the id), and who judged it, when, why.
    CREATE TABLE accepted_findings (
      finding_id   TEXT    PRIMARY KEY,
      kind         TEXT,
      source       TEXT,
      term         TEXT,
      found        TEXT,
      note         TEXT,
      accepted_by  TEXT    NOT NULL,
      accepted_at  TEXT    NOT NULL
    ) STRICT;
  `);
}
