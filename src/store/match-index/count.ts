// The lookup side of the index: for a query's bigrams, an upper bound on how many bigram
// positions each indexed text in a length window can share with it (core/grams.ts, point 3);
// src/store/lookup.ts turns these counts into score bounds.
import type { Database } from 'better-sqlite3';
import { BAND_COUNT, BAND_LO, bandOf, POSITIONAL_MAX, windowMask, type Bigrams } from '../../core/grams.js';
import { maxDistance } from '../../core/score.js';
import { bandBase, bandOfKey, BIG_COUNT, CHUNK_SLOTS, decodePostings, EVERY, listKey, MIXED, type Side } from './codec.js';
import { joined, postingCache, PostingCache } from './posting-cache.js';
import type { IndexState } from './state.js';
import { statements, type Statements } from './statements.js';

/**
 * Per-process scratch for counting, indexed by pair id and reused by every lookup (batch
 * lookups allocate nothing per query). `counts` is all zero between lookups; during one, a
 * touched pair (in `touched`) holds its count plus one, so that a posting that adds nothing
 * still marks its pair as touched, once, without a test of its own.
 */
class CountScratch {
  // 16 bits: a count is at most the query's bigram positions, and lookups keep queries below
  // 65,534 of them (one more for the mark of a touched pair). Half the memory of 32 bits, so more of it stays in cache.
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
 * Only lists longer than this (bytes in the length window) are left uncounted. Below it,
 * reading a list costs less than scoring the texts its omission lets through, above all in
 * a fresh process, where scoring is not yet compiled.
 */
const DEFAULT_SKIP_FROM_BYTES = 64 * 1024;
let SKIP_FROM_BYTES = DEFAULT_SKIP_FROM_BYTES;

/** Sets how long a list must be to be left uncounted (tests use 1: any list may be). */
export function setSkipFromBytes(bytes = DEFAULT_SKIP_FROM_BYTES): void {
  SKIP_FROM_BYTES = Math.max(1, bytes);
}

/** Queries with this many bigram positions or more are not counted (a 16-bit count could overflow). */
export const MAX_QUERY_TOKENS = 65535;

export const scratch = new CountScratch();

/** Lists of one bigram to count: the chunks of one list, and the length its band starts at. */
interface GramList {
  base: number;
  chunks: Buffer[];
  /** Index of the bigram in the query's Bigrams. */
  gram: number;
  band: number;
}

/**
 * The lists of the `picked` bigrams in bands [bandLo, bandHi] (and their mixed lists, with
 * `mixed`), from the process's cache or, for those not there, read with one statement for
 * all of them and cached by band.
 */
function gatherLists(
  st: Statements,
  cache: PostingCache,
  side: Side,
  query: Bigrams,
  picked: Iterable<number>,
  bandLo: number,
  bandHi: number,
  mixed: boolean,
  into: GramList[],
): void {
  // Lists the cache lacks, read with one statement; a run of neighbouring bands of one bigram
  // is one range (its bands are neighbouring keys).
  const ranges: [number, number][] = [];
  const missing: { first: number; band: number; gram: number }[] = [];
  const range = (from: number, to: number): number => ranges.push([from * CHUNK_SLOTS, to * CHUNK_SLOTS + CHUNK_SLOTS - 1]);
  for (const g of picked) {
    const first = listKey(side, query.grams[g]!, 0);
    const kept = cache.token(first);
    let runFrom = -1;
    for (let band = bandLo; band <= bandHi; band++) {
      const chunks = kept?.[band];
      if (chunks === undefined) {
        missing.push({ first, band, gram: g });
        if (runFrom < 0) runFrom = band;
        continue;
      }
      if (runFrom >= 0) range(first + runFrom, first + band - 1);
      runFrom = -1;
      into.push({ base: bandBase(band), chunks, gram: g, band });
    }
    if (runFrom >= 0) range(first + runFrom, first + bandHi);
    if (!mixed) continue;
    const chunks = kept?.[MIXED];
    if (chunks !== undefined) into.push({ base: bandBase(MIXED), chunks, gram: g, band: MIXED });
    else {
      missing.push({ first, band: MIXED, gram: g });
      range(first + MIXED, first + MIXED);
    }
  }
  if (ranges.length === 0) return;
  const read = new Map<number, Buffer[]>();
  for (const [key, buf] of st.scanRanges.all(JSON.stringify(ranges)) as [number, Buffer][]) {
    const list = Math.floor(key / CHUNK_SLOTS);
    const got = read.get(list);
    if (got) got.push(buf);
    else read.set(list, [buf]);
  }
  for (const { first, band, gram } of missing) {
    const chunks = joined(read.get(first + band) ?? []);
    cache.set(first, band, chunks);
    into.push({ base: bandBase(band), chunks, gram, band });
  }
}

/** Lengths beyond the window that the rarest bigrams are also counted for (see lookup's near mode). */
export interface OuterLengths {
  lo: number;
  hi: number;
  /** How many of the query's distinct bigrams, the rarest in the window first, are counted there. */
  grams: number;
}

/** The most one bigram of the query adds to a count: its count, or 1 when it occurs once. */
export function gramWeight(query: Bigrams, g: number): number {
  return query.counts[g]!;
}

/**
 * For every indexed pair whose text (on `side`) has a length in [lo, hi] and may share a
 * bigram position with the query: its id in scratch.touched[i] (i < scratch.n), its text
 * length in scratch.lengths[i], and in scratch.counts[id] one plus an upper bound on the positions
 * it can share with the query at distance ≤ maxDistance(m, min) (core/grams.ts, point 3: a
 * bigram the query has at most POSITIONAL_MAX times counts only where it can reappear, the
 * others by their counts).
 * The query (`queryText`, its bigrams `query`) must have fewer than MAX_QUERY_TOKENS
 * positions, `state.through` be below MAX_COUNTED_ID. With `cacheable` (the caller is outside
 * any transaction of its own), lists are cached. Call scratch.clear() after.
 *
 * The longest lists may be left unread, as long as what they could add stays within
 * `maxSkip`: returns what they could have added, which the caller adds to every count.
 *
 * With `only`, just those of the query's bigrams are counted (the counts are then no bound).
 *
 * With `outer`, texts of lengths in [outer.lo, outer.hi] outside [lo, hi] are touched too,
 * but counted for the `outer.grams` rarest bigrams only (those with the least postings in
 * the window), by count alone: their counts are no bound of anything, only a cheap ranking
 * for an estimate.
 */
export function countSharedTokens(
  db: Database,
  side: Side,
  query: Bigrams,
  queryText: string,
  lo: number,
  hi: number,
  min: number,
  state: IndexState,
  cacheable: boolean,
  maxSkip = 0,
  outer?: OuterLengths,
  only?: readonly number[],
): number {
  const st = statements(db);
  const queryLength = queryText.length;
  scratch.ensure(state.through + 1);
  scratch.clear();
  let n = 0;
  const bandLo = bandOf(lo);
  const bandHi = bandOf(hi);
  const cache = cacheable ? postingCache(db, state.generation) : new PostingCache(-1);
  // The lists of each bigram: its bands in the window and its mixed list.
  const wanted: GramList[] = [];
  gatherLists(st, cache, side, query, only ?? Array.from({ length: query.count }, (_, g) => g), bandLo, bandHi, true, wanted);
  const bytes = new Float64Array(query.count);
  for (const { chunks, gram } of wanted) for (const c of chunks) bytes[gram]! += c.length;
  // The longest lists (the commonest bigrams) may be left uncounted, as long as they could
  // add no more than maxSkip: the caller adds that to every count, as if every text had
  // them all where they count (see lookup.ts).
  let skip: Uint8Array | undefined;
  let skipped = 0;
  if (maxSkip > 0) {
    const bySize = Array.from(bytes.keys()).sort((a, b) => bytes[b]! - bytes[a]!);
    skip = new Uint8Array(query.count);
    for (const g of bySize) {
      if (bytes[g]! < SKIP_FROM_BYTES) break;
      const w = gramWeight(query, g);
      if (skipped + w > maxSkip) continue;
      skip[g] = 1;
      skipped += w;
    }
  }
  const at = positionsOf(query, queryText);
  const windows = windowTable(queryLength, min);
  for (const { base, chunks, gram } of wanted) {
    if (skip?.[gram]) continue;
    const cq = query.counts[gram]!;
    if (cq <= POSITIONAL_MAX) {
      const p = gram * POSITIONAL_MAX;
      for (const buf of chunks) n = countChunkWhere(buf, base, lo, hi, n, cq, at[p]!, at[p + 1]!, at[p + 2]!, at[p + 3]!, windows);
    } else for (const buf of chunks) n = countChunk(buf, base, lo, hi, n, cq);
  }
  if (outer && outer.grams > 0 && (outer.lo < lo || outer.hi > hi)) {
    const rarest = Array.from(bytes.keys())
      .sort((a, b) => bytes[a]! - bytes[b]!)
      .slice(0, outer.grams);
    const picked = new Set(rarest);
    const more = wanted.filter((w) => picked.has(w.gram));
    const outerBandLo = bandOf(outer.lo);
    const outerBandHi = bandOf(outer.hi);
    gatherLists(st, cache, side, query, rarest, outerBandLo, bandLo - 1, false, more);
    gatherLists(st, cache, side, query, rarest, bandHi + 1, outerBandHi, false, more);
    const rings: [number, number][] = [];
    if (outer.lo < lo) rings.push([outer.lo, lo - 1]);
    if (outer.hi > hi) rings.push([hi + 1, outer.hi]);
    for (const { base, chunks, band, gram } of more) {
      const bandEnd = band === MIXED ? Infinity : band + 1 < BAND_COUNT ? BAND_LO[band + 1]! - 1 : Infinity;
      const cq = query.counts[gram]!;
      for (const [rlo, rhi] of rings) {
        if (band !== MIXED && (bandEnd < rlo || base > rhi)) continue;
        for (const buf of chunks) n = countChunk(buf, base, rlo, rhi, n, cq);
      }
    }
  }
  scratch.n = n;
  return skipped;
}

/** Notes pair `id` (text length `len`) as touched, once. */
function touch(id: number, len: number, n: number): number {
  if (n === scratch.touched.length) {
    scratch.n = n;
    scratch.grow();
  }
  scratch.touched[n] = id;
  scratch.lengths[n] = len;
  return n + 1;
}

/**
 * Reads a group header (codec.ts, writeGroup) at `pos`: sets header.len (with `base`),
 * header.end, header.singles, header.multi, header.ws, header.wm and header.pos (where the
 * singles' values start).
 */
function readHeader(buf: Uint8Array, pos: number, base: number): void {
  let b = buf[pos++]!;
  let v = b & 127;
  for (let shift = 7; b >= 128; shift += 7) {
    b = buf[pos++]!;
    v |= (b & 127) << shift;
  }
  header.len = base + v;
  b = buf[pos++]!;
  v = b & 127;
  for (let shift = 7; b >= 128; shift += 7) {
    b = buf[pos++]!;
    v |= (b & 127) << shift;
  }
  header.end = pos + v;
  b = buf[pos++]!;
  v = b & 127;
  for (let shift = 7; b >= 128; shift += 7) {
    b = buf[pos++]!;
    v |= (b & 127) << shift;
  }
  header.singles = v;
  b = buf[pos++]!;
  v = b & 127;
  for (let shift = 7; b >= 128; shift += 7) {
    b = buf[pos++]!;
    v |= (b & 127) << shift;
  }
  header.multi = v;
  b = buf[pos++]!;
  header.ws = b & 15;
  header.wm = b >>> 4;
  header.pos = pos;
}
const header = { len: 0, end: 0, singles: 0, multi: 0, ws: 0, wm: 0, pos: 0 };

/** The value of `w` (1 … 4) bytes at `at`, low byte first, as an unsigned 32-bit number. */
function fixed(buf: Uint8Array, at: number, w: number): number {
  return w === 1
    ? buf[at]!
    : w === 2
      ? buf[at]! | (buf[at + 1]! << 8)
      : w === 3
        ? buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16)
        : (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24)) >>> 0;
}

