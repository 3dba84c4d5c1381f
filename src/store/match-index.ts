// The candidate index for fuzzy lookup, kept in the translation memory itself (schema 4).
//
// For every live approved pair it holds the padded bigram tokens (src/core/grams.ts) of the
// Dutch and of the English text, as posting lists: for a token, a side and a length band,
// the ids of the pairs whose text has that token, each with the text's exact length. A
// lookup adds one per shared token for every pair in its length window (a "scan count");
// src/store/lookup.ts turns the counts into score bounds and scores only what can win.
//
// Storage: table match_postings (key INTEGER PRIMARY KEY, ids BLOB). The key packs
// side · bigram · occurrence · band · chunk, so all chunks of a token over a range of bands
// are one range of keys. A blob (a chunk) holds, for each text length, the ids of that
// length as varint deltas (see encodePostings). A token's small lists (a few texts in a band)
// share one "mixed" list of all lengths, read with the bands. Sides 2 and 3 list every
// indexed pair by length (no token): they enumerate a length range when a threshold is so
// low that sharing no token is no proof of a poor match.
//
// Keeping it right: triggers on pairs (migration 004) log every change to a pair that the
// index already covers into match_pending, with the texts as they were indexed. New pairs
// need no log: the index covers ids up to match_state.indexed_through. Lookups score the
// backlog (logged pairs and ids above the mark) directly, so they are exact at any moment;
// `syncMatchIndex` folds the backlog into the posting lists, in the writer's transaction.
import type { Database, Statement } from 'better-sqlite3';
import { BAND_COUNT, BAND_LO, bandOf, tokensOf, type Tokens } from '../core/grams.js';

/** Which text of a pair is indexed: the Dutch source or the English target. */
export type Side = 0 | 1;
export const SOURCE_SIDE: Side = 0;
export const TARGET_SIDE: Side = 1;
/** Added to a side for its "every pair by length" lists. */
const EVERY = 2;

const CHUNK_SLOTS = 128;
/** A key gets at most this many chunks; one more and they are merged into one. */
const MAX_CHUNKS = 16;
/** A last chunk smaller than this (bytes) takes new postings in place instead of a new chunk. */
let SMALL_CHUNK = 8192;
/** Backlog (changed or new pairs) a writer leaves for lookups to score directly. */
export const SYNC_BACKLOG = 500;
/** Bytes of arrays for postings built in memory (8 bytes a posting): a hundred thousand
 *  pairs of news text fit one batch; a million take about ten. */
const DEFAULT_BUILD_LIMIT = 128 * 1024 * 1024;
let BUILD_LIMIT = DEFAULT_BUILD_LIMIT;

/** Sets the memory an index build may use (tests use a tiny one to exercise every path). */
export function setIndexBuildMemory(bytes = DEFAULT_BUILD_LIMIT): void {
  BUILD_LIMIT = Math.max(12 * 1024, bytes);
  SMALL_CHUNK = Math.min(8192, Math.floor(BUILD_LIMIT / 64));
  sharedBuilder = undefined;
  sharedBuilderBusy = false;
}

/**
 * The band value of "mixed" lists: a token's postings of several lengths in one chunk
 * (lengths absolute), for the bands where it has only a few, so that those cost one row, not
 * one per band. Readers read a token's mixed row with its bands; MIXED_CAP keeps it small.
 */
const MIXED = BAND_COUNT;
/** A band's list of at most this many bytes goes to its token's mixed list at the end of a build. */
const SPILL_MAX = 64;
/** A mixed list larger than this is spread over its length bands (a build's spills stay below it). */
const MIXED_CAP = SPILL_MAX * BAND_COUNT;

/** The length a chunk's length offsets count from. */
function bandBase(band: number): number {
  return band === MIXED ? 0 : BAND_LO[band]!;
}

/** The key of a posting list without its chunk number. */
function listKey(side: number, gram: number, occurrence: number, band: number): number {
  return ((side * 4294967296 + gram) * 64 + occurrence) * 64 + band;
}

function bandOfKey(key: number): number {
  return Math.floor(key / CHUNK_SLOTS) % 64;
}

// --- the posting format ---------------------------------------------------------------

