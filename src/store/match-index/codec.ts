// The posting format of the lookup index, and how its rows are keyed: pure code, no SQL.
//
// Storage: table match_postings (key INTEGER PRIMARY KEY, ids BLOB). The key packs
// side · bigram · band · chunk, so all chunks of a token over a range of bands
// are one range of keys. A blob (a chunk) holds, for each text length, the ids of that
// length as varint deltas (see encodePostings). A token's small lists (a few texts in a band)
// share one "mixed" list of all lengths, read with the bands. Sides 2 and 3 list every
// indexed pair by length (no token): they enumerate a length range when a threshold is so
// low that sharing no token is no proof of a poor match.
import { BAND_COUNT, BAND_LO } from '../../core/grams.js';

/**
 * The version of the layout below (keys and chunks), recorded in match_state.format by every
 * build. Change it with any change to the layout: a TM whose lists have another format is
 * rebuilt, never read the wrong way.
 */
export const POSTING_FORMAT = 3;

/** Which text of a pair is indexed: the Dutch source or the English target. */
export type Side = 0 | 1;
export const SOURCE_SIDE: Side = 0;
export const TARGET_SIDE: Side = 1;
/** Added to a side for its "every pair by length" lists. */
export const EVERY = 2;

/** Chunk numbers a list key has room for (the low part of a row key). */
export const CHUNK_SLOTS = 128;

/**
 * The band value of "mixed" lists: a token's postings of several lengths in one chunk
 * (lengths absolute), for the bands where it has only a few, so that those cost one row, not
 * one per band. Readers read a token's mixed row with its bands; MIXED_CAP keeps it small.
 */
export const MIXED = BAND_COUNT;
/** A band's list of at most this many bytes goes to its token's mixed list at the end of a build. */
export const SPILL_MAX = 64;
/** A mixed list larger than this is spread over its length bands (a build's spills stay below it). */
export const MIXED_CAP = SPILL_MAX * BAND_COUNT;

/** The length a chunk's length offsets count from. */
export function bandBase(band: number): number {
  return band === MIXED ? 0 : BAND_LO[band]!;
}

/**
 * The key of a posting list without its chunk number. Row keys (list key × CHUNK_SLOTS +
 * chunk) use the 53 bits a double holds exactly, every one of them: 2 for the side, 32 for
 * the bigram, 6 kept 0 (format 1 numbered a bigram's repeats there), 6 for the band, 7 for
 * the chunk. A part out of its range would silently land on another list's key, so it is
 * refused.
 */
export function listKey(side: number, gram: number, band: number): number {
  if (!(side >= 0 && side < 4 && gram >= 0 && gram < 4294967296 && band >= 0 && band < 64)) {
    throw new RangeError(`posting list key out of range: side ${side}, bigram ${gram}, band ${band}`);
  }
  return (side * 4294967296 + gram) * 4096 + band;
}

/** The token (side · bigram) of a row key. */
export function tokenOfKey(key: number): number {
  return Math.floor(key / CHUNK_SLOTS / 4096);
}

// The parts the keys hold must fit their bits (a change to grams.ts could break that).
if (MIXED >= 64 || EVERY + 1 >= 4 || CHUNK_SLOTS > 128) throw new Error('posting list key parts exceed their bits');

/** The band of a row key (with its chunk number). */
export function bandOfKey(key: number): number {
  return Math.floor(key / CHUNK_SLOTS) % 64;
}

// --- the posting format ---------------------------------------------------------------

/** A growing byte buffer that writes varints. */
export class ByteWriter {
  buf = new Uint8Array(256);
  n = 0;
  varint(v: number): void {
    if (this.n + 10 > this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    // Ids and lengths stay below 2^31 in practice; larger values take the slow path.
    if (v < 0x80000000) {
      while (v >= 128) {
        this.buf[this.n++] = (v & 127) | 128;
        v >>>= 7;
      }
    } else {
      while (v >= 128) {
        this.buf[this.n++] = (v % 128) | 128;
        v = Math.floor(v / 128);
      }
    }
    this.buf[this.n++] = v;
  }
  /** Room for `more` bytes after what is written. */
  reserve(more: number): void {
    if (this.n + more <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + more));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }
  bytes(b: Uint8Array): void {
    if (this.n + b.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + b.length + 16));
      next.set(this.buf.subarray(0, this.n));
      this.buf = next;
    }
    this.buf.set(b, this.n);
    this.n += b.length;
  }
  /** The bytes written, without copying: valid until this writer is used again. */
  view(): Buffer {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset, this.n);
  }
}

