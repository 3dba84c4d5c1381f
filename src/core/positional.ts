// A lower bound on the edit distance of two texts from where their bigrams occur: cheap next
// to Levenshtein, and for texts with little in common (the usual case for a new sentence)
// far above the bound the index gives. Lookups compute it for the texts the index could not
// rule out, and compute the distance only where it does not rule them out either.
//
// Why it is a lower bound (positions and "preserved" as in src/core/grams.ts, point 2): with
// d ≤ k, a preserved bigram at position i of Q' reappears at i + s in X', with
// ceil((D − k) / 2) ≤ s ≤ floor((D + k) / 2), D = |X| − |Q| (grams.ts, 3b). So:
// - a position of Q' whose bigram does not occur in that window of X' is not preserved, and
//   likewise a position j of X' whose bigram does not occur at j − s in Q' for such an s;
// - preserved positions of one bigram g correspond one to one, so their number is at most
//   the least of: g's count in Q', in X', its positions of Q' with a match in the window,
//   and its positions of X' with one; P is at most the sum over g, and d ≥ ceil((m+1−P)/2);
// - every position that is not preserved is broken by some edit, and one edit breaks at most
//   two neighbouring positions (of Q', and likewise of X'): covering the positions with no
//   match by pairs of neighbours, as few as possible, needs no more pairs than there are
//   edits. The greedy cover (leftmost uncovered position and the next one) is the fewest.
// Hence d ≥ the largest of these, and of |D|.

const START = 0x02;
const END = 0x03;

/** A query prepared for `reachable`: its padded bigrams by position and by distinct bigram. */
export class PositionalQuery {
  readonly text: string;
  /** Distinct bigram (0 … distinct − 1) at each position 0 … L. */
  private readonly at: Int32Array;
  /** Per distinct bigram: its count, and its positions ascending (first, then next[…]). */
  private readonly qCount: Int32Array;
  private readonly qHead: Int32Array;
  private readonly qNext: Int32Array;
  private readonly distinct: number;
  // Lookup of a bigram code to its distinct number (open addressing).
  private readonly keys: Uint32Array;
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(text: string) {
    this.text = text;
    const n = text.length + 1;
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    this.keys = new Uint32Array(cap);
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    this.at = new Int32Array(n);
    const grams = new Uint32Array(n);
    let distinct = 0;
    let prev = START;
    for (let j = 0; j < n; j++) {
      const cur = j < text.length ? text.charCodeAt(j) : END;
      const gram = (prev * 65536 + cur) >>> 0;
      prev = cur;
      grams[j] = gram;
      let g = this.find(gram);
      if (g < 0) {
        let h = this.hash(gram);
        while (this.slots[h]! >= 0) h = (h + 1) & this.mask;
        this.keys[h] = gram;
        this.slots[h] = g = distinct++;
      }
      this.at[j] = g;
    }
    this.distinct = distinct;
    this.qCount = new Int32Array(distinct);
    this.qHead = new Int32Array(distinct).fill(-1);
    this.qNext = new Int32Array(n).fill(-1);
    for (let j = n - 1; j >= 0; j--) {
      const g = this.at[j]!;
      this.qNext[j] = this.qHead[g]!;
      this.qHead[g] = j;
      this.qCount[g]!++;
    }
    this.grow(64);
  }

  private hash(gram: number): number {
    const h = Math.imul(gram, 0x9e3779b1) >>> 0;
    return (h ^ (h >>> 15)) & this.mask;
  }

  /** The distinct number of a bigram of the query, or −1. */
  private find(gram: number): number {
    let h = this.hash(gram);
    for (;;) {
      const s = this.slots[h]!;
      if (s < 0) return -1;
      if (this.keys[h] === gram) return s;
      h = (h + 1) & this.mask;
    }
  }

  // Scratch for one stored text, reused.
  private xAt = new Int32Array(0);
  private xNext = new Int32Array(0);
  private xHead = new Int32Array(0);
  private xCount = new Int32Array(0);
  private qMatched = new Int32Array(0);
  private xMatched = new Int32Array(0);
  private qCursor = new Int32Array(0);
  private xCursor = new Int32Array(0);

