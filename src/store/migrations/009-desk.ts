// The desk link (issue "desk"): what a local TM needs to share its history with the desk's
// PostgreSQL server. Numbered after the reserved 006–008; placed last in the list, so its
// version is whatever comes next. Never edit a migration once released; add a new one.
import type { Database } from 'better-sqlite3';

export function migrateDesk(db: Database): void {
  db.exec(`
    -- The pair's id on the desk (the same on every TM), given when it is first shared.
    ALTER TABLE pairs ADD COLUMN uuid TEXT;
    -- The desk change (server order) whose state this row holds; NULL while the row holds a
    -- change made here that the desk has not yet placed in its order.
    ALTER TABLE pairs ADD COLUMN desk_seq INTEGER;
    -- 1: live on the desk, but shown here as deleted because another live pair has the same
    -- texts (see desk-apply.ts); it comes back when that one goes.
    ALTER TABLE pairs ADD COLUMN desk_hidden INTEGER NOT NULL DEFAULT 0;
    CREATE UNIQUE INDEX pairs_uuid ON pairs (uuid) WHERE uuid IS NOT NULL;
    CREATE INDEX pairs_desk_hidden ON pairs (kind, source_norm, target_norm) WHERE desk_hidden = 1;

    -- The desk this TM has joined (at most one). Never a password.
    CREATE TABLE desk (
      id            INTEGER PRIMARY KEY CHECK (id = 1),
      url           TEXT    NOT NULL,
      label         TEXT    NOT NULL,
      desk_id       TEXT    NOT NULL,
      login         TEXT    NOT NULL,
      role          TEXT    NOT NULL CHECK (role IN ('desk', 'translator')),
      joined_at     TEXT    NOT NULL,
      last_seq      INTEGER NOT NULL DEFAULT 0,
      last_sync_at  TEXT,
      last_try_at   TEXT,
      last_error    TEXT,
      -- History rows up to this id were written before the join and are never pushed.
      history_floor INTEGER NOT NULL
    ) STRICT;

    -- Change sets known to this TM: made here (pending until the desk gives them a seq, or
    -- refused by the desk's roles) or pulled from the desk.
    CREATE TABLE desk_changes (
      uuid      TEXT    PRIMARY KEY,
      seq       INTEGER UNIQUE,
      origin    TEXT    NOT NULL CHECK (origin IN ('here', 'desk')),
      state     TEXT    NOT NULL CHECK (state IN ('pending', 'synced', 'refused')),
      command   TEXT    NOT NULL,
      author    TEXT    NOT NULL,
      made_at   TEXT    NOT NULL,
      ops       TEXT,
      refusal   TEXT
    ) STRICT;
    CREATE INDEX desk_changes_pending ON desk_changes (state) WHERE state = 'pending';

    -- The pairs each change set made here touches (what a pull must not overwrite yet).
    CREATE TABLE desk_own_ops (
      pair_uuid   TEXT NOT NULL,
      change_uuid TEXT NOT NULL REFERENCES desk_changes (uuid),
      PRIMARY KEY (pair_uuid, change_uuid)
    ) STRICT, WITHOUT ROWID;

    -- Which change set each history row belongs to.
    CREATE TABLE desk_history (
      history_id  INTEGER PRIMARY KEY REFERENCES pair_history (id) ON DELETE CASCADE,
      change_uuid TEXT    NOT NULL REFERENCES desk_changes (uuid)
    ) STRICT;
    CREATE INDEX desk_history_change ON desk_history (change_uuid);

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
