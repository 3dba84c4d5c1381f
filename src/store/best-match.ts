// Best matches for the article workflow, exact ones first: a 100 % match is found through the
// index on the normalised source, and then no fuzzy scan is needed. Lossless: a score of 100
// means identical after norm, so the exact rows are exactly the matches scoring 100. Given
// the segment's previous sentence, the exact match approved after that same sentence comes
// first (an in-context match).
import type { Database, Statement } from 'better-sqlite3';
import { norm } from '../core/normalize.js';
import type { Match } from '../core/types.js';
import { findMatches, type LookupOptions } from './lookup.js';
import { getPairs } from './pairs.js';

interface ExactStatements {
  plain: Statement;
  inContext: Statement;
}

const exactStatements = new WeakMap<Database, ExactStatements>();

// Both kinds named: the unique index on live (kind, source_norm, target_norm) finds them.
const EXACT = `SELECT id, EXISTS (SELECT 1 FROM pair_contexts c WHERE c.pair_id = pairs.id AND c.prev_norm = ?) AS context
               FROM pairs WHERE kind IN ('segment', 'term') AND source_norm = ? AND deleted_at IS NULL AND status = 'approved'`;

/**
 * Live approved pairs whose source equals the query after norm: in context first (with a
 * previous sentence), then newest first (as ranking orders ties).
 */
function exactMatches(db: Database, query: string, limit: number, prev: string | null): Match[] {
  let st = exactStatements.get(db);
  if (!st) {
    st = {
      plain: db.prepare(`${EXACT} ORDER BY id DESC LIMIT ?`),
      inContext: db.prepare(`${EXACT} ORDER BY context DESC, id DESC LIMIT ?`),
    };
    exactStatements.set(db, st);
  }
  const p = prev === null ? '' : norm(prev);
  const rows = (p === '' ? st.plain : st.inContext).all(p, norm(query), limit) as { id: number; context: number }[];
  const context = new Map(rows.map((r) => [r.id, r.context === 1]));
  return getPairs(
    db,
    rows.map((r) => r.id),
  ).map((pair) => ({ pair, score: 100, context: context.get(pair.id) ?? false }));
}

/**
 * The best matches for a segment (Dutch side). When it has exact matches, only those are
 * returned (up to `exactLimit`, default `limit`): the fuzzy ones could only rank below them.
 * `prev`: the sentence before the segment in its article.
 */
export function bestMatches(db: Database, query: string, o: Omit<LookupOptions, 'reverse'> & { exactLimit?: number; prev?: string | null }): Match[] {
  const exact = exactMatches(db, query, o.exactLimit ?? o.limit, o.prev ?? null);
  if (exact.length > 0) return exact;
  return findMatches(db, query, { min: o.min, limit: o.limit, near: o.near });
}
