// Fuzzy lookup against the stored sources (or targets with `reverse`), exact in recall.
//
// 1. Pairs the index does not cover yet (the backlog since its last sync) are scored
//    directly. 2. For the others, the index counts the padded bigram tokens each text in the
//    length window shares with the query (src/store/match-index.ts). The longest lists
//    (the commonest bigrams) may be left out, up to a limit: each one left out is counted as
//    shared by every text, which can only raise a count; the limit keeps texts that share
//    none of the counted tokens below --min (see `skippable`). 3. A count gives an
//    upper bound on the score (src/core/grams.ts: never too low). Candidates are scored in
//    order of that bound, best first, while the best `limit` found so far raise the floor;
//    scoring stops when the next bound is below the floor, since nothing left can enter.
//    4. Texts that share no counted token are bounded by their length and the tokens left
//    uncounted (below 50 unless the query repeats a bigram over 64 times, or tokens were
//    left out); they are read by length from the index only when the floor is that low.
// Every step drops a stored text only when its bound proves it cannot be in the result, so
// the result is the exhaustive scan's, which the tests check.
import type { Database, Statement } from 'better-sqlite3';
import { scoreUpperBound, tokensOf, type Tokens } from '../core/grams.js';
import { foldCase, norm } from '../core/normalize.js';
import { lengthWindow, rankExhaustive, scoreIfReachable, TopMatches, type Candidate, type Scored } from '../core/match.js';
import type { Match, Pair } from '../core/types.js';
import {
  MAX_COUNTED_ID,
  MAX_QUERY_TOKENS,
  countSharedTokens,
  indexedByLength,
  indexState,
  scratch,
  SOURCE_SIDE,
  TARGET_SIDE,
  type Side,
} from './match-index.js';
import { getPairs } from './pairs.js';

export interface LookupOptions {
  min: number;
  limit: number;
  /** Match the English side (en → nl) instead of the Dutch. */
  reverse?: boolean;
}

interface SideStatements {
  text: Statement;
  texts: Statement;
  backlog: Statement;
}

interface LookupStatements {
  pending: Statement;
  sides: [SideStatements, SideStatements];
}

const cache = new WeakMap<Database, LookupStatements>();

function statements(db: Database): LookupStatements {
  let s = cache.get(db);
  if (!s) {
    const side = (col: 'source' | 'target'): SideStatements => ({
      text: db
        .prepare(`SELECT ${col}_norm FROM pairs WHERE id = ? AND deleted_at IS NULL AND status = 'approved'`)
        .pluck(),
      texts: db
        .prepare(
          `SELECT p.id, p.${col}_norm FROM json_each(?) j JOIN pairs p ON p.id = j.value
           WHERE p.deleted_at IS NULL AND p.status = 'approved'`,
        )
        .raw(),
      backlog: db
        .prepare(
          `SELECT id, ${col}_norm FROM pairs
           WHERE (id > ? OR id IN (SELECT pair_id FROM match_pending))
             AND deleted_at IS NULL AND status = 'approved' AND ${col}_len BETWEEN ? AND ?`,
        )
        .raw(),
    });
    s = {
      pending: db.prepare(`SELECT pair_id FROM match_pending`).pluck(),
      sides: [side('source'), side('target')],
    };
    cache.set(db, s);
  }
  return s;
}

const NOT_A_CANDIDATE = 255;

/**
 * The share of `skippable` tokens a lookup leaves uncounted. Each one left out saves reading
 * its list (the commonest bigrams' lists are the longest) but raises every bound by one, so
 * more texts must be scored. Measured on 1M pairs at --min 70 (in-process p50, long
 * queries): none 39.6 ms, a fifth 33.4, a third 31.0, a half 25.7 but p99 84 → 155 ms.
 */
const SKIP_SHARE = 1 / 3;

/**
 * How many of the query's tokens a lookup can leave uncounted (counting each as shared by
 * every text) while a text that shares none of the counted ones still has a bound below
 * `min`. Beyond that, step 4 would have to read every text in the window by length: still
 * exact, since those bounds include the tokens left out, but slow.
 */
