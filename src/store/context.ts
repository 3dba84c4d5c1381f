// In-context (ICE) matches: the Dutch sentence that came before a pair where it was approved,
// kept per pair (pair_contexts, schema 10). When a sentence has several 100 % matches, the one
// approved after the same previous sentence as the query's is the one that fits.
import type { Database, Statement } from 'better-sqlite3';
import { norm } from '../core/normalize.js';

interface ContextStatements {
  insert: Statement;
  among: Statement;
  of: Statement;
}

const cache = new WeakMap<Database, ContextStatements>();

function statements(db: Database): ContextStatements {
  let s = cache.get(db);
  if (!s) {
    s = {
      insert: db.prepare(`INSERT OR IGNORE INTO pair_contexts (pair_id, prev_norm) VALUES (?, ?)`),
      among: db.prepare(`SELECT c.pair_id FROM json_each(?) j JOIN pair_contexts c ON c.pair_id = j.value AND c.prev_norm = ?`).pluck(),
      of: db.prepare(`SELECT prev_norm FROM pair_contexts WHERE pair_id = ? ORDER BY prev_norm`).pluck(),
    };
    cache.set(db, s);
  }
  return s;
}

/** Records that pair `id` was approved after the sentence `prev` (nothing for none or an empty one). */
export function recordContext(db: Database, id: number, prev: string | null | undefined): void {
  if (prev === null || prev === undefined) return;
  const p = norm(prev);
  if (p.length > 0) statements(db).insert.run(id, p);
}

/** Of the pairs `ids`, those approved after the sentence `prev`. */
export function inContext(db: Database, ids: readonly number[], prev: string): Set<number> {
  const p = norm(prev);
  if (ids.length === 0 || p.length === 0) return new Set();
  return new Set(statements(db).among.all(JSON.stringify(ids), p) as number[]);
}

/** The sentences pair `id` was approved after, in the order recorded. */
export function contextsOf(db: Database, id: number): string[] {
  return statements(db).of.all(id) as string[];
}
