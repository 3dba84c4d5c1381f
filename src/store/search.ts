// What a person looking a sentence up sees from one TM: the best approved and proposed
// matches together (or the statuses a filter asks for), exact in recall over the pairs the
// filter admits, with in-context and conflicting 100 % matches marked. `ntm lookup`, its
// prompt and `ntm serve` all look up through here; reference TMs too (store/reference.ts).
import type { Database, Statement } from 'better-sqlite3';
import { isEmptyFilter, type PairFilter } from '../core/filter.js';
import { compareMatches, lengthWindow, scoreIfReachable, TopMatches, type Scored } from '../core/match.js';
import { norm } from '../core/normalize.js';
import type { Match, PairStatus } from '../core/types.js';
import { inContext } from './context.js';
import { filterAdmits, filterSql } from './filter.js';
import { findMatchIds, type LookupOptions } from './lookup.js';
import { getPairs } from './pairs.js';
import { proposedMatchIds } from './proposed.js';

export interface SearchOptions {
  min: number;
  limit: number;
  /** Match the English side (en → nl). */
  reverse?: boolean;
  /** Only pairs this admits (article, approver, tag, date, status). */
  filter?: PairFilter;
  /** The Dutch sentence before the query (its context): a 100 % match approved after it is an in-context match. */
  prev?: string | null;
}

/** How a TM can be searched: through its fuzzy index, and with its stored contexts (a reference TM of another schema has neither). */
export interface SearchAbility {
  indexed: boolean;
  contexts: boolean;
}

const FULL: SearchAbility = { indexed: true, contexts: true };

/** The most 100 % matches of one sentence considered for context and conflicts (far more than any real TM holds). */
const EXACT_LIMIT = 1000;

/**
 * The best matches for a query in one TM, best first (compareMatches). Approved pairs come
 * from the fuzzy index, other statuses are scored directly; all 100 % matches are read by
 * their normalised source, so that ranking the in-context one first never loses it to the
 * --limit cut.
 */
export function searchTm(db: Database, query: string, o: SearchOptions, can: SearchAbility = FULL): Match[] {
  const statuses: PairStatus[] = o.filter?.status ? [o.filter.status] : ['approved', 'proposed'];
  const admit = filterAdmits(db, o.filter);
  const base: LookupOptions = { min: o.min, limit: o.limit, reverse: o.reverse, admit };
  const scored: Scored[] = [];
  for (const status of statuses) {
    if (status === 'approved') scored.push(...(can.indexed ? findMatchIds(db, query, base) : scanMatchIds(db, query, o, status)));
    else scored.push(...(can.indexed ? proposedMatchIds(db, query, base, status) : scanMatchIds(db, query, o, status)));
  }
  const score = new Map(scored.map((s) => [s.id, s.score]));
  let contexts = new Set<number>();
  let conflict = false;
  if (!o.reverse) {
    const exact = exactRows(db, norm(query), statuses).filter((r) => !admit || admit(r.id));
    for (const r of exact) score.set(r.id, 100);
    // Terms may have several approved renderings by design; a sentence with several is a conflict.
    conflict = new Set(exact.filter((r) => r.status === 'approved' && r.kind === 'segment').map((r) => r.target)).size > 1;
    if (o.prev && can.contexts)
      contexts = inContext(
        db,
        exact.map((r) => r.id),
        o.prev,
      );
  }
  const matches = getPairs(db, [...score.keys()]).map((pair): Match => {
    const m: Match = { pair, score: score.get(pair.id)! };
    if (!o.reverse) m.context = contexts.has(pair.id);
    if (!o.reverse) m.conflict = m.score === 100 && conflict && pair.kind === 'segment' && pair.status === 'approved';
    return m;
  });
  return matches.sort(compareMatches).slice(0, o.limit);
}

interface ExactRow {
  id: number;
  kind: string;
  status: PairStatus;
  target: string;
}

const statementCache = new WeakMap<Database, Map<string, Statement>>();

/** A statement prepared once per connection (a server looks up many times). */
function prepared(db: Database, sql: string): Statement {
  let m = statementCache.get(db);
  if (!m) statementCache.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

/** Live pairs of the given statuses whose source equals the query after norm. */
/** The SQL of the stored pairs whose Dutch equals a query (its normal form, then the statuses as parameters). */
export function exactRowsSql(statuses: readonly PairStatus[]): string {
  // Both kinds named: the unique index of live pairs leads with the kind, and without it
  // SQLite reads every pair of the TM in id order to honour ORDER BY … LIMIT.
  return `SELECT id, kind, status, target_norm AS target FROM pairs
          WHERE kind IN ('segment', 'term') AND source_norm = ? AND deleted_at IS NULL AND status IN (${statuses.map(() => '?').join(', ')})
          ORDER BY id DESC LIMIT ${EXACT_LIMIT}`;
}

function exactRows(db: Database, q: string, statuses: readonly PairStatus[]): ExactRow[] {
  return prepared(db, exactRowsSql(statuses)).all(q, ...statuses) as ExactRow[];
}

// Statuses as SQL literals (never user text): a partial index on live approved pairs by
// length is used only when the query names the status literally.
const STATUS_SQL: Record<PairStatus, string> = { approved: 'approved', proposed: 'proposed', forbidden: 'forbidden' };

/**
 * The best pairs of one status scored one by one over the length window, the filter in SQL:
 * for a TM whose index this ntm cannot read (a reference TM of another schema). Exact in
 * recall, slower on a large TM.
 */
function scanMatchIds(db: Database, query: string, o: SearchOptions, status: PairStatus): Scored[] {
  const q = norm(query);
  const col = o.reverse ? 'target' : 'source';
  const { lo, hi } = lengthWindow(q.length, o.min);
  const { where, args } = filterSql(isEmptyFilter(o.filter) ? undefined : { ...o.filter, status: undefined });
  const top = new TopMatches({ min: o.min, limit: o.limit });
  const rows = prepared(
    db,
    `SELECT p.id, p.${col}_norm FROM pairs p
     WHERE p.status = '${STATUS_SQL[status]}' AND p.deleted_at IS NULL AND p.${col}_len BETWEEN ? AND ?${where.map((w) => ` AND ${w}`).join('')}`,
  )
    .raw()
    .iterate(lo, hi, ...args) as Iterable<[number, string]>;
  for (const [id, text] of rows) {
    const s = scoreIfReachable(q, text, top.floor);
    if (s !== null) top.offer({ id, score: s });
  }
  return top.results();
}
