// Schema 6: approval a desk can trust. A pair's status may now be 'proposed' (written by
// someone who is not one of the TM's reviewers); the desk's reviewers are kept; and every
// command that writes records a change set, which its history rows name, so that a whole
// import can be undone at once and, later, exchanged with a shared desk TM.
//
// SQLite cannot change a CHECK constraint in place (and better-sqlite3's defensive mode
// forbids editing the schema table), so the pairs table is rebuilt: renamed away, created
// anew with the wider CHECK, filled with the same rows and ids, its indexes and triggers
// made again from their stored SQL. It runs with foreign keys off (open.ts) and
// legacy_alter_table on, so the rename leaves the other tables' foreign keys naming "pairs"
// (they then point at the new table) and dropping the old one deletes nothing else.
// Never edit a migration once released; add a new one.
import type { Database } from 'better-sqlite3';

export function migrate006(db: Database): void {
  rebuildPairsWithProposed(db);
  db.exec(`
    -- One row per command that wrote: the unit of "ntm changes" and "ntm undo". uuid is the
    -- change set's identity beyond this file (a shared desk TM); id is what people type.
    CREATE TABLE change_sets (
      id       INTEGER PRIMARY KEY,
      uuid     TEXT    NOT NULL UNIQUE,
      command  TEXT    NOT NULL,
      by       TEXT    NOT NULL,
      at       TEXT    NOT NULL,
      pairs    INTEGER NOT NULL DEFAULT 0,
      undoes   INTEGER REFERENCES change_sets (id),
      detail   TEXT    CHECK (detail IS NULL OR json_valid(detail))
    ) STRICT;

    -- Which change set made each history row. Rows from before schema 6 have none.
    ALTER TABLE pair_history ADD COLUMN change_id INTEGER REFERENCES change_sets (id);
    CREATE INDEX pair_history_change ON pair_history (change_id) WHERE change_id IS NOT NULL;

    -- The desk's reviewers. None: every write is approved, as before schema 6.
    CREATE TABLE reviewers (
      name      TEXT NOT NULL PRIMARY KEY,
      added_by  TEXT NOT NULL,
      added_at  TEXT NOT NULL
    ) STRICT;

    -- The review queue, and the proposed pairs a lookup scores directly (they are not in the
    -- fuzzy index, which holds the desk's approved wording only).
    CREATE INDEX pairs_proposed ON pairs (id) WHERE status = 'proposed' AND deleted_at IS NULL;
  `);
}

const OLD_STATUS = "CHECK (status IN ('approved', 'forbidden'))";
const NEW_STATUS = "CHECK (status IN ('approved', 'proposed', 'forbidden'))";

function rebuildPairsWithProposed(db: Database): void {
  // With foreign keys on, the DROP below would delete every tag, history row and extra.
  if (db.pragma('foreign_keys', { simple: true }) !== 0) throw new Error('migration 006 must run with foreign keys off');
  const table = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'pairs'`).pluck().get() as string;
  if (!table.includes(OLD_STATUS)) throw new Error('migration 006: the pairs table is not as schema 5 made it');
  // Indexes and triggers on pairs, to be made again on the new table (autoindexes have no SQL).
  const dependents = db
    .prepare(`SELECT type, sql FROM sqlite_schema WHERE tbl_name = 'pairs' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type`)
    .all() as { type: string; sql: string }[];
  const legacy = db.pragma('legacy_alter_table', { simple: true }) as number;
  db.pragma('legacy_alter_table = ON');
  try {
    db.exec(`ALTER TABLE pairs RENAME TO pairs_before_006`);
  } finally {
    db.pragma(`legacy_alter_table = ${legacy ? 'ON' : 'OFF'}`);
  }
  db.exec(table.replace(OLD_STATUS, NEW_STATUS));
  db.exec(`INSERT INTO pairs SELECT * FROM pairs_before_006 ORDER BY id`);
  db.exec(`DROP TABLE pairs_before_006`);
  for (const d of dependents) db.exec(d.sql);
}
