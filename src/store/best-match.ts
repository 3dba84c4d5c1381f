// Best matches for the article workflow, exact ones first: a 100 % match is found through the
// index on the normalised source, and then no fuzzy scan is needed. Lossless: a score of 100
// means identical after norm, so the exact rows are exactly the matches scoring 100.
import type { Database, Statement } from 'better-sqlite3';
import { norm } from '../core/normalize.js';
import type { Match } from '../core/types.js';
import { findMatches, type LookupOptions } from './lookup.js';
import { getPairs } from './pairs.js';

const exactStatements = new WeakMap<Database, Statement>();

/** Live approved pairs whose source equals the query after norm, newest first (as ranking orders ties). */
function exactMatches(db: Database, query: string, limit: number): Match[] {
  let st = exactStatements.get(db);
  if (!st) {
    st = db.prepare(
      // Both kinds named: the unique index on live (kind, source_norm, target_norm) finds them.
      `SELECT id FROM pairs WHERE kind IN ('segment', 'term') AND source_norm = ? AND deleted_at IS NULL AND status = 'approved'
       ORDER BY id DESC LIMIT ?`,
    );
    exactStatements.set(db, st);
  }
  const ids = (st.all(norm(query), limit) as { id: number }[]).map((r) => r.id);
  return getPairs(db, ids).map((pair) => ({ pair, score: 100 }));
}

/**
 * The best matches for a segment (Dutch side). When it has exact matches, only those are
 * returned (up to `exactLimit`, default `limit`): the fuzzy ones could only rank below them.
 */
export function bestMatches(
  db: Database,
  query: string,
  o: Omit<LookupOptions, 'reverse'> & { exactLimit?: number },
): Match[] {
  const exact = exactMatches(db, query, o.exactLimit ?? o.limit);
  if (exact.length > 0) return exact;
  return findMatches(db, query, { min: o.min, limit: o.limit, near: o.near });
}
