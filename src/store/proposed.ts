// Proposed pairs in a lookup. The fuzzy index holds the desk's approved wording only (check,
// pretranslate and analyze use nothing else), so a lookup scores the proposed pairs directly
// — a review queue, small next to the TM — and shows them after approved ones of the same
// score. Exact in recall like the rest: every proposed text in the length window is scored.
import type { Database } from 'better-sqlite3';
import { norm } from '../core/normalize.js';
import { compareScored, lengthWindow, scoreIfReachable, TopMatches, type Scored } from '../core/match.js';
import type { Match } from '../core/types.js';
import { findMatches, type LookupOptions } from './lookup.js';
import { getPairs } from './pairs.js';

/** The best proposed pairs for a query (ids and scores). */
export function proposedMatchIds(db: Database, query: string, o: LookupOptions): Scored[] {
  const q = norm(query);
  const col = o.reverse ? 'target' : 'source';
  const { lo, hi } = lengthWindow(q.length, o.min);
  const top = new TopMatches({ min: o.min, limit: o.limit });
  const rows = db
    .prepare(
      `SELECT id, ${col}_norm FROM pairs
       WHERE status = 'proposed' AND deleted_at IS NULL AND ${col}_len BETWEEN ? AND ?`,
    )
    .raw()
    .iterate(lo, hi) as Iterable<[number, string]>;
  for (const [id, text] of rows) {
    const score = scoreIfReachable(q, text, top.floor);
    if (score !== null) top.offer({ id, score });
  }
  return top.results();
}

/**
 * What a person looking up sees: the best approved and proposed matches together, best
 * score first and, at equal score, approved before proposed.
 */
export function lookupMatches(db: Database, query: string, o: LookupOptions): Match[] {
  const approved = findMatches(db, query, o);
  const proposedIds = proposedMatchIds(db, query, o);
  if (proposedIds.length === 0) return approved;
  const scores = new Map(proposedIds.map((s) => [s.id, s.score]));
  const proposed = getPairs(db, proposedIds.map((s) => s.id)).map((pair) => ({ pair, score: scores.get(pair.id)! }));
  const rank = (m: Match) => (m.pair.status === 'approved' ? 0 : 1);
  return [...approved, ...proposed]
    .sort((a, b) => b.score - a.score || rank(a) - rank(b) || compareScored({ id: a.pair.id, score: 0 }, { id: b.pair.id, score: 0 }))
    .slice(0, o.limit);
}