class ByteWriter {
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
interface Postings {
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

function encodePostings(p: Postings, band: number): Buffer {
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

function decodePostings(buf: Uint8Array, band: number, into: Postings = { ids: [], lengths: [] }): Postings {
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
function mergePostings(lists: Postings[]): Postings {
  return { ids: lists.flatMap((l) => l.ids), lengths: lists.flatMap((l) => l.lengths) };
}

// --- statements -----------------------------------------------------------------------

interface Statements {
  state: Statement;
  setState: Statement;
  maxId: Statement;
  pendingCount: Statement;
  pending: Statement;
  clearPending: Statement;
  toIndex: Statement;
  chunks: Statement;
  chunkSizes: Statement;
  putChunk: Statement;
  newChunk: Statement;
  dropChunk: Statement;
  scanRange: Statement;
  scanRanges: Statement;
}

const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      state: db.prepare(`SELECT indexed_through AS through, generation FROM match_state WHERE id = 1`),
      setState: db.prepare(`UPDATE match_state SET indexed_through = ?, generation = generation + 1 WHERE id = 1`),
      maxId: db.prepare(`SELECT coalesce(max(id), 0) FROM pairs`).pluck(),
      pendingCount: db.prepare(`SELECT count(*) FROM match_pending`).pluck(),
      pending: db.prepare(`SELECT pair_id AS id, source_norm AS source, target_norm AS target, indexed FROM match_pending`),
      clearPending: db.prepare(`DELETE FROM match_pending`),
      toIndex: db
        .prepare(
          `SELECT id, source_norm, target_norm FROM pairs
           WHERE id > ? AND (id > ? OR id IN (SELECT pair_id FROM match_pending))
             AND deleted_at IS NULL AND status = 'approved'
           ORDER BY id LIMIT ?`,
        )
        .raw(),
      chunks: db.prepare(`SELECT key, ids FROM match_postings WHERE key BETWEEN ? AND ? ORDER BY key`).raw(),
      chunkSizes: db.prepare(`SELECT key, length(ids) FROM match_postings WHERE key BETWEEN ? AND ? ORDER BY key`).raw(),
      putChunk: db.prepare(`INSERT OR REPLACE INTO match_postings (key, ids) VALUES (?, ?)`),
      newChunk: db.prepare(`INSERT OR IGNORE INTO match_postings (key, ids) VALUES (?, ?)`),
      dropChunk: db.prepare(`DELETE FROM match_postings WHERE key = ?`),
      scanRange: db.prepare(`SELECT key, ids FROM match_postings WHERE key BETWEEN ? AND ? OR key BETWEEN ? AND ?`).raw(),
      scanRanges: db
        .prepare(`SELECT p.key, p.ids FROM json_each(?) r JOIN match_postings p ON p.key BETWEEN r.value ->> 0 AND r.value ->> 1`)
        .raw(),
    };
    cache.set(db, s);
  }
  return s;
}

// --- building -------------------------------------------------------------------------

/**
 * Posting lists built in memory, by sorting. Each text is tokenised as it comes: its
 * postings (the tokens' dense numbers) are appended to a flat typed array, contiguous per
 * text, with no object and no per-list bookkeeping. A flush ranks the texts by length
 * (stably, so by id within a length), lays the postings out again in rank order as (token,
 * rank), and groups them by token with one stable counting sort. Every token then has its
 * ranks ascending, which is the order of the chunk format (see encodePostings): by length,
 * then id. Each band's list is a run of ranks, each length group a run within it, found by
 * comparing ranks with where each length starts; one sequential pass encodes them.
 *
 * Rows: a row costs about as much to write as a kilobyte of postings, and most (token, band)
 * lists are tiny (a rare bigram in a band with few texts). So a list of at most SPILL_MAX
 * bytes goes into its token's mixed list instead of a row of its own. Readers read a token's
 * mixed list with its bands anyway and skip its length groups outside their window by the
 * group headers. Nothing is lost: every posting is in exactly one of the two.
 *
 * Memory stays bounded (8 bytes a posting): when the arrays are full, everything is written
 * and the next batch starts empty. A list written by an earlier batch continues in its next
 * chunk (IndexWriter), so a list has about one chunk per batch: one for 100k pairs of news
 * text, a handful for a million. (Carrying small lists over to the next batch instead, as a
 * list-by-list builder can, would have to re-sort them with every batch.)
 */
export class PostingBuilder {
  // Latin-1 bigram, side, occurrence 0–3 → token (−1: none yet).
  private direct = new Int32Array(2 * 4 * 65536).fill(-1);
  private tokenSlots = 1 << 12;
  private slotGram = new Int32Array(this.tokenSlots);
  private slotTag = new Int32Array(this.tokenSlots).fill(-1);
  private slotToken = new Int32Array(this.tokenSlots);
  private tokenKeyOf: number[] = [];
  // Postings in the order the texts came (tok), and the flush's copy grouped by token. Sized
  // for a whole batch up front: pages not yet written cost no memory.
  private cap: number;
  private tok: Int32Array;
  private sorted: Int32Array;
  private n = 0;
  /** Postings of each token in `tok`. */
  private perToken = new Int32Array(1024);
  // Texts: where their postings start, length, pair id.
  private textStart = new Int32Array(1024);
  private textLen = new Int32Array(1024);
  private textId = new Float64Array(1024);
  private nt = 0;
  private tokens: Tokens | undefined;

