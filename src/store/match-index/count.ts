// The lookup side of the index: for a query's tokens, how many each indexed text in a length
// window shares with it (a "scan count"); src/store/lookup.ts turns the counts into bounds.
import type { Database } from 'better-sqlite3';
import { BAND_COUNT, BAND_LO, bandOf, type Tokens } from '../../core/grams.js';
import { bandBase, bandOfKey, CHUNK_SLOTS, decodePostings, EVERY, listKey, MIXED, type Side } from './codec.js';
import { postingCache, PostingCache } from './posting-cache.js';
import type { IndexState } from './state.js';
import { statements, type Statements } from './statements.js';

/**
 * Per-process scratch for counting, indexed by pair id and reused by every lookup (batch
 * lookups allocate nothing per query). `counts` is all zero between lookups.
 */
class CountScratch {
  // 16 bits: a query shares at most one per token, and lookups keep queries below 65,535
  // tokens. Half the memory of 32 bits, so more of it stays in cache.
  counts = new Uint16Array(0);
  touched = new Int32Array(1024);
  /** The text length of touched[i]. */
  lengths = new Int32Array(1024);
  n = 0;
  ensure(size: number): void {
    if (this.counts.length >= size) return;
    this.counts = new Uint16Array(Math.max(size, Math.floor(this.counts.length * 1.5), 1024));
  }
  /** Room for more touched pairs. */
  grow(): void {
    const touched = new Int32Array(this.touched.length * 2);
    touched.set(this.touched);
    const lengths = new Int32Array(this.lengths.length * 2);
    lengths.set(this.lengths);
    this.touched = touched;
    this.lengths = lengths;
  }
  /** Sets the counts back to zero (only where they were raised). */
  clear(): void {
    for (let i = 0; i < this.n; i++) this.counts[this.touched[i]!] = 0;
    this.n = 0;
  }
}

/**
 * Ids the counting arrays can hold (2 bytes of memory per id up to the highest). Pair ids
 * are row numbers, far below this in any real TM; above it lookups score every text.
 */
export const MAX_COUNTED_ID = 1 << 28;

/**
 * Only lists longer than this (bytes in the length window, about 40,000 postings) are left
 * uncounted. Below it, reading a list costs less than scoring the texts its omission lets
 * through, above all in a fresh process, where scoring is not yet compiled (a 100k TM: one
 * long query scored 140 texts with every list read, 396 with a third of them left out).
 */
const DEFAULT_SKIP_FROM_BYTES = 64 * 1024;
let SKIP_FROM_BYTES = DEFAULT_SKIP_FROM_BYTES;

/** Sets how long a list must be to be left uncounted (tests use 1: any list may be). */
export function setSkipFromBytes(bytes = DEFAULT_SKIP_FROM_BYTES): void {
  SKIP_FROM_BYTES = Math.max(1, bytes);
}

/** Queries with this many tokens or more are not counted (a 16-bit count could overflow). */
export const MAX_QUERY_TOKENS = 65535;

export const scratch = new CountScratch();

/** Lists of one token to count: the chunks of one list, and the length its band starts at. */
interface TokenList {
  base: number;
  chunks: Buffer[];
  token: number;
  band: number;
}

/**
 * The lists of the `picked` tokens in bands [bandLo, bandHi] (and their mixed lists, with
 * `mixed`), from the process's cache or, for those not there, read with one statement for
 * all tokens and cached by band.
 */
