// The prepared statements of the index, one set per open database.
import type { Database, Statement } from 'better-sqlite3';

/** The statements every part of the index uses. */
export interface Statements {
  state: Statement;
  setState: Statement;
  maxId: Statement;
  pendingCount: Statement;
  pending: Statement;
  clearPending: Statement;
  toIndex: Statement;
  chunks: Statement;
  chunkSizes: Statement;
  putChunk: Statement;
  newChunk: Statement;
  dropChunk: Statement;
  scanRange: Statement;
  scanRanges: Statement;
  sizeRanges: Statement;
}

const cache = new WeakMap<Database, Statements>();

/** The statements of `db`, prepared on first use. */
export function statements(db: Database): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      state: db.prepare(`SELECT indexed_through AS through, generation, format FROM match_state WHERE id = 1`),
      setState: db.prepare(`UPDATE match_state SET indexed_through = ?, generation = generation + 1 WHERE id = 1`),
      maxId: db.prepare(`SELECT coalesce(max(id), 0) FROM pairs`).pluck(),
      pendingCount: db.prepare(`SELECT count(*) FROM match_pending`).pluck(),
      pending: db.prepare(`SELECT pair_id AS id, source_norm AS source, target_norm AS target, indexed FROM match_pending`),
      clearPending: db.prepare(`DELETE FROM match_pending`),
      toIndex: db
        .prepare(
          `SELECT id, source_norm, target_norm FROM pairs
           WHERE id > ? AND (id > ? OR id IN (SELECT pair_id FROM match_pending))
             AND deleted_at IS NULL AND status = 'approved'
           ORDER BY id LIMIT ?`,
        )
        .raw(),
      chunks: db.prepare(`SELECT key, ids FROM match_postings WHERE key BETWEEN ? AND ? ORDER BY key`).raw(),
      chunkSizes: db.prepare(`SELECT key, length(ids) FROM match_postings WHERE key BETWEEN ? AND ? ORDER BY key`).raw(),
      putChunk: db.prepare(`INSERT OR REPLACE INTO match_postings (key, ids) VALUES (?, ?)`),
      newChunk: db.prepare(`INSERT OR IGNORE INTO match_postings (key, ids) VALUES (?, ?)`),
      dropChunk: db.prepare(`DELETE FROM match_postings WHERE key = ?`),
      scanRange: db.prepare(`SELECT key, ids FROM match_postings WHERE key BETWEEN ? AND ? OR key BETWEEN ? AND ?`).raw(),
      scanRanges: db.prepare(`SELECT p.key, p.ids FROM json_each(?) r JOIN match_postings p ON p.key BETWEEN r.value ->> 0 AND r.value ->> 1`).raw(),
      // length() of a blob reads its size from the record, not its pages.
      sizeRanges: db.prepare(`SELECT p.key, length(p.ids) FROM json_each(?) r JOIN match_postings p ON p.key BETWEEN r.value ->> 0 AND r.value ->> 1`).raw(),
    };
    cache.set(db, s);
  }
  return s;
}