  constructor(memory = BUILD_LIMIT) {
    this.cap = Math.max(1024, Math.floor(memory / 8));
    this.tok = new Int32Array(this.cap);
    this.sorted = new Int32Array(this.cap);
  }

  /** True when a text of this length can be added without flushing first. */
  fits(length: number): boolean {
    return this.n + length + 2 <= this.cap;
  }

  /** Forgets everything posted, keeping the memory and the token numbers for the next build. */
  clear(): void {
    this.n = 0;
    this.nt = 0;
    this.perToken.fill(0);
  }

  /** Adds a text of one pair (its side); texts come in id order. */
  add(side: Side, text: string, id: number): void {
    const t = (this.tokens = tokensOf(text, this.tokens));
    if (this.n + t.count + 1 > this.cap) this.grow(this.n + t.count + 1);
    this.newText(text.length, id);
    const tok = this.tok;
    // tokenOf may grow the counts: read them again after it.
    let perToken = this.perToken;
    let n = this.n;
    for (let i = 0; i < t.count; i++) {
      const gram = t.grams[i]!;
      const occurrence = t.occurrences[i]!;
      let token: number;
      if (gram < 0x01000000 && (gram & 0xff00) === 0 && occurrence < 4) {
        const at = (((side << 2) | occurrence) << 16) | ((gram >>> 8) & 0xff00) | (gram & 0xff);
        token = this.direct[at]!;
        if (token < 0) {
          this.direct[at] = token = this.tokenOf(gram | 0, side * 64 + occurrence);
          perToken = this.perToken;
        }
      } else {
        token = this.tokenOf(gram | 0, side * 64 + occurrence);
        perToken = this.perToken;
      }
      tok[n++] = token;
      perToken[token]!++;
    }
    const every = this.tokenOf(0, (side + EVERY) * 64);
    tok[n++] = every;
    this.perToken[every]!++;
    this.n = n;
  }

  private newText(length: number, id: number): void {
    if (this.nt + 1 >= this.textLen.length) {
      const size = this.textLen.length * 2;
      const start = new Int32Array(size);
      start.set(this.textStart);
      const len = new Int32Array(size);
      len.set(this.textLen);
      const ids = new Float64Array(size);
      ids.set(this.textId);
      this.textStart = start;
      this.textLen = len;
      this.textId = ids;
    }
    this.textStart[this.nt] = this.n;
    this.textLen[this.nt] = length;
    this.textId[this.nt++] = id;
  }

  /** Room for a text longer than the free part of the arrays (rare: they hold millions). */
  private grow(postings: number): void {
    this.cap = Math.max(postings, this.cap * 2);
    const tok = new Int32Array(this.cap);
    tok.set(this.tok.subarray(0, this.n));
    this.tok = tok;
    this.sorted = new Int32Array(this.cap);
  }

  /** The dense number of a token: `gram` is the bigram code as int32, `tag` side · 64 + occurrence. */
  private tokenOf(gram: number, tag: number): number {
    const mask = this.tokenSlots - 1;
    let h = (Math.imul(gram, 0x9e3779b1) ^ Math.imul(tag, 0x85ebca6b)) >>> 0;
    h = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const t = this.slotTag[h]!;
      if (t === -1) break;
      if (t === tag && this.slotGram[h] === gram) return this.slotToken[h]!;
      h = (h + 1) & mask;
    }
    const token = this.tokenKeyOf.length;
    // The list key of (side, gram, occurrence) at band 0, as listKey() computes it.
    this.tokenKeyOf.push(listKey(tag >> 6, gram >>> 0, tag & 63, 0));
    this.slotGram[h] = gram;
    this.slotTag[h] = tag;
    this.slotToken[h] = token;
    if (this.tokenKeyOf.length * 2 > this.tokenSlots) this.growTokens();
    if (token >= this.perToken.length) {
      const perToken = new Int32Array(this.perToken.length * 2);
      perToken.set(this.perToken);
      this.perToken = perToken;
    }
    return token;
  }

