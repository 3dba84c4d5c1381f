// The posting format of the lookup index, and how its rows are keyed: pure code, no SQL.
//
// Storage: table match_postings (key INTEGER PRIMARY KEY, ids BLOB). The key packs
// side · bigram · occurrence · band · chunk, so all chunks of a token over a range of bands
// are one range of keys. A blob (a chunk) holds, for each text length, the ids of that
// length as varint deltas (see encodePostings). A token's small lists (a few texts in a band)
// share one "mixed" list of all lengths, read with the bands. Sides 2 and 3 list every
// indexed pair by length (no token): they enumerate a length range when a threshold is so
// low that sharing no token is no proof of a poor match.
import { BAND_COUNT, BAND_LO, OCCURRENCE_CAP } from '../../core/grams.js';

/**
 * The version of the layout below (keys and chunks), recorded in match_state.format by every
 * build. Change it with any change to the layout: a TM whose lists have another format is
 * rebuilt, never read the wrong way.
 */
export const POSTING_FORMAT = 1;

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
 * the bigram, 6 each for occurrence and band, 7 for the chunk. A part out of its range would
 * silently land on another list's key, so it is refused.
 */
export function listKey(side: number, gram: number, occurrence: number, band: number): number {
  if (!(side >= 0 && side < 4 && gram >= 0 && gram < 4294967296 && occurrence >= 0 && occurrence < 64 && band >= 0 && band < 64)) {
    throw new RangeError(`posting list key out of range: side ${side}, bigram ${gram}, occurrence ${occurrence}, band ${band}`);
  }
  return ((side * 4294967296 + gram) * 64 + occurrence) * 64 + band;
}

// The parts the keys hold must fit their bits (a change to grams.ts could break that).
if (OCCURRENCE_CAP > 64 || MIXED >= 64 || EVERY + 1 >= 4 || CHUNK_SLOTS > 128) throw new Error('posting list key parts exceed their bits');

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

/** Postings of one list, decoded: ids with the length of each text. */
export interface Postings {
  ids: number[];
  lengths: number[];
}

/** Postings in the order chunks keep them: by text length, then by id. */
function sortPostings(p: Postings): Postings {
  const order = p.ids.map((_, i) => i).sort((a, b) => p.lengths[a]! - p.lengths[b]! || p.ids[a]! - p.ids[b]!);
  return { ids: order.map((i) => p.ids[i]!), lengths: order.map((i) => p.lengths[i]!) };
}

/**
 * A chunk: for each text length present, varint(length − band start), varint(bytes of ids),
 * then the ids ascending as varint deltas from 0. A lookup skips a length outside its window
 * without reading its ids, and reads no length per posting.
 */
const encodeOut = new ByteWriter();
const encodeIds = new ByteWriter();

export function encodePostings(p: Postings, band: number): Buffer {
  const sorted = sortPostings(p);
  const out = encodeOut;
  const ids = encodeIds;
  out.n = 0;
  const lo = bandBase(band);
  for (let i = 0; i < sorted.ids.length; ) {
    const len = sorted.lengths[i]!;
    ids.n = 0;
    let prev = 0;
    for (; i < sorted.ids.length && sorted.lengths[i] === len; i++) {
      ids.varint(sorted.ids[i]! - prev);
      prev = sorted.ids[i]!;
    }
    out.varint(len - lo);
    out.varint(ids.n);
    out.bytes(ids.buf.subarray(0, ids.n));
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

/** The postings of one chunk (see encodePostings), appended to `into`. */
export function decodePostings(buf: Uint8Array, band: number, into: Postings = { ids: [], lengths: [] }): Postings {
  const lo = bandBase(band);
  const at = { pos: 0 };
  while (at.pos < buf.length) {
    const len = lo + readVarint(buf, at);
    const bytes = readVarint(buf, at);
    const end = at.pos + bytes;
    let id = 0;
    while (at.pos < end) {
      id += readVarint(buf, at);
      into.ids.push(id);
      into.lengths.push(len);
    }
  }
  return into;
}

/** One list from several (an id is in at most one of them). */
export function mergePostings(lists: Postings[]): Postings {
  return { ids: lists.flatMap((l) => l.ids), lengths: lists.flatMap((l) => l.lengths) };
}

/**
 * Writes one length group of a chunk (see encodePostings) to `out`: the postings
 * ranks[from…] whose rank is below where the next length starts, up to `to`, with the
 * length counted from `base`. Returns where the next group starts. The ids are written in
 * place after a one-byte size, moved only in the rare group of 128 bytes or more.
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
): number {
  const limit = lengthStart[len + 1]!;
  out.reserve(20 + (to - from) * 10);
  out.varint(len - base);
  const buf = out.buf;
  const sizeAt = out.n;
  let n = sizeAt + 1;
  let prev = 0;
  let k = from;
  for (; k < to; k++) {
    const r = ranks[k]!;
    if (r >= limit) break;
    const id = rankedId[r]!;
    let v = id - prev;
    prev = id;
    if (v < 0x80000000) {
      while (v >= 128) {
        buf[n++] = (v & 127) | 128;
        v >>>= 7;
      }
    } else {
      while (v >= 128) {
        buf[n++] = (v % 128) | 128;
        v = Math.floor(v / 128);
      }
    }
    buf[n++] = v;
  }
  const bytes = n - sizeAt - 1;
  if (bytes < 128) {
    buf[sizeAt] = bytes;
    out.n = n;
  } else {
    out.n = sizeAt;
    const head = new ByteWriter();
    head.varint(bytes);
    buf.copyWithin(sizeAt + head.n, sizeAt + 1, n);
    buf.set(head.buf.subarray(0, head.n), sizeAt);
    out.n = sizeAt + head.n + bytes;
  }
  return k;
}
