// Proposed (and, when asked for, forbidden) pairs in a lookup. The fuzzy index holds the
// desk's approved wording only (check, pretranslate and analyze use nothing else), so a
// lookup scores these pairs directly — a review queue and the rejected renderings of terms,
// small next to the TM — and shows them after approved ones of the same score. Exact in
// recall like the rest: every such text in the length window is scored.
import type { Database, Statement } from 'better-sqlite3';
import { norm } from '../core/normalize.js';
import { lengthWindow, scoreIfReachable, TopMatches, type Scored } from '../core/match.js';
import type { LookupOptions } from './lookup.js';

const statements = new WeakMap<Database, Map<string, Statement>>();

/** The best pairs of one status other than approved for a query (ids and scores); a filter's `admit` is honoured. */
export function proposedMatchIds(db: Database, query: string, o: LookupOptions, status: 'proposed' | 'forbidden' = 'proposed'): Scored[] {
  const q = norm(query);
  const col = o.reverse ? 'target' : 'source';
  const { lo, hi } = lengthWindow(q.length, o.min);
  const top = new TopMatches({ min: o.min, limit: o.limit });
  // The status as a literal: the partial index of proposed pairs is used only then.
  const key = `${status === 'forbidden' ? 'forbidden' : 'proposed'}:${col}`;
  let byKey = statements.get(db);
  if (!byKey) statements.set(db, (byKey = new Map()));
  let st = byKey.get(key);
  if (!st) {
    st = db.prepare(`SELECT id, ${col}_norm FROM pairs WHERE status = '${key.split(':')[0]}' AND deleted_at IS NULL AND ${col}_len BETWEEN ? AND ?`).raw();
    byKey.set(key, st);
  }
  const rows = st.iterate(lo, hi) as Iterable<[number, string]>;
  for (const [id, text] of rows) {
    if (o.admit && !o.admit(id)) continue;
    const score = scoreIfReachable(q, text, top.floor);
    if (score !== null) top.offer({ id, score });
  }
  return top.results();
}