/** The varint at `at.pos` (advanced). */
function varintAt(buf: Uint8Array, at: { pos: number }): number {
  let b = buf[at.pos++]!;
  let v = b & 127;
  for (let shift = 7; b >= 128; shift += 7) {
    b = buf[at.pos++]!;
    v |= (b & 127) << shift;
  }
  return v;
}
const extAt = { pos: 0 };

/**
 * Counts one chunk of a bigram the query has `cq` (> POSITIONAL_MAX) times, for texts of
 * lengths in [lo, hi]: each text gets the lesser of its count and the query's (point 3a).
 * Returns the new number of touched pairs. Small functions of their own, called hundreds of
 * times per lookup, so that a fresh process compiles them early (a cold lookup spends most of
 * its time here). Counting needs ids below MAX_COUNTED_ID, so values fit 4 bytes.
 */
function countChunk(buf: Uint8Array, base: number, lo: number, hi: number, n: number, cq: number): number {
  const counts = scratch.counts;
  const size = buf.length;
  let pos = 0;
  while (pos < size) {
    readHeader(buf, pos, base);
    const len = header.len;
    pos = header.end;
    if (len < lo || len > hi) continue;
    const singles = header.singles;
    const multi = header.multi;
    let at = header.pos;
    let w = header.ws;
    let id = 0;
    for (let i = 0; i < singles; i++) {
      id += fixed(buf, at, w) >>> 4;
      at += w;
      let c = counts[id]!;
      if (c === 0) {
        n = touch(id, len, n);
        c = 1;
      }
      counts[id] = c + 1;
    }
    w = header.wm;
    extAt.pos = at + multi * (w + 2);
    id = 0;
    for (let i = 0; i < multi; i++) {
      const v = fixed(buf, at, w);
      at += w;
      id += v >>> 4;
      let cx = (v & 15) + 2;
      if (cx === 17) cx = BIG_COUNT + varintAt(buf, extAt);
      let c = counts[id]!;
      if (c === 0) {
        n = touch(id, len, n);
        c = 1;
      }
      counts[id] = c + (cx < cq ? cx : cq);
    }
  }
  return n;
}

