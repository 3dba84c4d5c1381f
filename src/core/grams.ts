// The lossless candidate filter behind fuzzy lookup: padded character bigrams, counted with
// their occurrences, and the upper bound on the SPEC score that a bigram count allows.
//
// Why it never drops a match (the argument the index relies on):
//
// 1. Padding. Write A' = ⊢A⊣ for a text A with one start and one end mark. Any edit script
//    that turns A into B also turns A' into B' (the marks are kept), so
//    lev(A', B') ≤ lev(A, B). This holds whatever the marks are, even if a text contains them.
//
// 2. Count filter (q = 2). A text of n units has n + 1 padded bigrams. One edit to A' touches
//    at most two of its bigrams (a substitution or deletion at position p: the bigrams
//    starting at p − 1 and p; an insertion between p − 1 and p: only the bigram starting at
//    p − 1). With d edits, at least |A| + 1 − 2d bigrams of A' stay intact; each of them
//    appears in B' at its own place, so the bigram multisets share at least that many:
//        common(A', B') ≥ max(|A|, |B|) + 1 − 2·lev(A, B).
//    Hence lev(A, B) ≥ ceil((m + 1 − common) / 2) with m = max(|A|, |B|), and also
//    lev(A, B) ≥ |m − min(|A|, |B|)| (the length difference).
//
// 3. Multisets as sets. The i-th occurrence of a bigram g in a text is the token (g, i). Then
//    common(A', B') = Σ_g min(count_A(g), count_B(g)) is exactly the number of tokens both
//    texts have, so an inverted index over tokens counts it by adding one per shared token.
//    Occurrences beyond OCCURRENCE_CAP are not indexed; the query adds its own uncounted
//    occurrences back (`uncounted`), which can only raise the count, never lower it.
//
// 4. From a count that is never too low, `scoreUpperBound` gives a score that is never too low
//    either (the score falls as the distance rises). A stored text whose bound is below the
//    threshold cannot reach it: skipping it loses nothing. Everything else is scored exactly.

/** Occurrences of one bigram in one text that get their own token (more are not indexed). */
export const OCCURRENCE_CAP = 64;

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

/** Tokens of one text: parallel arrays of bigram codes and occurrence numbers (0-based). */
export interface Tokens {
  /** The bigram as two UTF-16 units: first × 65536 + second. */
  grams: Uint32Array;
  /** 0 for the first occurrence of that bigram in the text, 1 for the second, … */
  occurrences: Uint8Array;
  /** How many entries of the arrays are used. */
  count: number;
  /** Occurrences beyond OCCURRENCE_CAP: not tokens, but part of the text's bigram count. */
  uncounted: number;
}

// Scratch for counting occurrences: a small open-addressing table, cleared by stamping.
let tableKeys = new Uint32Array(1024);
let tableCounts = new Uint32Array(1024);
let tableStamps = new Uint32Array(1024);
let stamp = 0;

function ensureTable(size: number): void {
  let cap = tableKeys.length;
  if (cap >= size * 2) return;
  while (cap < size * 2) cap *= 2;
  tableKeys = new Uint32Array(cap);
  tableCounts = new Uint32Array(cap);
  tableStamps = new Uint32Array(cap);
  stamp = 0;
}

/**
 * The padded bigram tokens of a normalised text, written into `into` (grown as needed) and
 * returned. Reuses its buffers: callers copy what they keep.
 */
export function tokensOf(text: string, into?: Tokens): Tokens {
  const n = text.length + 1;
  const out: Tokens =
    into && into.grams.length >= n
      ? into
      : { grams: new Uint32Array(Math.max(n, 64)), occurrences: new Uint8Array(Math.max(n, 64)), count: 0, uncounted: 0 };
  ensureTable(n);
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    tableStamps.fill(0);
    stamp = 1;
  }
  const mask = tableKeys.length - 1;
  let count = 0;
  let uncounted = 0;
  let prev = START;
  for (let i = 0; i <= text.length; i++) {
    const cur = i < text.length ? text.charCodeAt(i) : END;
    const gram = (prev * 65536 + cur) >>> 0;
    prev = cur;
    let h = Math.imul(gram, 0x9e3779b1) >>> 0;
    h = (h ^ (h >>> 15)) & mask;
    while (tableStamps[h] === stamp && tableKeys[h] !== gram) h = (h + 1) & mask;
    let seen = 0;
    if (tableStamps[h] === stamp) seen = tableCounts[h]!;
    else {
      tableStamps[h] = stamp;
      tableKeys[h] = gram;
    }
    tableCounts[h] = seen + 1;
    if (seen >= OCCURRENCE_CAP) {
      uncounted++;
      continue;
    }
    out.grams[count] = gram;
    out.occurrences[count] = seen;
    count++;
  }
  out.count = count;
  out.uncounted = uncounted;
  return out;
}

/**
 * The highest SPEC score a stored text of length `length` can have against a query of
 * length `queryLength` when they share at most `common` padded bigram tokens (see above).
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