function gatherLists(
  st: Statements,
  cache: PostingCache,
  side: Side,
  tokens: Tokens,
  picked: Iterable<number>,
  bandLo: number,
  bandHi: number,
  mixed: boolean,
  into: TokenList[],
): void {
  const ranges: [number, number][] = [];
  const missing: { first: number; token: number }[] = [];
  const lists = (first: number): number[] => {
    const out: number[] = [];
    for (let band = bandLo; band <= bandHi; band++) out.push(first + band);
    if (mixed) out.push(first + MIXED);
    return out;
  };
  for (const i of picked) {
    const first = listKey(side, tokens.grams[i]!, tokens.occurrences[i]!, 0);
    const keys = lists(first);
    if (keys.every((list) => cache.lists.has(list))) {
      for (const list of keys) into.push({ base: bandBase(list - first), chunks: cache.get(list)!, token: i, band: list - first });
      continue;
    }
    missing.push({ first, token: i });
    if (bandLo <= bandHi) ranges.push([(first + bandLo) * CHUNK_SLOTS, (first + bandHi) * CHUNK_SLOTS + CHUNK_SLOTS - 1]);
    if (mixed) ranges.push([(first + MIXED) * CHUNK_SLOTS, (first + MIXED) * CHUNK_SLOTS + CHUNK_SLOTS - 1]);
  }
  if (ranges.length === 0) return;
  const read = new Map<number, Buffer[]>();
  for (const [key, buf] of st.scanRanges.all(JSON.stringify(ranges)) as [number, Buffer][]) {
    const list = Math.floor(key / CHUNK_SLOTS);
    const got = read.get(list);
    if (got) got.push(buf);
    else read.set(list, [buf]);
  }
  for (const { first, token } of missing) {
    for (const list of lists(first)) {
      const chunks = read.get(list) ?? [];
      cache.set(list, chunks);
      into.push({ base: bandBase(list - first), chunks, token, band: list - first });
    }
  }
}

/** Lengths beyond the window that the rarest tokens are also counted for (see lookup's near mode). */
export interface OuterLengths {
  lo: number;
  hi: number;
  /** How many of the query's tokens, the rarest in the window first, are counted there. */
  tokens: number;
}

/**
 * For every indexed pair whose text (on `side`) has a length in [lo, hi] and shares at least
 * one token with the query: its id in scratch.touched[i] (i < scratch.n), its text length in
 * scratch.lengths[i], and how many tokens it shares in scratch.counts[id]. The query must
 * have fewer than MAX_QUERY_TOKENS tokens, `state.through` be below MAX_COUNTED_ID. With
 * `cacheable` (the caller is outside any transaction of its own), lists are cached. Call
 * scratch.clear() after.
 *
 * With `outer`, texts of lengths in [outer.lo, outer.hi] outside [lo, hi] are touched too,
 * but counted for the `outer.tokens` rarest tokens only (those with the least postings in the
 * window): their counts are no bound of anything, only a cheap ranking for an estimate.
 */
export function countSharedTokens(
  db: Database,
  side: Side,
  tokens: Tokens,
  lo: number,
  hi: number,
  state: IndexState,
  cacheable: boolean,
  maxSkip = 0,
  outer?: OuterLengths,
): number {
  const st = statements(db);
  scratch.ensure(state.through + 1);
  scratch.clear();
  let n = 0;
  const bandLo = bandOf(lo);
  const bandHi = bandOf(hi);
  const cache = cacheable ? postingCache(db, state.generation) : new PostingCache(-1);
  // The lists of each token: its bands in the window and its mixed list.
  const wanted: TokenList[] = [];
  gatherLists(st, cache, side, tokens, Array.from({ length: tokens.count }, (_, i) => i), bandLo, bandHi, true, wanted);
  const bytes = new Float64Array(tokens.count);
  for (const { chunks, token } of wanted) for (const c of chunks) bytes[token]! += c.length;
  // The longest lists (the commonest bigrams) may be left uncounted, up to maxSkip of them
  // and only long ones: the caller adds their number to every count, as if every text had
  // them all (see lookup.ts).
  let skip: Uint8Array | undefined;
  let skipped = 0;
  if (maxSkip > 0) {
    const bySize = Array.from(bytes.keys()).sort((a, b) => bytes[b]! - bytes[a]!);
    skip = new Uint8Array(tokens.count);
    for (const token of bySize) {
      if (skipped >= maxSkip || bytes[token]! < SKIP_FROM_BYTES) break;
      skip[token] = 1;
      skipped++;
    }
  }
  for (const { base, chunks, token } of wanted) {
    if (skip?.[token]) continue;
    for (const buf of chunks) n = countChunk(buf, base, lo, hi, n);
  }
  if (outer && outer.tokens > 0 && (outer.lo < lo || outer.hi > hi)) {
    const rarest = Array.from(bytes.keys())
      .sort((a, b) => bytes[a]! - bytes[b]!)
      .slice(0, outer.tokens);
    const picked = new Set(rarest);
    const more = wanted.filter((w) => picked.has(w.token));
    const outerBandLo = bandOf(outer.lo);
    const outerBandHi = bandOf(outer.hi);
    gatherLists(st, cache, side, tokens, rarest, outerBandLo, bandLo - 1, false, more);
    gatherLists(st, cache, side, tokens, rarest, bandHi + 1, outerBandHi, false, more);
    const rings: [number, number][] = [];
    if (outer.lo < lo) rings.push([outer.lo, lo - 1]);
    if (outer.hi > hi) rings.push([hi + 1, outer.hi]);
    for (const { base, chunks, band } of more) {
      const bandEnd = band === MIXED ? Infinity : band + 1 < BAND_COUNT ? BAND_LO[band + 1]! - 1 : Infinity;
      for (const [rlo, rhi] of rings) {
        if (band !== MIXED && (bandEnd < rlo || base > rhi)) continue;
        for (const buf of chunks) n = countChunk(buf, base, rlo, rhi, n);
      }
    }
  }
  scratch.n = n;
  return skipped;
}