  private grow(n: number): void {
    if (this.xAt.length < n) {
      this.xAt = new Int32Array(n * 2);
      this.xNext = new Int32Array(n * 2);
    }
    if (this.xHead.length < this.distinct) {
      this.xHead = new Int32Array(this.distinct);
      this.xCount = new Int32Array(this.distinct);
      this.qMatched = new Int32Array(this.distinct);
      this.xMatched = new Int32Array(this.distinct);
      this.qCursor = new Int32Array(this.distinct);
      this.xCursor = new Int32Array(this.distinct);
    }
  }

  /**
   * A lower bound on lev(query, text), exact in what it claims (see above) but only computed
   * as far as needed: any value above k means "more than k".
   */
  lowerBound(text: string, k: number): number {
    const L = this.text.length;
    const len = text.length;
    const D = len - L;
    if (D > k || -D > k) return D > 0 ? D : -D;
    const n = len + 1;
    this.grow(n);
    const { at, qHead, qNext, qCount, distinct } = this;
    const xAt = this.xAt;
    const xNext = this.xNext;
    const xHead = this.xHead;
    const xCount = this.xCount;
    const qMatched = this.qMatched;
    const xMatched = this.xMatched;
    for (let g = 0; g < distinct; g++) {
      xHead[g] = -1;
      xCount[g] = 0;
      qMatched[g] = 0;
      xMatched[g] = 0;
    }
    // The stored text's bigrams that the query has, by distinct number (−1: not in the query).
    let prev = START;
    for (let j = 0; j < n; j++) {
      const cur = j < len ? text.charCodeAt(j) : END;
      xAt[j] = this.find((prev * 65536 + cur) >>> 0);
      prev = cur;
    }
    for (let j = n - 1; j >= 0; j--) {
      const g = xAt[j]!;
      if (g < 0) continue;
      xNext[j] = xHead[g]!;
      xHead[g] = j;
      xCount[g]!++;
    }
    const sLo = Math.ceil((D - k) / 2);
    const sHi = Math.floor((D + k) / 2);

    // Query positions: matched when the bigram occurs at i + s in the text. Windows move
    // right with i, so one cursor per bigram walks its positions once.
    const xCursor = this.xCursor;
    xCursor.set(xHead.subarray(0, distinct));
    let cover = 0;
    let coveredTo = -1;
    for (let i = 0; i <= L; i++) {
      const g = at[i]!;
      let j = xCursor[g]!;
      while (j >= 0 && j < i + sLo) j = xNext[j]!;
      xCursor[g] = j;
      if (j >= 0 && j <= i + sHi) qMatched[g]!++;
      else if (i > coveredTo) {
        cover++;
        coveredTo = i + 1;
      }
    }
    if (cover > k) return cover;

    // Text positions: matched when the bigram occurs at j − s in the query.
    const qCursor = this.qCursor;
    qCursor.set(qHead.subarray(0, distinct));
    cover = 0;
    coveredTo = -1;
    for (let j = 0; j < n; j++) {
      const g = xAt[j]!;
      let matched = false;
      if (g >= 0) {
        let i = qCursor[g]!;
        while (i >= 0 && i < j - sHi) i = qNext[i]!;
        qCursor[g] = i;
        matched = i >= 0 && i <= j - sLo;
      }
      if (matched) xMatched[g]!++;
      else if (j > coveredTo) {
        cover++;
        coveredTo = j + 1;
      }
    }
    if (cover > k) return cover;

    let preserved = 0;
    for (let g = 0; g < distinct; g++) {
      let p = qCount[g]!;
      if (xCount[g]! < p) p = xCount[g]!;
      if (qMatched[g]! < p) p = qMatched[g]!;
      if (xMatched[g]! < p) p = xMatched[g]!;
      preserved += p;
    }
    const m = L > len ? L : len;
    const byCount = Math.ceil((m + 1 - preserved) / 2);
    let bound = cover > byCount ? cover : byCount;
    if (D > bound) bound = D;
    if (-D > bound) bound = -D;
    return bound;
  }
}
