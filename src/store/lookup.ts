// Fuzzy lookup against the stored sources (or targets with `reverse`), exact in recall.
//
// 1. Pairs the index does not cover yet (the backlog since its last sync) are scored
//    directly. 2. For the others, the index gives an upper bound on the padded bigram
//    positions each text in the length window can share with the query
//    (src/store/match-index/, src/core/grams.ts). The longest lists (the commonest bigrams)
//    may be left out, up to a limit: each one left out counts as fully shared by every
//    text, which can only raise a count; the limit keeps texts that share none of the
//    counted bigrams below --min (see `skippable`). 3. A count gives an upper bound on the
//    score (never too low). Candidates are taken in order of that bound, best first, while
//    the best `limit` found so far raise the floor; a candidate's text is first checked
//    against a sharper lower bound on its distance (src/core/positional.ts) and scored only
//    if that leaves it a chance; taking candidates stops when the next bound is below the
//    floor, since nothing left can enter. 4. Texts that share no counted bigram are bounded
//    by their length and the bigrams left uncounted (below 50 unless bigrams were left
//    out); they are read by length from the index only when the floor is that low.
// Every step drops a stored text only when its bound proves it cannot be in the result, so
// the result is the exhaustive scan's, which the tests check. (Near mode, for analyze's
// estimate, adds a bounded guess below --min; see LookupOptions.near.)
import type { Database, Statement } from 'better-sqlite3';
import { bigramsOf, scoreUpperBound, type Bigrams } from '../core/grams.js';
import { PositionalQuery } from '../core/positional.js';
import { maxDistance } from '../core/score.js';
import { StoreError } from '../core/errors.js';
import { norm } from '../core/normalize.js';
import { lengthWindow, rankExhaustive, scoreIfReachable, TopMatches, type Candidate, type Scored } from '../core/match.js';
import type { Match } from '../core/types.js';
import {
  MAX_COUNTED_ID,
  MAX_QUERY_TOKENS,
  POSTING_FORMAT,
  countSharedTokens,
  gramWeight,
  rarestGrams,
  indexedByLength,
  indexState,
  scratch,
  SOURCE_SIDE,
  TARGET_SIDE,
  type Side,
} from './match-index/index.js';
import { getPairs } from './pairs.js';

export interface LookupOptions {
  min: number;
  limit: number;
  /** Match the English side (en → nl) instead of the Dutch. */
  reverse?: boolean;
  /**
   * Also look below `min`, down to `near.min`, but not exhaustively: of the texts that cannot
   * reach `min`, only the `near.budget` that share the largest part of their bigrams with the
   * query are scored, and texts of a length outside `min`'s window are counted for the
   * query's rarest bigrams only (NEAR_TOKEN_SHARE). A text scoring from `near.min` to `min`
   * may be missed; every score ≥ `min` stays exact (its window, its counts and its bounds are
   * those of a lookup without `near`). For estimates that must be quick (analyze's 50–74
   * band), never for lookups.
   */
  near?: { min: number; budget: number };
  /**
   * A filter (`--ref`, `--by`, `--tag`, …): only pairs it admits can be results. The lookup
   * consults it before it reads or scores a text, wherever a pair enters the ranking (the
   * backlog, the probe, the buckets, the texts sharing no bigram, the exhaustive fallback), so
   * the floor rises with admitted pairs alone and the result is the exhaustive scan's over them.
   */
  admit?: (id: number) => boolean;
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
      text: db.prepare(`SELECT ${col}_norm FROM pairs WHERE id = ? AND deleted_at IS NULL AND status = 'approved'`).pluck(),
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

/** Texts checked against the positional bound before a lookup judges whether it pays. */
const POSITIONAL_TRIAL = 64;

/** Bigrams the probe counts (the query's rarest), and texts it scores per result asked for. */
const PROBE_GRAMS = 12;
const PROBE_PER_RESULT = 3;

/** The `howMany` touched pairs with the highest counts (at least 2), from scratch. */
function probePicks(howMany: number): number[] {
  const { counts, touched, n } = scratch;
  const best: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = touched[i]!;
    // Stored plus one (see scratch): a count of at least 2 is 3 here; the order is the same.
    const c = counts[id]!;
    if (c < 3) continue;
    if (best.length === howMany && c <= counts[best[best.length - 1]!]!) continue;
    let at = best.length;
    while (at > 0 && counts[best[at - 1]!]! < c) at--;
    best.splice(at, 0, id);
    if (best.length > howMany) best.pop();
  }
  return best;
}

/**
 * Near mode counts texts of lengths outside the window for this share of the query's distinct
 * bigrams, the rarest first (their lists are short), and scales the count up. Measured on 100k real
 * pairs, 400 queries with a best match of 50–74 % (half edited words, half cut or extended
 * sentences): the estimate found the same best match for 378 and a match in the band for 7,
 * at 4 ms a query; a half found 391 and 2 at 5 ms, but costs 15 % more on 1M pairs.
 */
const NEAR_TOKEN_SHARE = 1 / 4;

