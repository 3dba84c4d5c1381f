// Schema 1: pairs, their tags and their history. Never edit a migration once released;
// add a new one.
import type { Database } from 'better-sqlite3';

export function migrate001(db: Database): void {
  db.exec(`
    CREATE TABLE pairs (
      id            INTEGER PRIMARY KEY,
      kind          TEXT    NOT NULL CHECK (kind IN ('segment', 'term')),
      source        TEXT    NOT NULL,
      target        TEXT    NOT NULL,
      source_norm   TEXT    NOT NULL,
      target_norm   TEXT    NOT NULL,
      source_len    INTEGER NOT NULL,
      target_len    INTEGER NOT NULL,
      status        TEXT    NOT NULL CHECK (status IN ('approved', 'forbidden')),
      approved_by   TEXT    NOT NULL,
      approved_at   TEXT    NOT NULL,
      changed_by    TEXT    NOT NULL,
      changed_at    TEXT    NOT NULL,
      ref           TEXT,
      note          TEXT,
      usage_count   INTEGER NOT NULL DEFAULT 0,
      last_used_at  TEXT,
      deleted_at    TEXT,
      deleted_by    TEXT
    ) STRICT;

    -- One live row per (kind, source, target) after norm; deleted rows may repeat it.
    CREATE UNIQUE INDEX pairs_unique_live ON pairs (kind, source_norm, target_norm)
      WHERE deleted_at IS NULL;
    -- The lossless length window of a lookup is a range scan on this index.
    CREATE INDEX pairs_len ON pairs (source_len) WHERE deleted_at IS NULL AND status = 'approved';
    CREATE INDEX pairs_target_len ON pairs (target_len) WHERE deleted_at IS NULL AND status = 'approved';
    CREATE INDEX pairs_source ON pairs (source_norm);
    CREATE INDEX pairs_target ON pairs (target_norm);

    CREATE TABLE pair_tags (
      pair_id INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
      tag     TEXT    NOT NULL,
      PRIMARY KEY (pair_id, tag)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX pair_tags_tag ON pair_tags (tag);

    -- Every change to a pair, with the pair as it was before the change (JSON), so that
    -- edits and deletes can be undone and audited.
    CREATE TABLE pair_history (
      id       INTEGER PRIMARY KEY,
      pair_id  INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
      action   TEXT    NOT NULL CHECK (action IN ('add', 'edit', 'delete', 'restore')),
      at       TEXT    NOT NULL,
      by       TEXT    NOT NULL,
      before   TEXT,
      after    TEXT
    ) STRICT;
    CREATE INDEX pair_history_pair ON pair_history (pair_id, id);
  `);
}