/**
 * Counts one chunk of a bigram the query has cq ≤ POSITIONAL_MAX times, at positions
 * a0 … a3 (those beyond cq unused), for texts of lengths in [lo, hi]: a text gets the least
 * of its count, the query's, and the number of the query's positions whose window (the parts
 * of the text where that position can reappear within maxDistance(m, min) edits) holds one
 * of its occurrences (point 3b).
 */
function countChunkWhere(
  buf: Uint8Array,
  base: number,
  lo: number,
  hi: number,
  n: number,
  cq: number,
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  windows: WindowTable,
): number {
  const counts = scratch.counts;
  const size = buf.length;
  let pos = 0;
  while (pos < size) {
    readHeader(buf, pos, base);
    const len = header.len;
    pos = header.end;
    if (len < lo || len > hi) continue;
    // The windows of the query's positions in a text of this length, and their union.
    const row = windows.row(len);
    const w0 = row[a0]!;
    const w1 = cq > 1 ? row[a1]! : 0;
    const w2 = cq > 2 ? row[a2]! : 0;
    const w3 = cq > 3 ? row[a3]! : 0;
    const any = w0 | w1 | w2 | w3;
    if (any === 0) continue;
    const singles = header.singles;
    const multi = header.multi;
    let at = header.pos;
    let w = header.ws;
    let id = 0;
    // A text where the bigram occurs once, in part p: 1 if a window holds p (no branch on it).
    for (let i = 0; i < singles; i++) {
      const v = fixed(buf, at, w);
      at += w;
      id += v >>> 4;
      let c = counts[id]!;
      if (c === 0) {
        n = touch(id, len, n);
        c = 1;
      }
      counts[id] = c + ((any >>> (v & 15)) & 1);
    }
    // Where it occurs more often: the positions whose window holds one, at most its count
    // (a count of BIG_COUNT or more is above any cq ≤ POSITIONAL_MAX: its varint is not read).
    w = header.wm;
    let maskAt = at + multi * w;
    id = 0;
    for (let i = 0; i < multi; i++) {
      const v = fixed(buf, at, w);
      at += w;
      id += v >>> 4;
      const cx = (v & 15) + 2;
      const mask = buf[maskAt]! | (buf[maskAt + 1]! << 8);
      maskAt += 2;
      let add = (mask & w0 ? 1 : 0) + (mask & w1 ? 1 : 0) + (mask & w2 ? 1 : 0) + (mask & w3 ? 1 : 0);
      if (add > cx) add = cx;
      let c = counts[id]!;
      if (c === 0) {
        n = touch(id, len, n);
        c = 1;
      }
      counts[id] = c + add;
    }
  }
  return n;
}