function skippable(L: number, lo: number, hi: number, min: number, uncounted: number, count: number): number {
  if (min <= 0) return 0;
  const fits = (s: number): boolean => {
    for (let len = lo; len <= hi; len++) if (scoreUpperBound(L, len, uncounted + s) >= min) return false;
    return true;
  };
  if (!fits(0)) return 0;
  let ok = 0;
  let bad = count + 1;
  while (bad - ok > 1) {
    const mid = (ok + bad) >> 1;
    if (fits(mid)) ok = mid;
    else bad = mid;
  }
  return ok;
}
let queryTokens: Tokens | undefined;

function rankIndexed(db: Database, q: string, o: LookupOptions, cacheable: boolean): Scored[] {
  if (o.limit <= 0) return [];
  const side: Side = o.reverse ? TARGET_SIDE : SOURCE_SIDE;
  const st = statements(db);
  const sst = st.sides[side];
  const top = new TopMatches(o);
  const L = q.length;
  const { lo, hi } = lengthWindow(L, o.min);
  const state = indexState(db);
  const { through } = state;

  // 1. The backlog: changed pairs and pairs newer than the index, scored directly.
  const pending = new Set(st.pending.all() as number[]);
  for (const [id, text] of sst.backlog.all(through, lo, hi) as [number, string][]) {
    const score = scoreIfReachable(q, text, top.floor);
    if (score !== null) top.offer({ id, score });
  }

  // 2. Shared token counts for every indexed text in the window.
  const tokens = (queryTokens = tokensOf(q, queryTokens));
  if (tokens.count >= MAX_QUERY_TOKENS || through >= MAX_COUNTED_ID) {
    return rankExhaustive(q, allCandidates(db, o.reverse ?? false), o);
  }
  try {
    const maxSkip = Math.floor(skippable(L, lo, hi, o.min, tokens.uncounted, tokens.count) * SKIP_SHARE);
    const extra = tokens.uncounted + countSharedTokens(db, side, tokens, lo, hi, state, cacheable, maxSkip);
    const { counts, lengths, touched, n } = scratch;

    // 3. Bucket the candidates by their upper bound (a counting sort, best first). Most
    //    fail the count filter (c ≥ m + 1 − 2k, the bound's own condition) at a glance.
    const slack = 100 - o.min;
    const bounds = new Uint8Array(n);
    const perBound = new Int32Array(101);
    for (let i = 0; i < n; i++) {
      const id = touched[i]!;
      const len = lengths[i]!;
      const m = len > L ? len : L;
      const c = counts[id]! + extra;
      if (c < m + 1 - 2 * Math.floor((m * slack) / 100) || pending.has(id)) {
        bounds[i] = NOT_A_CANDIDATE;
        continue;
      }
      const ub = scoreUpperBound(L, len, c);
      bounds[i] = ub;
      perBound[ub]!++;
    }
    const start = new Int32Array(101);
    let total = 0;
    for (let u = 100; u >= o.min; u--) {
      start[u] = total;
      total += perBound[u]!;
    }
    const order = new Int32Array(total);
    const at = start.slice();
    for (let i = 0; i < n; i++) if (bounds[i] !== NOT_A_CANDIDATE) order[at[bounds[i]!]!++] = touched[i]!;

    // 4. Texts sharing no token: their bound depends on their length only.
    const noTokenBound = (len: number): number => scoreUpperBound(L, len, extra);
    let noTokenBest = -1;
    if (o.min === 0) noTokenBest = 100;
    else for (let len = lo; len <= hi; len++) noTokenBest = Math.max(noTokenBest, noTokenBound(len));

    let batch = 8;
    const verify = (id: number): void => {
      const text = sst.text.get(id) as string | undefined;
      if (text === undefined) return;
      const score = scoreIfReachable(q, text, top.floor);
      if (score !== null) top.offer({ id, score });
    };
    for (let u = 100; u >= o.min && u >= top.floor; u--) {
      if (u === noTokenBest) {
        for (const [id, len] of indexedByLength(db, side, lo, hi)) {
          if (counts[id]! > 0 || pending.has(id) || noTokenBound(len) < top.floor) continue;
          verify(id);
        }
      }
      // Texts are read in batches (one statement each) that grow while the floor stays
      // low: a query with close matches reads a handful, one without reads many.
      const end = start[u]! + perBound[u]!;
      for (let i = start[u]!; i < end && u >= top.floor; ) {
        const ids = Array.from(order.subarray(i, Math.min(end, i + batch)));
        i += ids.length;
        batch = Math.min(batch * 2, 1024);
        for (const [id, text] of sst.texts.all(JSON.stringify(ids)) as [number, string][]) {
          const score = scoreIfReachable(q, text, top.floor);
          if (score !== null) top.offer({ id, score });
        }
      }
    }
  } finally {
    scratch.clear();
  }
  return top.results();
}