/**
 * Counts one chunk's postings of lengths in [lo, hi] into scratch (n pairs touched so far);
 * returns the new n. A function of its own, small and called hundreds of times per lookup,
 * so that a fresh process compiles it early (a cold lookup spends most of its time here).
 */
function countChunk(buf: Uint8Array, base: number, lo: number, hi: number, n: number): number {
  const counts = scratch.counts;
  let touched = scratch.touched;
  let lengths = scratch.lengths;
  const size = buf.length;
  let pos = 0;
  while (pos < size) {
    // Group header: length offset, then the byte length of its ids.
    let b = buf[pos++]!;
    let len = base + (b & 127);
    for (let mul = 128; b >= 128; mul *= 128) {
      b = buf[pos++]!;
      len += (b & 127) * mul;
    }
    b = buf[pos++]!;
    let end = b & 127;
    for (let mul = 128; b >= 128; mul *= 128) {
      b = buf[pos++]!;
      end += (b & 127) * mul;
    }
    end += pos;
    if (len < lo || len > hi) {
      pos = end;
      continue;
    }
    let id = 0;
    while (pos < end) {
      b = buf[pos++]!;
      if (b < 128) id += b;
      else {
        let v = b & 127;
        let mul = 128;
        do {
          b = buf[pos++]!;
          v += (b & 127) * mul;
          mul *= 128;
        } while (b >= 128);
        id += v;
      }
      const c = counts[id]!;
      if (c === 0) {
        if (n === touched.length) {
          scratch.n = n;
          scratch.grow();
          touched = scratch.touched;
          lengths = scratch.lengths;
        }
        touched[n] = id;
        lengths[n++] = len;
      }
      counts[id] = c + 1;
    }
  }
  return n;
}

/** Every indexed pair (on `side`) with a text length in [lo, hi]: id and length. */
export function* indexedByLength(db: Database, side: Side, lo: number, hi: number): Generator<[number, number]> {
  const st = statements(db);
  const from = listKey(side + EVERY, 0, 0, bandOf(lo)) * CHUNK_SLOTS;
  const to = listKey(side + EVERY, 0, 0, bandOf(hi)) * CHUNK_SLOTS + CHUNK_SLOTS - 1;
  const mixed = listKey(side + EVERY, 0, 0, MIXED) * CHUNK_SLOTS;
  for (const [key, buf] of st.scanRange.all(from, to, mixed, mixed + CHUNK_SLOTS - 1) as [number, Buffer][]) {
    const p = decodePostings(buf, bandOfKey(key));
    for (let i = 0; i < p.ids.length; i++) {
      const len = p.lengths[i]!;
      if (len >= lo && len <= hi) yield [p.ids[i]!, len];
    }
  }
}