  private growTokens(): void {
    const old = { gram: this.slotGram, tag: this.slotTag, token: this.slotToken };
    this.tokenSlots *= 2;
    const mask = this.tokenSlots - 1;
    this.slotGram = new Int32Array(this.tokenSlots);
    this.slotTag = new Int32Array(this.tokenSlots).fill(-1);
    this.slotToken = new Int32Array(this.tokenSlots);
    for (let i = 0; i < old.tag.length; i++) {
      const tag = old.tag[i]!;
      if (tag === -1) continue;
      const gram = old.gram[i]!;
      let h = (Math.imul(gram, 0x9e3779b1) ^ Math.imul(tag, 0x85ebca6b)) >>> 0;
      h = (h ^ (h >>> 15)) & mask;
      while (this.slotTag[h] !== -1) h = (h + 1) & mask;
      this.slotGram[h] = gram;
      this.slotTag[h] = tag;
      this.slotToken[h] = old.token[i]!;
    }
  }

  /**
   * Hands every list to `write` in key order, as (key without chunk, chunk), and starts an
   * empty batch.
   */
  flush(write: (key: number, postings: Buffer) => void): void {
    const nt = this.nt;
    const textLen = this.textLen;
    const textStart = this.textStart;
    textStart[nt] = this.n;
    // Rank the texts by length, stably: ranks of one length are a range, ids ascending in it.
    let maxLen = 0;
    for (let x = 0; x < nt; x++) if (textLen[x]! > maxLen) maxLen = textLen[x]!;
    const lengthStart = new Int32Array(maxLen + 2);
    for (let x = 0; x < nt; x++) lengthStart[textLen[x]! + 1]!++;
    for (let l = 0; l <= maxLen; l++) lengthStart[l + 1]! += lengthStart[l]!;
    const fillLen = lengthStart.slice();
    const rankedText = new Int32Array(nt);
    const rankedId = new Float64Array(nt);
    for (let x = 0; x < nt; x++) {
      const r = fillLen[textLen[x]!]!++;
      rankedText[r] = x;
      rankedId[r] = this.textId[x]!;
    }
    // Grouped by token, texts in rank order: one stable counting sort (the counts were kept
    // while adding), so ranks come out ascending within a token.
    const tok = this.tok;
    const sorted = this.sorted;
    const tokenCount = this.tokenKeyOf.length;
    const starts = new Int32Array(tokenCount + 1);
    const present: number[] = [];
    for (let t = 0; t < tokenCount; t++) {
      if (this.perToken[t] !== 0) present.push(t);
      starts[t + 1] = starts[t]! + this.perToken[t]!;
    }
    const fill = starts.slice(0, tokenCount);
    for (let r = 0; r < nt; r++) {
      const x = rankedText[r]!;
      for (let p = textStart[x]!, end = textStart[x + 1]!; p < end; p++) sorted[fill[tok[p]!]!++] = r;
    }
    // Rows are inserted in key order: appended to the b-tree, not split into it.
    const keyOf = this.tokenKeyOf;
    present.sort((a, b) => keyOf[a]! - keyOf[b]!);

    // The first rank of each band, and of each length (lengthStart) above.
    const bandStart = new Int32Array(BAND_COUNT + 1);
    for (let b = 0; b <= BAND_COUNT; b++) bandStart[b] = b < BAND_COUNT ? lengthStart[Math.min(BAND_LO[b]!, maxLen + 1)]! : nt;
    const mixed = encoding.mixed;
    const out = encoding.out;
    for (const t of present) {
      const count = starts[t + 1]!;
      const tokenKey = keyOf[t]!;
      mixed.n = 0;
      for (let i = starts[t]!; i < count; ) {
        const band = bandOf(textLen[rankedText[sorted[i]!]!]!);
        const base = BAND_LO[band]!;
        const bandEnd = bandStart[band + 1]!;
        out.n = 0;
        let j = i;
        while (j < count && sorted[j]! < bandEnd) j = encodeGroup(out, base, sorted, j, count, lengthStart, textLen[rankedText[sorted[j]!]!]!, rankedId);
        if (out.n <= SPILL_MAX) {
          // Into the token's mixed list: the same groups, with lengths counted from 0.
          for (let k = i; k < j; ) k = encodeGroup(mixed, 0, sorted, k, j, lengthStart, textLen[rankedText[sorted[k]!]!]!, rankedId);
        } else write(tokenKey + band, out.view());
        i = j;
      }
      if (mixed.n > 0) write(tokenKey + MIXED, mixed.view());
    }

    this.n = 0;
    this.nt = 0;
    this.perToken.fill(0);
  }
}