/** The window masks (core/grams.ts, windowMask) of every query position, per stored text length, computed once per lookup. */
class WindowTable {
  private readonly rows: (Int32Array | undefined)[] = [];
  constructor(
    private readonly queryLength: number,
    private readonly min: number,
  ) {}
  row(len: number): Int32Array {
    let row = this.rows[len];
    if (!row) {
      const L = this.queryLength;
      const k = maxDistance(L > len ? L : len, this.min);
      row = new Int32Array(L + 1);
      for (let i = 0; i <= L; i++) row[i] = windowMask(i, L, len, k);
      this.rows[len] = row;
    }
    return row;
  }
}

/**
 * The window table of a query length and threshold: kept for the next lookups (a batch
 * meets the same lengths again, and a lookup counts twice, probe and all).
 */
function windowTable(queryLength: number, min: number): WindowTable {
  const key = queryLength * 128 + min;
  let table = windowTables.get(key);
  if (!table) {
    if (windowTables.size >= 64) windowTables.delete(windowTables.keys().next().value!);
    windowTables.set(key, (table = new WindowTable(queryLength, min)));
  }
  return table;
}
const windowTables = new Map<number, WindowTable>();

/** The query's positions of each bigram occurring at most POSITIONAL_MAX times: POSITIONAL_MAX per bigram, −1 beyond. */
function positionsOf(query: Bigrams, text: string): Int32Array {
  const at = new Int32Array(query.count * POSITIONAL_MAX).fill(-1);
  const index = new Map<number, number>();
  for (let g = 0; g < query.count; g++) if (query.counts[g]! <= POSITIONAL_MAX) index.set(query.grams[g]!, g);
  let prev = 0x02;
  for (let j = 0; j <= text.length; j++) {
    const cur = j < text.length ? text.charCodeAt(j) : 0x03;
    const g = index.get((prev * 65536 + cur) >>> 0);
    prev = cur;
    if (g === undefined) continue;
    let slot = g * POSITIONAL_MAX;
    while (at[slot] !== -1) slot++;
    at[slot] = j;
  }
  return at;
}