/**
 * Postings of one list, decoded: ids with the length of each text, and what the list's
 * bigram does there (`payload`: count × 65536 + bit mask of the parts of the text where it
 * occurs; see core/grams.ts, Bigrams).
 */
export interface Postings {
  ids: number[];
  lengths: number[];
  payloads: number[];
}

/** A payload from a bigram's count and mask. */
export function payload(count: number, mask: number): number {
  return count * 65536 + mask;
}

/** Bytes of a varint. */
function varintBytes(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Bytes needed for `v` (at least 1). */
function widthOf(v: number): number {
  if (v < 0x100) return 1;
  if (v < 0x10000) return 2;
  if (v < 0x1000000) return 3;
  if (v < 0x100000000) return 4;
  let w = 5;
  while (w < 8 && v >= 2 ** (8 * w)) w++;
  return w;
}

/** Writes `v` in `w` bytes, low byte first, at `at`; returns where the next value starts. */
function putFixed(buf: Uint8Array, at: number, v: number, w: number): number {
  if (w <= 4) {
    buf[at] = v & 255;
    if (w > 1) buf[at + 1] = (v >>> 8) & 255;
    if (w > 2) buf[at + 2] = (v >>> 16) & 255;
    if (w > 3) buf[at + 3] = v >>> 24;
    return at + w;
  }
  for (let b = 0; b < w; b++) {
    buf[at++] = v % 256;
    v = Math.floor(v / 256);
  }
  return at;
}

/** Counts from this one on are written as a varint after the masks (see writeGroup). */
export const BIG_COUNT = 17;

/**
 * A chunk: for each text length present, one group, ids ascending in each of its two runs:
 *   varint(length − band start)  varint(bytes of the rest of the group)
 *   varint(s: postings whose bigram occurs once)  varint(m: postings whose bigram occurs more often)
 *   one byte: ws | wm × 16 (bytes per value of each run)
 *   s values, ws bytes each, low byte first: (id − the previous single's id, the first from 0) × 16
 *     + the part of the text where the bigram occurs (0 … 15)
 *   m values, wm bytes each: (id − the previous multiple's id) × 16 + c, where c = count − 2
 *     for counts 2 … 16, and c = 15 for BIG_COUNT or more
 *   m masks of the parts where it occurs (two bytes each, low first), in the order of the run
 *   varint(count − BIG_COUNT) for each c = 15, in order.
 * Fixed-width values in parallel runs: a lookup reads a posting without a branch per byte or per
 * kind of posting (the texts where a bigram occurs once, most of them, are one tight loop), skips
 * a length outside its window by its header, and reads no length per posting.
 */
export function writeGroup(out: ByteWriter, lengthOffset: number, ids: Float64Array, payloads: Uint32Array, from: number, to: number): void {
  let singles = 0;
  let multi = 0;
  let extBytes = 0;
  let maxSingle = 0;
  let maxMulti = 0;
  let prevSingle = 0;
  let prevMulti = 0;
  // Payloads stay below 2^32 (counts below 65,536): their halves are read with bit operations.
  for (let i = from; i < to; i++) {
    const id = ids[i]!;
    const count = payloads[i]! >>> 16;
    if (count === 1) {
      if (id - prevSingle > maxSingle) maxSingle = id - prevSingle;
      prevSingle = id;
      singles++;
    } else {
      if (id - prevMulti > maxMulti) maxMulti = id - prevMulti;
      prevMulti = id;
      multi++;
      if (count >= BIG_COUNT) extBytes += varintBytes(count - BIG_COUNT);
    }
  }
  const ws = widthOf(maxSingle * 16 + 15);
  const wm = widthOf(maxMulti * 16 + 15);
  const body = varintBytes(singles) + varintBytes(multi) + 1 + singles * ws + multi * (wm + 2) + extBytes;
  out.reserve(20 + body);
  out.varint(lengthOffset);
  out.varint(body);
  out.varint(singles);
  out.varint(multi);
  const buf = out.buf;
  buf[out.n++] = ws | (wm << 4);
  let singleAt = out.n;
  let multiAt = singleAt + singles * ws;
  let maskAt = multiAt + multi * wm;
  let extAt = maskAt + 2 * multi;
  prevSingle = 0;
  prevMulti = 0;
  for (let i = from; i < to; i++) {
    const id = ids[i]!;
    const pay = payloads[i]!;
    const count = pay >>> 16;
    const mask = pay & 0xffff;
    if (count === 1) {
      singleAt = putFixed(buf, singleAt, (id - prevSingle) * 16 + (31 - Math.clz32(mask)), ws);
      prevSingle = id;
      continue;
    }
    multiAt = putFixed(buf, multiAt, (id - prevMulti) * 16 + (count < BIG_COUNT ? count - 2 : 15), wm);
    prevMulti = id;
    buf[maskAt++] = mask & 255;
    buf[maskAt++] = mask >>> 8;
    if (count >= BIG_COUNT) {
      let v = count - BIG_COUNT;
      while (v >= 128) {
        buf[extAt++] = (v & 127) | 128;
        v >>>= 7;
      }
      buf[extAt++] = v;
    }
  }
  out.n = extAt;
}

/** Postings in the order chunks keep them: by text length, then by id. */
function sortPostings(p: Postings): Postings {
  const order = p.ids.map((_, i) => i).sort((a, b) => p.lengths[a]! - p.lengths[b]! || p.ids[a]! - p.ids[b]!);
  return { ids: order.map((i) => p.ids[i]!), lengths: order.map((i) => p.lengths[i]!), payloads: order.map((i) => p.payloads[i]!) };
}

const encodeOut = new ByteWriter();

/** A chunk (see writeGroup) of the postings `p` of a list in `band`. */
export function encodePostings(p: Postings, band: number): Buffer {
  const sorted = sortPostings(p);
  const out = encodeOut;
  out.n = 0;
  const lo = bandBase(band);
  for (let i = 0; i < sorted.ids.length; ) {
    const len = sorted.lengths[i]!;
    let j = i;
    while (j < sorted.ids.length && sorted.lengths[j] === len) j++;
    // Typed arrays, as the builder's: writeGroup then sees one kind of array (and stays fast).
    writeGroup(out, len - lo, Float64Array.from(sorted.ids.slice(i, j)), Uint32Array.from(sorted.payloads.slice(i, j)), 0, j - i);
    i = j;
  }
  // A view: every caller hands it to SQLite (which copies it) before encoding again.
  return out.view();
}

function readVarint(buf: Uint8Array, at: { pos: number }): number {
  let b = buf[at.pos++]!;
  let v = b & 127;
  for (let mul = 128; b >= 128; mul *= 128) {
    b = buf[at.pos++]!;
    v += (b & 127) * mul;
  }
  return v;
}

/** Reads a value of `w` bytes, low byte first, at `at`. */
function getFixed(buf: Uint8Array, at: number, w: number): number {
  let v = 0;
  for (let b = w - 1; b >= 0; b--) v = v * 256 + buf[at + b]!;
  return v;
}

/** The postings of one chunk (see writeGroup), appended to `into` (singles, then multiples, of each length). */
export function decodePostings(buf: Uint8Array, band: number, into: Postings = { ids: [], lengths: [], payloads: [] }): Postings {
  const lo = bandBase(band);
  const group: GroupAt = { len: 0, body: 0, end: 0 };
  for (let pos = 0; pos < buf.length; pos = group.end) {
    readGroupHeader(buf, pos, lo, group);
    decodeGroup(buf, group, into);
  }
  return into;
}

/** Where a group of a chunk is: its text length, where its counts start and where it ends. */
export interface GroupAt {
  len: number;
  body: number;
  end: number;
}

/** Reads the header of the group at `pos` (lengths counted from `base`) into `group`. */
export function readGroupHeader(buf: Uint8Array, pos: number, base: number, group: GroupAt): void {
  let b = buf[pos++]!;
  let v = b & 127;
  for (let mul = 128; b >= 128; mul *= 128) {
    b = buf[pos++]!;
    v += (b & 127) * mul;
  }
  group.len = base + v;
  b = buf[pos++]!;
  v = b & 127;
  for (let mul = 128; b >= 128; mul *= 128) {
    b = buf[pos++]!;
    v += (b & 127) * mul;
  }
  group.body = pos;
  group.end = pos + v;
}

/** How many postings the group (found by readGroupHeader) holds. */
export function groupSize(buf: Uint8Array, group: GroupAt): number {
  const at = { pos: group.body };
  return readVarint(buf, at) + readVarint(buf, at);
}

/**
 * Writes the postings of one group into `ids` and `payloads` from index `at` (singles, then
 * multiples, each run ids ascending); returns the index after them. The arrays must have room
 * (groupSize).
 */
export function decodeGroupInto(buf: Uint8Array, group: GroupAt, ids: Float64Array, payloads: Uint32Array, at: number): number {
  const pos = { pos: group.body };
  const singles = readVarint(buf, pos);
  const multi = readVarint(buf, pos);
  const widths = buf[pos.pos++]!;
  const ws = widths & 15;
  const wm = widths >>> 4;
  let valueAt = pos.pos;
  let id = 0;
  for (let i = 0; i < singles; i++) {
    const v = getFixed(buf, valueAt, ws);
    valueAt += ws;
    id += Math.floor(v / 16);
    ids[at] = id;
    payloads[at++] = 0x10000 + (1 << (v % 16));
  }
  let maskAt = valueAt + multi * wm;
  const ext = { pos: maskAt + 2 * multi };
  id = 0;
  for (let i = 0; i < multi; i++) {
    const v = getFixed(buf, valueAt, wm);
    valueAt += wm;
    id += Math.floor(v / 16);
    const c = v % 16;
    const mask = buf[maskAt]! | (buf[maskAt + 1]! << 8);
    maskAt += 2;
    ids[at] = id;
    payloads[at++] = payload(c < 15 ? c + 2 : BIG_COUNT + readVarint(buf, ext), mask);
  }
  return at;
}

// Scratch of decodeGroup: one group's ids and payloads, as decodeGroupInto writes them.
let decodedIds = new Float64Array(1024);
let decodedPayloads = new Uint32Array(1024);

/**
 * Appends the postings of one group (found by readGroupHeader) to `into`: singles, then
 * multiples. The format is read in one place, decodeGroupInto.
 */
export function decodeGroup(buf: Uint8Array, group: GroupAt, into: Postings): void {
  const n = groupSize(buf, group);
  if (n > decodedIds.length) {
    decodedIds = new Float64Array(Math.max(n, decodedIds.length * 2));
    decodedPayloads = new Uint32Array(decodedIds.length);
  }
  decodeGroupInto(buf, group, decodedIds, decodedPayloads, 0);
  for (let i = 0; i < n; i++) {
    into.ids.push(decodedIds[i]!);
    into.lengths.push(group.len);
    into.payloads.push(decodedPayloads[i]!);
  }
}

/** One list from several (an id is in at most one of them). */
export function mergePostings(lists: Postings[]): Postings {
  return { ids: lists.flatMap((l) => l.ids), lengths: lists.flatMap((l) => l.lengths), payloads: lists.flatMap((l) => l.payloads) };
}

// Scratch of encodeGroup: one group's ids and payloads.
let groupIds = new Float64Array(1024);
let groupPayloads = new Uint32Array(1024);

/**
 * Writes one length group of a chunk (see writeGroup) to `out`: the postings ranks[from…]
 * (with payloads[from…]) whose rank is below where the next length starts, up to `to`, with
 * the length counted from `base`. Returns where the next group starts.
 */
export function encodeGroup(
  out: ByteWriter,
  base: number,
  ranks: Int32Array,
  from: number,
  to: number,
  lengthStart: Int32Array,
  len: number,
  rankedId: Float64Array,
  payloads: Uint32Array,
): number {
  const limit = lengthStart[len + 1]!;
  let k = from;
  while (k < to && ranks[k]! < limit) k++;
  if (k - from > groupIds.length) {
    groupIds = new Float64Array(Math.max(k - from, groupIds.length * 2));
    groupPayloads = new Uint32Array(groupIds.length);
  }
  for (let i = from; i < k; i++) {
    groupIds[i - from] = rankedId[ranks[i]!]!;
    groupPayloads[i - from] = payloads[i]!;
  }
  writeGroup(out, len - base, groupIds, groupPayloads, 0, k - from);
  return k;
}