/**
 * Writes one length group of a chunk (see encodePostings) to `out`: the postings
 * ranks[from…] whose rank is below where the next length starts, up to `to`, with the
 * length counted from `base`. Returns where the next group starts. The ids are written in
 * place after a one-byte size, moved only in the rare group of 128 bytes or more.
 */
function encodeGroup(
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

/** Scratch of PostingBuilder.flush. */
const encoding = { out: new ByteWriter(), mixed: new ByteWriter() };

/**
 * Writes new postings of one list after its existing chunks (merging small or many chunks).
 * Returns the chunk they went to.
 */
function appendToList(st: Statements, key: number, fresh: Buffer): number {
  const first = key * CHUNK_SLOTS;
  // Most lists of a large build are new: one statement then.
  if (st.newChunk.run(first, fresh).changes === 1) return 0;
  const band = bandOfKey(first);
  if (band === MIXED) {
    const rows = st.chunks.all(first, first + CHUNK_SLOTS - 1) as [number, Buffer][];
    const all = mergePostings([...rows.map(([, ids]) => decodePostings(ids, MIXED)), decodePostings(fresh, MIXED)]);
    for (const [k] of rows) st.dropChunk.run(k);
    const chunk = encodePostings(all, MIXED);
    if (chunk.length <= MIXED_CAP) {
      st.putChunk.run(first, chunk);
      return 0;
    }
    // Grown too big to be read by every lookup of its token: spread over its length bands.
    const byBand = new Map<number, Postings>();
    for (let i = 0; i < all.ids.length; i++) {
      const b = bandOf(all.lengths[i]!);
      let p = byBand.get(b);
      if (!p) byBand.set(b, (p = { ids: [], lengths: [] }));
      p.ids.push(all.ids[i]!);
      p.lengths.push(all.lengths[i]!);
    }
    for (const [b, p] of [...byBand].sort((x, y) => x[0] - y[0])) appendToList(st, key - MIXED + b, encodePostings(p, b));
    return 0;
  }
  const sizes = st.chunkSizes.all(first, first + CHUNK_SLOTS - 1) as [number, number][];
  const [lastKey, lastSize] = sizes[sizes.length - 1]!;
  const lastChunk = lastKey - first;
  if (lastSize < SMALL_CHUNK) {
    // A small last chunk absorbs the new postings: many small syncs make one chunk.
    const old = st.chunks.get(lastKey, lastKey) as [number, Buffer];
    const merged = mergePostings([decodePostings(old[1], band), decodePostings(fresh, band)]);
    st.putChunk.run(lastKey, encodePostings(merged, band));
    return lastChunk;
  }
  if (sizes.length < MAX_CHUNKS && lastChunk + 1 < CHUNK_SLOTS) {
    st.putChunk.run(lastKey + 1, fresh);
    return lastChunk + 1;
  }
  const rows = st.chunks.all(first, first + CHUNK_SLOTS - 1) as [number, Buffer][];
  const merged = mergePostings([...rows.map(([, ids]) => decodePostings(ids, band)), decodePostings(fresh, band)]);
  for (const [k] of rows) st.dropChunk.run(k);
  st.putChunk.run(first, encodePostings(merged, band));
  return 0;
}

/** Removes pairs from lists: for each list key, the ids to take out of it. */
function removeFromLists(st: Statements, removals: Map<number, Set<number>>): void {
  const keys = [...removals.keys()].sort((a, b) => a - b);
  for (const key of keys) {
    const gone = removals.get(key)!;
    const first = key * CHUNK_SLOTS;
    const band = bandOfKey(first);
    for (const [k, ids] of st.chunks.all(first, first + CHUNK_SLOTS - 1) as [number, Buffer][]) {
      const p = decodePostings(ids, band);
      const kept: Postings = { ids: [], lengths: [] };
      for (let i = 0; i < p.ids.length; i++) {
        if (gone.has(p.ids[i]!)) continue;
        kept.ids.push(p.ids[i]!);
        kept.lengths.push(p.lengths[i]!);
      }
      if (kept.ids.length === p.ids.length) continue;
      if (kept.ids.length === 0) st.dropChunk.run(k);
      else st.putChunk.run(k, encodePostings(kept, band));
    }
  }
}

function addRemovals(removals: Map<number, Set<number>>, side: Side, text: string, id: number, tokens?: Tokens): Tokens {
  const band = bandOf(text.length);
  const t = tokensOf(text, tokens);
  const keys = [listKey(side + EVERY, 0, 0, band), listKey(side + EVERY, 0, 0, MIXED)];
  for (let i = 0; i < t.count; i++) {
    keys.push(listKey(side, t.grams[i]!, t.occurrences[i]!, band), listKey(side, t.grams[i]!, t.occurrences[i]!, MIXED));
  }
  for (const k of keys) {
    let set = removals.get(k);
    if (!set) removals.set(k, (set = new Set()));
    set.add(id);
  }
  return t;
}

/** Where the index stands: pairs with ids up to `through` are covered, except `pending`. */
export interface IndexState {
  through: number;
  generation: number;
}

/** The index's coverage mark and generation (it changes whenever posting lists change). */
export function indexState(db: Database): IndexState {
  return statements(db).state.get() as IndexState;
}

/**
 * Folds every change since the last sync into the posting lists, when the backlog has
 * reached SYNC_BACKLOG (or always with `force`). Call inside the writing transaction.
 * Returns true when it did.
 */
export function syncMatchIndex(db: Database, opts: { force?: boolean } = {}): boolean {
  const st = statements(db);
  const backlog = (st.pendingCount.get() as number) + Math.max(0, (st.maxId.get() as number) - indexState(db).through);
  if (backlog === 0 || (!opts.force && backlog < SYNC_BACKLOG)) return false;
  // Its own transaction, or a savepoint within the caller's: the index changes all at once.
  db.transaction(() => sync(db))();
  return true;
}

/** Removals from this many pairs on, a sync may rebuild the index instead (see `sync`; `rebuildIsCheaper`). */
const DEFAULT_REBUILD_FROM = 20_000;
let REBUILD_FROM = DEFAULT_REBUILD_FROM;

/**
 * True when taking `leaving` pairs out of the index costs more than building it again for the
 * pairs that stay: more of them leave than stay (an undone import).
 */
export function rebuildIsCheaper(db: Database, leaving: number): boolean {
  if (leaving < REBUILD_FROM) return false;
  const live = db.prepare(`SELECT count(*) FROM pairs WHERE deleted_at IS NULL AND status = 'approved'`).pluck().get() as number;
  return leaving > live - leaving;
}

/** Sets from how many removed pairs a sync may rebuild instead (tests lower it). */
export function setRebuildFrom(pairs = DEFAULT_REBUILD_FROM): void {
  REBUILD_FROM = pairs;
}

function sync(db: Database): void {
  const st = statements(db);
  const { through } = indexState(db);
  const maxId = st.maxId.get() as number;
  const pending = st.pending.all() as { id: number; source: string | null; target: string | null; indexed: number }[];

  // Taking a pair out costs a pass over every list its tokens are on, however short its text;
  // indexing the pairs that stay costs what an import of them does. When more pairs leave the
  // index than stay in it (an undone import), building it anew is the cheaper of the two.
  const leaving = pending.reduce((n, p) => n + p.indexed, 0);
  if (leaving >= REBUILD_FROM && leaving > (db.prepare(`SELECT count(*) FROM pairs WHERE deleted_at IS NULL AND status = 'approved'`).pluck().get() as number)) {
    clearMatchIndex(db);
    sync(db);
    return;
  }

  // A side whose text is still what the index holds for the pair (an edit of the English
  // leaves the Dutch as it was) keeps its postings: only changed sides go out and back in.
  const current = new Map<number, [string, string]>();
  for (const [id, source, target] of db
    .prepare(`SELECT id, source_norm, target_norm FROM pairs WHERE id IN (SELECT pair_id FROM match_pending WHERE indexed = 1) AND deleted_at IS NULL AND status = 'approved'`)
    .raw()
    .iterate() as Iterable<[number, string, string]>) {
    current.set(id, [source, target]);
  }
  const kept = new Map<number, { source: boolean; target: boolean }>();
  for (const p of pending) {
    const now = current.get(p.id);
    if (p.indexed && now) kept.set(p.id, { source: p.source === now[0], target: p.target === now[1] });
  }

  // Take out what the index holds for changed pairs (the texts as they were indexed)...
  const removals = new Map<number, Set<number>>();
  let t: Tokens | undefined;
  for (const p of pending) {
    if (!p.indexed) continue;
    const keep = kept.get(p.id);
    if (p.source !== null && !keep?.source) t = addRemovals(removals, SOURCE_SIDE, p.source, p.id, t);
    if (p.target !== null && !keep?.target) t = addRemovals(removals, TARGET_SIDE, p.target, p.id, t);
  }
  removeFromLists(st, removals);

  // ...then index every changed or new pair that is live and approved now.
  const build = new IndexBuild(db);
  try {
    let after = 0;
    for (;;) {
      const rows = st.toIndex.all(after, through, 20000) as [number, string, string][];
      if (rows.length === 0) break;
      for (const [id, source, target] of rows) {
        const keep = kept.get(id);
        build.add(id, keep?.source ? null : source, keep?.target ? null : target);
      }
      after = rows[rows.length - 1]![0];
    }
    build.finish(Math.max(maxId, through));
  } finally {
    build.release();
  }
  st.clearPending.run();
}

let sharedBuilder: PostingBuilder | undefined;
let sharedBuilderBusy = false;

/**
 * Writes the lists of a build: a list written before in the same build continues in its
 * next chunk (if free), any other is appended after what the index holds (appendToList).
 * `finish` marks the index as covering ids up to `through` (every live approved pair up to
 * there must then be in it, or in match_pending).
 */
export class IndexWriter {
  /** The chunk each list went to, for lists written before the build's last flush. */
  private readonly lastChunk = new Map<number, number>();
  private readonly st: Statements;
  constructor(private readonly db: Database) {
    this.st = statements(db);
  }

  /** Writes new postings of a list; `more` when the build may write this list again. */
  write(key: number, postings: Buffer, more: boolean): void {
    const previous = this.lastChunk.get(key);
    let chunk: number;
    if (previous !== undefined && previous + 1 < MAX_CHUNKS && this.st.newChunk.run(key * CHUNK_SLOTS + previous + 1, postings).changes === 1) {
      chunk = previous + 1;
    } else chunk = appendToList(this.st, key, postings);
    if (more) this.lastChunk.set(key, chunk);
  }

  finish(through: number): void {
    this.st.setState.run(Math.max(through, indexState(this.db).through));
  }
}

/**
 * Adds live approved pairs to the index in bulk, in this thread: ids ascending, none of them
 * in the index yet. `finish` writes what is left and marks the index as covering `through`.
 */
export class IndexBuild {
  private readonly builder: PostingBuilder;
  private readonly writer: IndexWriter;
  constructor(db: Database) {
    // One builder (and its memory) serves every build of the process, one build at a time.
    if (sharedBuilderBusy) this.builder = new PostingBuilder();
    else {
      this.builder = sharedBuilder ??= new PostingBuilder();
      sharedBuilderBusy = true;
    }
    this.builder.clear();
    this.writer = new IndexWriter(db);
  }

  /** Adds one pair (its normalised texts; null: that side's postings are in the index already). */
  add(id: number, source: string | null, target: string | null): void {
    if (!this.builder.fits((source?.length ?? 0) + (target?.length ?? 0) + 2)) {
      this.builder.flush((key, postings) => this.writer.write(key, postings, true));
    }
    if (source !== null) this.builder.add(SOURCE_SIDE, source, id);
    if (target !== null) this.builder.add(TARGET_SIDE, target, id);
  }

  /** Writes everything added and records that the index covers ids up to `through`. */
  finish(through: number): void {
    try {
      this.builder.flush((key, postings) => this.writer.write(key, postings, false));
      this.writer.finish(through);
    } finally {
      this.release();
    }
  }

  /** Gives the builder back (finish does; call it when a build is abandoned). */
  release(): void {
    if (this.builder === sharedBuilder) sharedBuilderBusy = false;
  }
}

/** The memory an index build may use, for a builder in another thread. */
export function indexBuildMemory(): number {
  return BUILD_LIMIT;
}

// --- counting shared tokens (the lookup side) ------------------------------------------

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
 * Posting lists read by this process, by list (key without chunk), for as long as the
 * index's generation stays the same: the lists of common bigrams serve almost every query
 * of a batch. Oldest first out beyond the byte budget. Only committed states are cached
 * (a generation seen inside a transaction could be rolled back and reused).
 */
class PostingCache {
  lists = new Map<number, Buffer[]>();
  private bytes = 0;
  constructor(readonly generation: number) {}
  get(list: number): Buffer[] | undefined {
    return this.lists.get(list);
  }
  set(list: number, chunks: Buffer[]): void {
    this.lists.set(list, chunks);
    for (const c of chunks) this.bytes += c.length + 64;
    this.bytes += 64;
    for (const [old, oldChunks] of this.lists) {
      if (this.bytes <= CACHE_BYTES) break;
      this.lists.delete(old);
      for (const c of oldChunks) this.bytes -= c.length + 64;
      this.bytes -= 64;
    }
  }
}

/** Bytes of posting lists a process keeps between lookups. */
const CACHE_BYTES = 128 * 1024 * 1024;
const caches = new WeakMap<Database, PostingCache>();

function postingCache(db: Database, generation: number): PostingCache {
  let cache = caches.get(db);
  if (!cache || cache.generation !== generation) caches.set(db, (cache = new PostingCache(generation)));
  return cache;
}

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

/**
 * The content of the whole index, for tests: for each side and token (whatever band or
 * chunk holds them), its postings as sorted "id:length" entries.
 */
export function dumpMatchIndex(db: Database): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, buf] of db.prepare(`SELECT key, ids FROM match_postings ORDER BY key`).raw().iterate() as Iterable<
    [number, Buffer]
  >) {
    const token = Math.floor(key / CHUNK_SLOTS / 64);
    const p = decodePostings(buf, bandOfKey(key));
    const name = String(token);
    const entries = out.get(name) ?? [];
    for (let i = 0; i < p.ids.length; i++) entries.push(`${p.ids[i]}:${p.lengths[i]}`);
    out.set(name, entries);
  }
  for (const [k, v] of out) out.set(k, v.sort());
  return out;
}

