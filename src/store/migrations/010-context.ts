// Schema 10: what a lookup needs to tell a context match and to find reference TMs.
// - pair_contexts: the Dutch sentence that came before a pair's source where it was approved
//   (an article's previous segment, or a TMX file's x-context-pre property), normalised. A
//   pair approved in several articles keeps each context. When several 100 % matches exist,
//   the one approved after the same sentence as the query's wins (an in-context match).
// - settings: the TM's own settings (JSON values by key), first the default reference TMs
//   (`ntm settings also add <file>`).
// Reserved as 010 (006 trust, 007 check, 008 lookup index, 009 desk); the lead renumbers it
// into place when the branches merge. Never edit a migration once released; add a new one.
import type { Database } from 'better-sqlite3';

export function migrate010(db: Database): void {
  db.exec(`
    CREATE TABLE pair_contexts (
      pair_id    INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
      prev_norm  TEXT    NOT NULL,
      PRIMARY KEY (pair_id, prev_norm)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE settings (
      key    TEXT NOT NULL PRIMARY KEY,
      value  TEXT NOT NULL CHECK (json_valid(value))
    ) STRICT;
  `);
}
