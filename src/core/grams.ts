// The lossless candidate filter behind fuzzy lookup: padded character bigrams, with how often
// and roughly where each occurs in a text, and the upper bound on the SPEC score they allow.
//
// Why it never drops a match (the argument the index relies on). Q is the query (length L), X
// a stored text (length ℓ), m = max(L, ℓ), d = lev(Q, X), and k the largest d a score ≥ the
// threshold allows (maxDistance in score.ts).
//
// 1. Padding. Write A' = ⊢A⊣ for a text A with one start and one end mark. Any edit script
//    that turns A into B also turns A' into B' (the marks are kept), so
//    lev(A', B') ≤ lev(A, B). This holds whatever the marks are, even if a text contains them.
//    A text of n units has n + 1 padded bigrams, at positions 0 … n.
//
// 2. Preserved bigrams. Take an optimal edit script from Q' to X'. A bigram position of Q' is
//    preserved when neither of its two units is substituted or deleted and nothing is
//    inserted between them; it then reappears in X' as the same bigram, and preserved
//    positions of Q' and of X' correspond one to one. One edit breaks at most two positions
//    of Q' (a substitution or deletion of unit p: the bigrams at p − 1 and p; an insertion
//    between units p − 1 and p: the bigram at p − 1) and likewise at most two of X'. So
//        preserved P ≥ m + 1 − 2d,   i.e.   d ≥ ceil((m + 1 − P) / 2),
//    and any upper bound on P gives a lower bound on d.
//
// 3. Upper bounds on P, bigram by bigram (P is the sum over bigrams g of P_g):
//    a. P_g ≤ min(count of g in Q', count of g in X'): the correspondence is one to one.
//    b. Where it reappears. A preserved position i of Q' reappears at j = i + s, where s is
//       the insertions minus the deletions before it. All edits together make at least
//       |s| + |D − s| insertions and deletions, D = ℓ − L, so with d ≤ k:
//           ceil((D − k) / 2) ≤ s ≤ floor((D + k) / 2).
//       A position i of g in Q' whose window i + [that range] holds no g of X' is not
//       preserved. The index keeps where a bigram occurs in each text only roughly, in one
//       of POSITION_BUCKETS equal parts of the text (`bucketOf`); `windowMask` gives the
//       parts a window touches, so "no g in those parts" can only be rarer than "no g in the
//       window": the bound stays an upper bound.
//    The index takes the least of (a) and (b) for the query's bigrams that occur at most
//    POSITIONAL_MAX times in it, and (a) alone for the others (for those, the commonest, the
//    test would cost more than it rules out).
//    src/core/positional.ts adds, for texts it has in full, (b) with exact positions from
//    both sides and the bound that the positions not preserved must all be broken.
//
// 4. From an upper bound on P, `scoreUpperBound` gives a score that is never too low (the
//    score falls as the distance rises); also d ≥ |L − ℓ|. A stored text whose bound is
//    below the threshold cannot reach it: skipping it loses nothing. Everything else is
//    scored exactly.

const START = 0x02;
const END = 0x03;

/** Number of length bands; band b holds stored texts with BAND_LO[b] ≤ length < BAND_LO[b + 1]. */
export const BAND_COUNT = 63;

/**
 * Lengths 0–15 have a band each; above that a band spans about 9% of the length, so the
 * length window of a lookup covers a handful of bands; the last band is open-ended.
 */
export const BAND_LO: readonly number[] = (() => {
  const lo: number[] = [];
  for (let b = 0; b < 16; b++) lo.push(b);
  while (lo.length < BAND_COUNT) {
    const prev = lo[lo.length - 1]!;
    lo.push(Math.max(prev + 1, Math.floor(prev * 1.09)));
  }
  return lo;
})();

const BAND_OF_SHORT: readonly number[] = (() => {
  const out: number[] = [];
  let b = 0;
  for (let len = 0; len < 4096; len++) {
    while (b + 1 < BAND_COUNT && BAND_LO[b + 1]! <= len) b++;
    out.push(b);
  }
  return out;
})();

/** The band a text of this length is kept in. */
export function bandOf(length: number): number {
  if (length < BAND_OF_SHORT.length) return BAND_OF_SHORT[length]!;
  let b = BAND_OF_SHORT[BAND_OF_SHORT.length - 1]!;
  while (b + 1 < BAND_COUNT && BAND_LO[b + 1]! <= length) b++;
  return b;
}

/** A query's bigram occurring at most this often is counted with where it occurs (3b above). */
export const POSITIONAL_MAX = 4;

/** The parts a text's bigram positions are grouped into, for where a bigram occurs (3b above). */
export const POSITION_BUCKETS = 16;