/** Adds one posting (id, text length) to a token's checksum in `digest`. */
function addToDigest(digest: Map<number, number>, token: number, id: number, length: number): void {
  const h = Math.imul((id ^ Math.imul(length, 0x9e3779b1)) >>> 0, 0x85ebca6b) >>> 0;
  digest.set(token, ((digest.get(token) ?? 0) + h + 0x10000000000) % 0x1000000000000);
}

/**
 * A fingerprint of the whole index for `ntm doctor`: for each token (side · bigram ·
 * occurrence, whatever band or chunk holds it), how many postings it has and a checksum of
 * their (id, length), independent of their order. Bounded memory: one entry per token.
 */
export function matchIndexDigest(db: Database): Map<number, number> {
  const out = new Map<number, number>();
  for (const [key, buf] of db.prepare(`SELECT key, ids FROM match_postings`).raw().iterate() as Iterable<[number, Buffer]>) {
    const token = Math.floor(key / CHUNK_SLOTS / 64);
    const p = decodePostings(buf, bandOfKey(key));
    for (let i = 0; i < p.ids.length; i++) addToDigest(out, token, p.ids[i]!, p.lengths[i]!);
  }
  return out;
}

/**
 * The fingerprint (as matchIndexDigest) the index must have, computed from the pairs and
 * the backlog alone, without writing: covered pairs with their texts of now, and changed
 * pairs (match_pending) with the texts the index still holds for them.
 */