/** Every live approved source (or target): the input of the exhaustive reference scan. */
export function allCandidates(db: Database, reverse = false): Iterable<Candidate> {
  const col = reverse ? 'target' : 'source';
  return db
    .prepare(`SELECT id, ${col}_norm AS source FROM pairs WHERE deleted_at IS NULL AND status = 'approved'`)
    .iterate() as Iterable<Candidate>;
}

/** The ids and scores of the best matches for a query. */
export function findMatchIds(db: Database, query: string, o: LookupOptions): Scored[] {
  // One read transaction: the index state, the postings and the texts are one snapshot.
  // Posting lists are cached only for committed states: not inside a caller's transaction.
  const cacheable = !db.inTransaction;
  return db.transaction(() => rankIndexed(db, norm(query), o, cacheable))();
}

/** The same result computed by scoring every stored text: the reference for recall tests. */
export function findMatchIdsExhaustive(db: Database, query: string, o: LookupOptions): Scored[] {
  return rankExhaustive(norm(query), allCandidates(db, o.reverse ?? false), o);
}

/** The best matches for a query, with their pairs. */
export function findMatches(db: Database, query: string, o: LookupOptions): Match[] {
  const scored = findMatchIds(db, query, o);
  const pairs = new Map(getPairs(db, scored.map((s) => s.id)).map((p) => [p.id, p] as const));
  return scored.flatMap((s) => {
    const pair = pairs.get(s.id);
    return pair ? [{ pair, score: s.score }] : [];
  });
}

export interface ConcordanceOptions {
  /** Search the English side instead of the Dutch. */
  target?: boolean;
  limit: number;
}

/** Live pairs whose source (or target) contains the phrase, case-insensitively, newest first. */
export function concordance(db: Database, phrase: string, o: ConcordanceOptions): Pair[] {
  const col = o.target ? 'target_norm' : 'source_norm';
  const rows = db
    .prepare(
      `SELECT id FROM pairs WHERE deleted_at IS NULL AND ntm_contains(${col}, ?)
       ORDER BY approved_at DESC, id DESC LIMIT ?`,
    )
    .all(foldCase(norm(phrase)), o.limit) as { id: number }[];
  return getPairs(
    db,
    rows.map((r) => r.id),
  );
}

export interface Stats {
  pairs: number;
  segments: number;
  terms: number;
  approved: number;
  forbidden: number;
  deleted: number;
  conflicts: number;
  schemaVersion: number;
}

/** Dutch segments with more than one approved English (terms may have several by design). */
export function countConflicts(db: Database): number {
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM (SELECT 1 FROM pairs
         WHERE deleted_at IS NULL AND status = 'approved' AND kind = 'segment'
         GROUP BY source_norm HAVING count(*) > 1)`,
      )
      .get() as { n: number }
  ).n;
}

/** Counts for `ntm stats`. */
export function stats(db: Database): Stats {
  const row = db
    .prepare(
      `SELECT
         count(*) FILTER (WHERE deleted_at IS NULL) AS pairs,
         count(*) FILTER (WHERE deleted_at IS NULL AND kind = 'segment') AS segments,
         count(*) FILTER (WHERE deleted_at IS NULL AND kind = 'term') AS terms,
         count(*) FILTER (WHERE deleted_at IS NULL AND status = 'approved') AS approved,
         count(*) FILTER (WHERE deleted_at IS NULL AND status = 'forbidden') AS forbidden,
         count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted
       FROM pairs`,
    )
    .get() as Omit<Stats, 'conflicts' | 'schemaVersion'>;
  const conflicts = countConflicts(db);
  return { ...row, conflicts, schemaVersion: db.pragma('user_version', { simple: true }) as number };
}
