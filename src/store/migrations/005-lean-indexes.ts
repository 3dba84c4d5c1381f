// Schema 5: two indexes fewer on pairs. Every query that looked a text up by source_norm
// (or target_norm) alone also names the kind and asks for live pairs, so the unique index on
// live (kind, source_norm, target_norm) answers it: with the kind fixed, or with
// `kind IN ('segment', 'term')`, it is sorted by source. The two single-column indexes only
// cost: each text stored twice more, and a large import spent a quarter of its time
// rebuilding them. Never edit a migration once released; add a new one.
import type { Database } from 'better-sqlite3';

export function migrate005(db: Database): void {
  db.exec(`
    DROP INDEX IF EXISTS pairs_source;
    DROP INDEX IF EXISTS pairs_target;
  `);
}