/**
 * The `howMany` bigrams of the query whose lists hold the fewest bytes for lengths in
 * [lo, hi] (their bands and mixed lists), rarest first. With `cacheable` (as for
 * countSharedTokens), the lists themselves are read into the process's cache: the count that
 * follows the probe reads the same lists, most often for the same window (always for a new
 * sentence, where the probe raises no floor), so reading them now costs nothing extra and
 * gives their sizes. Otherwise the sizes come from SQLite alone.
 */
export function rarestGrams(
  db: Database,
  side: Side,
  query: Bigrams,
  lo: number,
  hi: number,
  howMany: number,
  state: IndexState,
  cacheable: boolean,
): number[] {
  const st = statements(db);
  const bandLo = bandOf(lo);
  const bandHi = bandOf(hi);
  const bytes = new Float64Array(query.count);
  if (cacheable) {
    const lists: GramList[] = [];
    const all = Array.from({ length: query.count }, (_, g) => g);
    gatherLists(st, postingCache(db, state.generation), side, query, all, bandLo, bandHi, true, lists);
    for (const { chunks, gram } of lists) for (const c of chunks) bytes[gram]! += c.length;
  } else {
    const ranges: [number, number][] = [];
    const gramOf = new Map<number, number>();
    for (let g = 0; g < query.count; g++) {
      const first = listKey(side, query.grams[g]!, 0);
      gramOf.set(first, g);
      ranges.push([(first + bandLo) * CHUNK_SLOTS, (first + bandHi) * CHUNK_SLOTS + CHUNK_SLOTS - 1]);
      ranges.push([(first + MIXED) * CHUNK_SLOTS, (first + MIXED) * CHUNK_SLOTS + CHUNK_SLOTS - 1]);
    }
    for (const [key, size] of st.sizeRanges.all(JSON.stringify(ranges)) as [number, number][]) {
      const g = gramOf.get(Math.floor(key / CHUNK_SLOTS) - bandOfKey(key));
      if (g !== undefined) bytes[g]! += size;
    }
  }
  return Array.from(bytes.keys())
    .filter((g) => bytes[g]! > 0)
    .sort((a, b) => bytes[a]! - bytes[b]!)
    .slice(0, howMany);
}

/** Every indexed pair (on `side`) with a text length in [lo, hi]: id and length. */
export function* indexedByLength(db: Database, side: Side, lo: number, hi: number): Generator<[number, number]> {
  const st = statements(db);
  const from = listKey(side + EVERY, 0, bandOf(lo)) * CHUNK_SLOTS;
  const to = listKey(side + EVERY, 0, bandOf(hi)) * CHUNK_SLOTS + CHUNK_SLOTS - 1;
  const mixed = listKey(side + EVERY, 0, MIXED) * CHUNK_SLOTS;
  for (const [key, buf] of st.scanRange.all(from, to, mixed, mixed + CHUNK_SLOTS - 1) as [number, Buffer][]) {
    const p = decodePostings(buf, bandOfKey(key));
    for (let i = 0; i < p.ids.length; i++) {
      const len = p.lengths[i]!;
      if (len >= lo && len <= hi) yield [p.ids[i]!, len];
    }
  }
}
