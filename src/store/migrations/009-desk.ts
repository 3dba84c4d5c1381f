// The desk link (issue "desk"): what a local TM needs to share its change sets (schema 6's
// change_sets and the history rows that name them) with the desk's PostgreSQL server.
// Numbered after the reserved 006–008; placed last in the list, so its version is whatever
// comes next. Never edit a migration once released; add a new one.
import type { Database } from 'better-sqlite3';

export function migrate009(db: Database): void {
  db.exec(`
    -- The pair's id on the desk (the same on every TM), given when it is first shared.
    ALTER TABLE pairs ADD COLUMN uuid TEXT;
    -- The desk change (server order) whose state this row holds.
    ALTER TABLE pairs ADD COLUMN desk_seq INTEGER;
    -- 1: live on the desk, but shown here as deleted because another live pair has the same
    -- texts (see desk-apply.ts); it comes back when that one goes.
    ALTER TABLE pairs ADD COLUMN desk_hidden INTEGER NOT NULL DEFAULT 0;
    CREATE UNIQUE INDEX pairs_uuid ON pairs (uuid) WHERE uuid IS NOT NULL;
    CREATE INDEX pairs_desk_hidden ON pairs (kind, source_norm, target_norm) WHERE desk_hidden = 1;

    -- The desk this TM has joined (at most one). Never a password.
    CREATE TABLE desk (
      id           INTEGER PRIMARY KEY CHECK (id = 1),
      url          TEXT    NOT NULL,
      label        TEXT    NOT NULL,
      desk_id      TEXT    NOT NULL,
      login        TEXT    NOT NULL,
      role         TEXT    NOT NULL CHECK (role IN ('desk', 'translator')),
      joined_at    TEXT    NOT NULL,
      last_seq     INTEGER NOT NULL DEFAULT 0,
      last_sync_at TEXT,
      last_try_at  TEXT,
      last_error   TEXT,
      -- Change sets up to this id were made before the join and are never pushed.
      change_floor INTEGER NOT NULL
    ) STRICT;

    -- Where a change set stands with the desk. A change set made here after the join that has
    -- no row yet waits to be pushed. synced: in the desk's order (seq); refused: the desk's
    -- roles refused it; local: nothing in it for the desk (a change set that touched no pair
    -- the desk has, or ntm's own note of putting back what the desk refused).
    CREATE TABLE desk_changes (
      change_id INTEGER PRIMARY KEY REFERENCES change_sets (id),
      seq       INTEGER UNIQUE,
      origin    TEXT    NOT NULL CHECK (origin IN ('here', 'desk')),
      state     TEXT    NOT NULL CHECK (state IN ('synced', 'refused', 'local')),
      refusal   TEXT
    ) STRICT;

    -- What the user must be told at the next sync: a change of theirs another one replaced,
    -- or one the desk refused.
    CREATE TABLE desk_notices (
      id        INTEGER PRIMARY KEY,
      at        TEXT    NOT NULL,
      kind      TEXT    NOT NULL CHECK (kind IN ('replaced', 'refused')),
      detail    TEXT    NOT NULL,
      reported  INTEGER NOT NULL DEFAULT 0
    ) STRICT;
  `);
}