/**
 * The share of `skippable` count a lookup may leave unread. Each bigram left out saves
 * reading its list (the commonest bigrams' lists are the longest) but raises every bound by
 * what it could add, so more texts must be checked. Measured on 1M pairs at --min 70 (in-process p50, long
 * queries): none 39.6 ms, a fifth 33.4, a third 31.0, a half 25.7 but p99 84 → 155 ms.
 */
const SKIP_SHARE = 1 / 3;

/**
 * How much count a lookup can leave unread (counting it as shared by every text) while a
 * text that shares none of the counted bigrams still has a bound below `min`. Beyond that, step 4 would have to read every text in the window by length: still
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
let queryBigrams: Bigrams | undefined;

function rankIndexed(db: Database, q: string, o: LookupOptions, cacheable: boolean): Scored[] {
  if (o.limit <= 0) return [];
  const side: Side = o.reverse ? TARGET_SIDE : SOURCE_SIDE;
  const st = statements(db);
  const sst = st.sides[side];
  // Near mode keeps scores down to near.min; pruning for the exact part stays at o.min.
  const lowest = o.near ? Math.min(o.near.min, o.min) : o.min;
  const top = new TopMatches({ min: lowest, limit: o.limit });
  const exactFloor = (): number => Math.max(top.floor, o.min);
  const L = q.length;
  const window = lengthWindow(L, o.min);
  // Near mode also ranks texts of lengths that can only reach near.min.
  const wide = o.near ? lengthWindow(L, lowest) : window;
  const state = indexState(db);
  if (state.format !== POSTING_FORMAT) {
    // Lists written by another version of ntm since this TM was opened: never read them.
    throw new StoreError('The lookup index of this translation memory was written by another version of ntm; run "ntm doctor --repair" to rebuild it.');
  }
  const { through } = state;
  const admit = o.admit;

  // 1. The backlog: changed pairs and pairs newer than the index, scored directly.
  const pending = new Set(st.pending.all() as number[]);
  for (const [id, text] of sst.backlog.all(through, wide.lo, wide.hi) as [number, string][]) {
    if (admit && !admit(id)) continue;
    const score = scoreIfReachable(q, text, top.floor);
    if (score !== null) top.offer({ id, score });
  }

  // 2. Shared bigram counts for every indexed text in the window.
  if (L + 1 >= MAX_QUERY_TOKENS || through >= MAX_COUNTED_ID) {
    return rankExhaustive(q, admitted(allCandidates(db, o.reverse ?? false), admit), { min: lowest, limit: o.limit });
  }
  const query = (queryBigrams = bigramsOf(q, queryBigrams));
  // Texts the index could not rule out are checked against the positional bound first
  // (much cheaper than their distance, and for unrelated texts much sharper).
  // At a low floor (50 %) the bound rules out few texts and costs almost what their
  // distance does: a lookup stops using it once it has ruled out fewer than half of them.
  let positional: PositionalQuery | undefined;
  let bounded = 0;
  let ruledOut = 0;
  const probed = new Set<number>();
  const check = (id: number, text: string): void => {
    if (probed.has(id)) return;
    const floor = top.floor;
    if (bounded < POSITIONAL_TRIAL || 2 * ruledOut >= bounded) {
      const k = maxDistance(L > text.length ? L : text.length, floor);
      bounded++;
      if ((positional ??= new PositionalQuery(q)).lowerBound(text, k) > k) {
        ruledOut++;
        return;
      }
    }
    const score = scoreIfReachable(q, text, floor);
    if (score !== null) top.offer({ id, score });
  };
  try {
    // 2a. A probe: counted on the query's rarest bigrams alone, the texts that share most
    //     of them are usually its closest stored texts when it repeats one. Scoring a few
    //     first fills the result, whose floor then narrows the length window and the
    //     counting of step 2 (a floor of 90 instead of 70 reads a third of the lengths).
    //     It reads the lists of the whole window first (rarestGrams ranks the bigrams by
    //     their sizes): for a new sentence the probe finds nothing, and the count after it
    //     needs those same lists.
    if (!o.near) {
      const rare = rarestGrams(db, side, query, window.lo, window.hi, PROBE_GRAMS, state, cacheable);
      countSharedTokens(db, side, query, q, window.lo, window.hi, o.min, state, cacheable, 0, undefined, rare);
      const picks = probePicks(o.limit * PROBE_PER_RESULT);
      scratch.clear();
      if (picks.length > 0) {
        for (const [id, text] of sst.texts.all(JSON.stringify(picks)) as [number, string][]) {
          if (pending.has(id) || (admit && !admit(id))) continue;
          check(id, text);
          probed.add(id);
        }
      }
    }
    // 2b. Only texts that can reach the floor matter from here on.
    const min = Math.max(o.min, top.floor);
    const { lo, hi } = lengthWindow(L, min);
    const maxSkip = Math.floor(skippable(L, lo, hi, min, 0, L + 1) * SKIP_SHARE);
    const outer = o.near ? { ...wide, grams: Math.ceil(query.count * NEAR_TOKEN_SHARE) } : undefined;
    const extra = countSharedTokens(db, side, query, q, lo, hi, min, state, cacheable, maxSkip, outer);
    const { counts, lengths, touched, n } = scratch;
    let outerWeight = 0;
    if (outer) for (let g = 0; g < query.count; g++) outerWeight += gramWeight(query, g);
    const outerScale = outer ? outerWeight / Math.max(1, Math.min(query.count, outer.grams)) : 1;

    // 3. Bucket the candidates by their upper bound (a counting sort, best first). Most
    //    fail the count filter (c ≥ m + 1 − 2k, the bound's own condition) at a glance.
    //    In near mode, the buckets below o.min hold the texts that cannot reach it, by
    //    their guessed score instead.
    const slack = 100 - lowest;
    const bounds = new Uint8Array(n);
    const perBound = new Int32Array(101);
    for (let i = 0; i < n; i++) {
      const id = touched[i]!;
      const len = lengths[i]!;
      const m = len > L ? len : L;
      // A text outside [lo, hi] (near mode only) was counted for the rarest tokens only: its
      // count is scaled up to a guess for all of them. It cannot reach o.min by its length.
      const shared = counts[id]! - 1;
      const c = (len < lo || len > hi ? Math.min(L + 1, Math.round(shared * outerScale)) : shared) + extra;
      if (c < m + 1 - 2 * Math.floor((m * slack) / 100) || pending.has(id) || (admit && !admit(id))) {
        bounds[i] = NOT_A_CANDIDATE;
        continue;
      }
      const ub = scoreUpperBound(L, len, c);
      if (ub < lowest) {
        bounds[i] = NOT_A_CANDIDATE;
        continue;
      }
      // Near mode ranks texts that cannot reach o.min by the share of bigrams they have in
      // common (c out of m + 1), a better guess at their score than the bound is.
      const key = ub >= o.min ? ub : Math.min(o.min - 1, Math.floor((100 * c) / (m + 1)));
      bounds[i] = key;
      perBound[key]!++;
    }
    const start = new Int32Array(101);
    let total = 0;
    for (let u = 100; u >= 0; u--) {
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
      if (text !== undefined) check(id, text);
    };
    // Texts are read in batches (one statement each) that grow while the floor stays
    // low: a query with close matches reads a handful, one without reads many.
    const scoreBucket = (u: number, floor: () => number, budget: number): number => {
      const end = start[u]! + perBound[u]!;
      for (let i = start[u]!; i < end && u >= floor() && budget > 0; ) {
        const ids = Array.from(order.subarray(i, Math.min(end, i + batch, i + budget)));
        i += ids.length;
        budget -= ids.length;
        batch = Math.min(batch * 2, 1024);
        for (const [id, text] of sst.texts.all(JSON.stringify(ids)) as [number, string][]) check(id, text);
      }
      return budget;
    };
    for (let u = 100; u >= exactFloor(); u--) {
      if (u === noTokenBest) {
        for (const [id, len] of indexedByLength(db, side, lo, hi)) {
          // Touched (counted) texts were offered above.
          if (counts[id]! > 0 || pending.has(id) || noTokenBound(len) < exactFloor() || (admit && !admit(id))) continue;
          verify(id);
        }
      }
      scoreBucket(u, exactFloor, Infinity);
    }
    // Near mode: below o.min, the texts with the best guessed scores, as many as the budget
    // allows (the buckets are guesses, not bounds: no floor stops this loop).
    if (o.near) {
      let budget = o.near.budget;
      for (let u = o.min - 1; u >= 0 && budget > 0; u--) budget = scoreBucket(u, () => 0, budget);
    }
  } finally {
    scratch.clear();
  }
  return top.results();
}

/** Every live approved source (or target): the input of the exhaustive reference scan. */
export function allCandidates(db: Database, reverse = false): Iterable<Candidate> {
  const col = reverse ? 'target' : 'source';
  return db.prepare(`SELECT id, ${col}_norm AS source FROM pairs WHERE deleted_at IS NULL AND status = 'approved'`).iterate() as Iterable<Candidate>;
}

/** The candidates a filter admits (all of them without one). */
function* admitted(candidates: Iterable<Candidate>, admit: ((id: number) => boolean) | undefined): Iterable<Candidate> {
  for (const c of candidates) if (!admit || admit(c.id)) yield c;
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
  return rankExhaustive(norm(query), admitted(allCandidates(db, o.reverse ?? false), o.admit), o);
}

/** The best matches for a query, with their pairs. */
export function findMatches(db: Database, query: string, o: LookupOptions): Match[] {
  const scored = findMatchIds(db, query, o);
  const pairs = new Map(
    getPairs(
      db,
      scored.map((s) => s.id),
    ).map((p) => [p.id, p] as const),
  );
  return scored.flatMap((s) => {
    const pair = pairs.get(s.id);
    return pair ? [{ pair, score: s.score }] : [];
  });
}