/** The part (0 … POSITION_BUCKETS − 1) of bigram position j (0 … length) of a text of this length. */
export function bucketOf(j: number, length: number): number {
  return Math.floor((j * POSITION_BUCKETS) / (length + 1));
}

/**
 * The parts of a stored text of length `length` where a bigram at position i of a query of
 * length `queryLength` can reappear with at most k edits (3b above), as a bit mask; 0 when
 * the window lies outside the text.
 */
export function windowMask(i: number, queryLength: number, length: number, k: number): number {
  const D = length - queryLength;
  let lo = i + Math.ceil((D - k) / 2);
  let hi = i + Math.floor((D + k) / 2);
  if (lo < 0) lo = 0;
  if (hi > length) hi = length;
  if (lo > hi) return 0;
  const a = bucketOf(lo, length);
  const b = bucketOf(hi, length);
  return ((1 << (b + 1)) - 1) & ~((1 << a) - 1);
}

/**
 * The distinct padded bigrams of one text (parallel arrays, in order of first occurrence):
 * each with how often it occurs, in which parts of the text (bit b of `masks`: somewhere in
 * part b, see bucketOf), and where it first occurs.
 */
export interface Bigrams {
  /** The bigram as two UTF-16 units: first × 65536 + second. */
  grams: Uint32Array;
  /** Occurrences, at most MAX_COUNT (no query can have more: lookups refuse longer queries). */
  counts: Uint32Array;
  masks: Uint16Array;
  /** The position of the first occurrence (the only one when counts[i] is 1). */
  first: Int32Array;
  /** How many entries of the arrays are used. */
  count: number;
}

/** Occurrences counted per bigram; more are counted as this many (see Bigrams.counts). */
export const MAX_COUNT = 65535;

// Scratch for finding a bigram's entry: a small open-addressing table, cleared by stamping.
let tableKeys = new Uint32Array(1024);
let tableSlot = new Int32Array(1024);
let tableStamps = new Uint32Array(1024);
let stamp = 0;

function ensureTable(size: number): void {
  let cap = tableKeys.length;
  if (cap >= size * 2) return;
  while (cap < size * 2) cap *= 2;
  tableKeys = new Uint32Array(cap);
  tableSlot = new Int32Array(cap);
  tableStamps = new Uint32Array(cap);
  stamp = 0;
}

/**
 * The padded bigrams of a normalised text, written into `into` (grown as needed) and
 * returned. Reuses its buffers: callers copy what they keep.
 */
export function bigramsOf(text: string, into?: Bigrams): Bigrams {
  const n = text.length + 1;
  const out: Bigrams =
    into && into.grams.length >= n
      ? into
      : {
          grams: new Uint32Array(Math.max(n, 64)),
          counts: new Uint32Array(Math.max(n, 64)),
          masks: new Uint16Array(Math.max(n, 64)),
          first: new Int32Array(Math.max(n, 64)),
          count: 0,
        };
  ensureTable(n);
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    tableStamps.fill(0);
    stamp = 1;
  }
  const mask = tableKeys.length - 1;
  const length = text.length;
  let count = 0;
  let prev = START;
  for (let j = 0; j <= length; j++) {
    const cur = j < length ? text.charCodeAt(j) : END;
    const gram = (prev * 65536 + cur) >>> 0;
    prev = cur;
    let h = Math.imul(gram, 0x9e3779b1) >>> 0;
    h = (h ^ (h >>> 15)) & mask;
    while (tableStamps[h] === stamp && tableKeys[h] !== gram) h = (h + 1) & mask;
    const bit = 1 << Math.floor((j * POSITION_BUCKETS) / (length + 1));
    if (tableStamps[h] === stamp) {
      const e = tableSlot[h]!;
      if (out.counts[e]! < MAX_COUNT) out.counts[e]!++;
      out.masks[e]! |= bit;
    } else {
      tableStamps[h] = stamp;
      tableKeys[h] = gram;
      tableSlot[h] = count;
      out.grams[count] = gram;
      out.counts[count] = 1;
      out.masks[count] = bit;
      out.first[count] = j;
      count++;
    }
  }
  out.count = count;
  return out;
}

/**
 * The highest SPEC score a stored text of length `length` can have against a query of
 * length `queryLength` when at most `common` padded bigram positions can be preserved
 * between them (see above).
 */
export function scoreUpperBound(queryLength: number, length: number, common: number): number {
  const m = queryLength > length ? queryLength : length;
  if (m === 0) return 100;
  const byLength = m - (queryLength < length ? queryLength : length);
  const byGrams = Math.ceil((m + 1 - common) / 2);
  let d = byLength > byGrams ? byLength : byGrams;
  if (d < 0) d = 0;
  if (d > m) d = m;
  return Math.floor((100 * (m - d)) / m);
}