export function expectedMatchIndexDigest(db: Database): Map<number, number> {
  const out = new Map<number, number>();
  let tokens: Tokens | undefined;
  const post = (side: Side, text: string | null, id: number): void => {
    if (text === null) return;
    const t = (tokens = tokensOf(text, tokens));
    for (let i = 0; i < t.count; i++) addToDigest(out, (side * 4294967296 + t.grams[i]!) * 64 + t.occurrences[i]!, id, text.length);
    addToDigest(out, (side + EVERY) * 4294967296 * 64, id, text.length);
  };
  const covered = db
    .prepare(
      `SELECT id, source_norm, target_norm FROM pairs
       WHERE id <= ? AND deleted_at IS NULL AND status = 'approved' AND id NOT IN (SELECT pair_id FROM match_pending)`,
    )
    .raw()
    .iterate(indexState(db).through) as Iterable<[number, string, string]>;
  for (const [id, source, target] of covered) {
    post(SOURCE_SIDE, source, id);
    post(TARGET_SIDE, target, id);
  }
  for (const p of statements(db).pending.all() as { id: number; source: string | null; target: string | null; indexed: number }[]) {
    if (!p.indexed) continue;
    post(SOURCE_SIDE, p.source, p.id);
    post(TARGET_SIDE, p.target, p.id);
  }
  return out;
}

/**
 * Builds the index again from the pairs alone, as `ntm doctor --repair` does: every posting
 * list and the backlog are dropped and every live approved pair is indexed. Call inside a
 * write transaction.
 */
export function rebuildMatchIndex(db: Database): void {
  clearMatchIndex(db);
  syncMatchIndex(db, { force: true });
}

/**
 * Empties the index, which then covers no pair: the next sync indexes every live approved
 * pair. Meanwhile the triggers log nothing (they log only covered pairs), so a bulk change
 * that will leave the index to be rebuilt anyway (an undone import) costs no backlog rows.
 * Call inside a write transaction, and sync before it ends.
 */
export function clearMatchIndex(db: Database): void {
  db.prepare(`DELETE FROM match_postings`).run();
  db.prepare(`DELETE FROM match_pending`).run();
  db.prepare(`UPDATE match_state SET indexed_through = 0, generation = generation + 1 WHERE id = 1`).run();
}
