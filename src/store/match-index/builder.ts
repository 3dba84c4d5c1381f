// Posting lists built in memory from texts, for a bulk build of the index: pure code, no SQL
// (it also runs in the import's worker thread). IndexWriter (writer.ts) stores what it makes.
import { BAND_COUNT, BAND_LO, bandOf, bigramsOf, type Bigrams } from '../../core/grams.js';
import { ByteWriter, encodeGroup, EVERY, listKey, MIXED, SPILL_MAX, type Side } from './codec.js';

/** Bytes of build memory per posting: token and payload as they come, and sorted. */
const POSTING_BYTES = 16;

/** Bytes of arrays for postings built in memory (POSTING_BYTES a posting): about 80,000
 *  pairs of the benchmark's texts fit one batch. */
export const DEFAULT_BUILD_LIMIT = 128 * 1024 * 1024;
let BUILD_LIMIT = DEFAULT_BUILD_LIMIT;

/**
 * Posting lists built in memory, by sorting. Each text is split into its distinct bigrams as
 * it comes: its postings (the tokens' dense numbers, a token being a bigram of one side, and
 * each one's payload: count and parts, see codec.ts) are appended to flat typed arrays,
 * contiguous per text, with no object and no per-list bookkeeping. A flush ranks the texts by length
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
 * Memory stays bounded (POSTING_BYTES a posting): when the arrays are full, everything is written
 * and the next batch starts empty. A list written by an earlier batch continues in its next
 * chunk (IndexWriter), so a list has about one chunk per batch: one for 100k pairs of news
 * text, a handful for a million. (Carrying small lists over to the next batch instead, as a
 * list-by-list builder can, would have to re-sort them with every batch.)
 */
export class PostingBuilder {
  // Latin-1 bigram and side → token (−1: none yet).
  private direct = new Int32Array(2 * 65536).fill(-1);
  private tokenSlots = 1 << 12;
  private slotGram = new Int32Array(this.tokenSlots);
  private slotTag = new Int32Array(this.tokenSlots).fill(-1);
  private slotToken = new Int32Array(this.tokenSlots);
  private tokenKeyOf: number[] = [];
  // Postings in the order the texts came (tok), and the flush's copy grouped by token. Sized
  // for a whole batch up front: pages not yet written cost no memory.
  private cap: number;
  private tok: Int32Array;
  private pay: Uint32Array;
  private sorted: Int32Array;
  private sortedPay: Uint32Array;
  private n = 0;
  /** Postings of each token in `tok`. */
  private perToken = new Int32Array(1024);
  // Texts: where their postings start, length, pair id.
  private textStart = new Int32Array(1024);
  private textLen = new Int32Array(1024);
  private textId = new Float64Array(1024);
  private nt = 0;
  private bigrams: Bigrams | undefined;

  constructor(memory = BUILD_LIMIT) {
    this.cap = Math.max(1024, Math.floor(memory / POSTING_BYTES));
    this.tok = new Int32Array(this.cap);
    this.pay = new Uint32Array(this.cap);
    this.sorted = new Int32Array(this.cap);
    this.sortedPay = new Uint32Array(this.cap);
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
    const t = (this.bigrams = bigramsOf(text, this.bigrams));
    if (this.n + t.count + 1 > this.cap) this.grow(this.n + t.count + 1);
    this.newText(text.length, id);
    const tok = this.tok;
    const pay = this.pay;
    // tokenOf may grow the counts: read them again after it.
    let perToken = this.perToken;
    let n = this.n;
    for (let i = 0; i < t.count; i++) {
      const gram = t.grams[i]!;
      let token: number;
      if (gram < 0x01000000 && (gram & 0xff00) === 0) {
        const at = (side << 16) | ((gram >>> 8) & 0xff00) | (gram & 0xff);
        token = this.direct[at]!;
        if (token < 0) {
          this.direct[at] = token = this.tokenOf(gram | 0, side);
          perToken = this.perToken;
        }
      } else {
        token = this.tokenOf(gram | 0, side);
        perToken = this.perToken;
      }
      pay[n] = ((t.counts[i]! << 16) | t.masks[i]!) >>> 0;
      tok[n++] = token;
      perToken[token]!++;
    }
    const every = this.tokenOf(0, side + EVERY);
    pay[n] = 0x10001;
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
    const pay = new Uint32Array(this.cap);
    pay.set(this.pay.subarray(0, this.n));
    this.pay = pay;
    this.sorted = new Int32Array(this.cap);
    this.sortedPay = new Uint32Array(this.cap);
  }

  /** The dense number of a token: `gram` is the bigram code as int32, `tag` its side (EVERY + side: every pair). */
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
    // The list key of (side, gram) at band 0, as listKey() computes it.
    this.tokenKeyOf.push(listKey(tag, gram >>> 0, 0));
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
    const pay = this.pay;
    const sorted = this.sorted;
    const sortedPay = this.sortedPay;
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
      for (let p = textStart[x]!, end = textStart[x + 1]!; p < end; p++) {
        const at = fill[tok[p]!]!++;
        sorted[at] = r;
        sortedPay[at] = pay[p]!;
      }
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
        while (j < count && sorted[j]! < bandEnd)
          j = encodeGroup(out, base, sorted, j, count, lengthStart, textLen[rankedText[sorted[j]!]!]!, rankedId, sortedPay);
        if (out.n <= SPILL_MAX) {
          // Into the token's mixed list: the same groups, with lengths counted from 0.
          for (let k = i; k < j; ) k = encodeGroup(mixed, 0, sorted, k, j, lengthStart, textLen[rankedText[sorted[k]!]!]!, rankedId, sortedPay);
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

/** Scratch of PostingBuilder.flush. */
const encoding = { out: new ByteWriter(), mixed: new ByteWriter() };

/** The memory an index build may use, for a builder in another thread. */
export function indexBuildMemory(): number {
  return BUILD_LIMIT;
}

/** Sets the memory an index build may use, and returns what it set (at least 12 KiB). */
export function setBuildMemory(bytes: number): number {
  return (BUILD_LIMIT = Math.max(12 * 1024, bytes));
}
