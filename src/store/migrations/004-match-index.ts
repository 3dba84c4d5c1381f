// Schema 4: the candidate index for fuzzy lookup (src/store/match-index/ explains it).
// Never edit a migration once released; add a new one. (One change since: it used to fill the
// index by calling the index's own code, which later versions change; now it only creates the
// tables, empty, and the index is built after migrating, by the ntm that migrates: see
// rebuildStaleMatchIndex in src/store/open.ts. An empty index covering no pair is exact:
// lookups score the pairs it does not cover directly.)
import type { Database } from 'better-sqlite3';

export function migrate004(db: Database): void {
  db.exec(`
    -- Posting lists of padded bigram tokens; the key packs side, token, length band, chunk.
    CREATE TABLE match_postings (
      key  INTEGER PRIMARY KEY,
      ids  BLOB    NOT NULL
    ) STRICT;

    -- The index covers pairs with id <= indexed_through, except those in match_pending.
    -- generation changes whenever posting lists do (for caches).
    CREATE TABLE match_state (
      id               INTEGER PRIMARY KEY CHECK (id = 1),
      indexed_through  INTEGER NOT NULL,
      generation       INTEGER NOT NULL
    ) STRICT;
    INSERT INTO match_state (id, indexed_through, generation) VALUES (1, 0, 0);

    -- Covered pairs changed since the last sync, with the texts the index still holds for
    -- them (indexed = 1 when it holds any). Only the first change is kept: that is what the
    -- index reflects. Lookups score these pairs directly until the next sync.
    CREATE TABLE match_pending (
      pair_id      INTEGER PRIMARY KEY,
      source_norm  TEXT,
      target_norm  TEXT,
      indexed      INTEGER NOT NULL
    ) STRICT;

    -- Triggers, not application code, log the changes: whatever writes to pairs (any
    -- command, any later version, the sqlite3 shell), lookups stay exact.
    CREATE TRIGGER pairs_match_insert AFTER INSERT ON pairs
    WHEN new.id <= (SELECT indexed_through FROM match_state WHERE id = 1)
    BEGIN
      INSERT OR IGNORE INTO match_pending (pair_id, source_norm, target_norm, indexed) VALUES (new.id, NULL, NULL, 0);
    END;

    CREATE TRIGGER pairs_match_update AFTER UPDATE OF id, source_norm, target_norm, status, deleted_at ON pairs
    WHEN old.id <= (SELECT indexed_through FROM match_state WHERE id = 1)
      OR new.id <= (SELECT indexed_through FROM match_state WHERE id = 1)
    BEGIN
      INSERT OR IGNORE INTO match_pending (pair_id, source_norm, target_norm, indexed)
        SELECT old.id, old.source_norm, old.target_norm, old.deleted_at IS NULL AND old.status = 'approved'
        WHERE old.id <= (SELECT indexed_through FROM match_state WHERE id = 1);
      INSERT OR IGNORE INTO match_pending (pair_id, source_norm, target_norm, indexed)
        SELECT new.id, NULL, NULL, 0
        WHERE new.id <> old.id AND new.id <= (SELECT indexed_through FROM match_state WHERE id = 1);
    END;

    CREATE TRIGGER pairs_match_delete AFTER DELETE ON pairs
    WHEN old.id <= (SELECT indexed_through FROM match_state WHERE id = 1)
    BEGIN
      INSERT OR IGNORE INTO match_pending (pair_id, source_norm, target_norm, indexed)
        VALUES (old.id, old.source_norm, old.target_norm, old.deleted_at IS NULL AND old.status = 'approved');
    END;

    -- The length window is now read from the index's length bands.
    DROP INDEX pairs_len;
    DROP INDEX pairs_target_len;
  `);
}
