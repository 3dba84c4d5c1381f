// Folding a modest backlog into the posting lists in place. A changed pair's text leaves and
// re-enters every list its bigrams are on, and those are mostly the long lists of common
// bigrams; decoding and encoding whole lists for that (once to take the postings out, once to
// merge them back) costs as much as indexing most of the side again. But a posting lives only
// in the length group of its text's length: so each touched token's rows are read once, and in
// each chunk only the groups that lose or gain a posting are decoded and written again; the
// other groups are copied as bytes.
import { bandOf, bigramsOf, type Bigrams } from '../../core/grams.js';
import {
  bandBase,
  bandOfKey,
  ByteWriter,
  CHUNK_SLOTS,
  decodeGroupInto,
  groupSize,
  decodePostings,
  EVERY,
  listKey,
  MIXED,
  MIXED_CAP,
  payload,
  readGroupHeader,
  writeGroup,
  type GroupAt,
  type Postings,
  type Side,
} from './codec.js';
import type { Statements } from './statements.js';
import { spreadMixed } from './writer.js';

/** Marks a removal among a token's operations (a posting's payload is never negative). */
const OUT = -1;

/**
 * Postings to take out of and put into the index, gathered per token and then written with
 * one pass over each touched token's rows (`apply`). A pair whose text changes is removed with
 * the text as indexed and added with the new one; the removal is applied first.
 */
export class ListPatch {
  /**
   * Per tag (side, or EVERY + side) and bigram: operations as (length, id, payload or OUT)
   * triples. Keyed by the bigram alone, a small integer for most texts, not by the list key.
   */
  private readonly ops: Map<number, number[]>[] = [new Map(), new Map(), new Map(), new Map()];
  private bigrams: Bigrams | undefined;

  /** Takes the postings of `text` (as it was indexed) of pair `id` out of the lists of `side`. */
  remove(side: Side, text: string, id: number): void {
    this.note(side, text, id, true);
  }

  /** Puts the postings of `text` of pair `id` into the lists of `side`. */
  add(side: Side, text: string, id: number): void {
    this.note(side, text, id, false);
  }

  private note(side: Side, text: string, id: number, out: boolean): void {
    const t = (this.bigrams = bigramsOf(text, this.bigrams));
    const len = text.length;
    push(this.ops[side + EVERY]!, 0, len, id, out ? OUT : payload(1, 1));
    const ops = this.ops[side]!;
    for (let i = 0; i < t.count; i++) push(ops, t.grams[i]!, len, id, out ? OUT : payload(t.counts[i]!, t.masks[i]!));
  }

  /** Writes every operation into the lists (inside the writer's transaction), tokens in key order. */
  apply(st: Statements): void {
    this.ops.forEach((ops, tag) => {
      for (const gram of [...ops.keys()].sort((a, b) => a - b)) patchToken(st, listKey(tag, gram, 0), ops.get(gram)!);
    });
  }
}

function push(ops: Map<number, number[]>, gram: number, len: number, id: number, pay: number): void {
  const list = ops.get(gram);
  if (list) list.push(len, id, pay);
  else ops.set(gram, [len, id, pay]);
}

/**
 * One token's operations on its rows. A removal may find its posting in its band's list or in
 * the token's mixed list (see codec.ts), so it goes to both. An addition goes to the last chunk
 * of its band's list where that list exists, else to the mixed list, which is spread over its
 * bands once it grows past MIXED_CAP, as appendToList does.
 */
function patchToken(st: Statements, token: number, ops: number[]): void {
  const first = token * CHUNK_SLOTS;
  const rows = st.chunks.all(first, (token + MIXED) * CHUNK_SLOTS + CHUNK_SLOTS - 1) as [number, Buffer][];
  const rowsOf = new Map<number, [number, Buffer][]>();
  for (const row of rows) {
    const band = bandOfKey(row[0]);
    let list = rowsOf.get(band);
    if (!list) rowsOf.set(band, (list = []));
    list.push(row);
  }
  const opsOf = new Map<number, number[]>();
  for (let i = 0; i < ops.length; i += 3) {
    const band = bandOf(ops[i]!);
    let list = opsOf.get(band);
    if (!list) opsOf.set(band, (list = []));
    list.push(ops[i]!, ops[i + 1]!, ops[i + 2]!);
  }
  const mixedOps: number[] = [];
  for (const [band, bandOps] of [...opsOf].sort((a, b) => a[0] - b[0])) {
    const chunks = rowsOf.get(band);
    if (!chunks) {
      mixedOps.push(...bandOps);
      continue;
    }
    for (let i = 0; i < bandOps.length; i += 3) if (bandOps[i + 2] === OUT) mixedOps.push(bandOps[i]!, bandOps[i + 1]!, OUT);
    patchChunks(st, chunks, band, bandOps, token + band);
  }
  if (mixedOps.length === 0) return;
  const mixedKey = token + MIXED;
  const mixedBytes = patchChunks(st, rowsOf.get(MIXED) ?? [], MIXED, mixedOps, mixedKey);
  if (mixedBytes > MIXED_CAP) {
    const chunks = st.chunks.all(mixedKey * CHUNK_SLOTS, mixedKey * CHUNK_SLOTS + CHUNK_SLOTS - 1) as [number, Buffer][];
    const all: Postings = { ids: [], lengths: [], payloads: [] };
    for (const [k, buf] of chunks) {
      decodePostings(buf, MIXED, all);
      st.dropChunk.run(k);
    }
    spreadMixed(st, mixedKey, all);
  }
}

/**
 * Applies one list's operations (triples, see ListPatch) to its chunks: removals to every chunk,
 * additions to the last one (a new chunk 0 of `key` when the list has none). Returns the bytes
 * the list holds afterwards.
 */
function patchChunks(st: Statements, chunks: [number, Buffer][], band: number, ops: number[], key: number): number {
  const order: number[] = [];
  for (let i = 0; i < ops.length; i += 3) order.push(i);
  order.sort((a, b) => ops[a]! - ops[b]! || ops[a + 1]! - ops[b + 1]!);
  const removed: number[] = [];
  const added: number[] = [];
  for (const i of order) {
    if (ops[i + 2] === OUT) removed.push(ops[i]!, ops[i + 1]!);
    else added.push(ops[i]!, ops[i + 1]!, ops[i + 2]!);
  }
  const base = bandBase(band);
  if (chunks.length === 0) {
    if (added.length === 0) return 0;
    const fresh = patchChunk(new Uint8Array(0), base, removed, added)!;
    st.putChunk.run(key * CHUNK_SLOTS, fresh);
    return fresh.length;
  }
  let bytes = 0;
  for (let c = 0; c < chunks.length; c++) {
    const [k, buf] = chunks[c]!;
    const patched = patchChunk(buf, base, removed, c === chunks.length - 1 ? added : []);
    if (patched === null) {
      bytes += buf.length;
      continue;
    }
    bytes += patched.length;
    if (patched.length === 0) st.dropChunk.run(k);
    else st.putChunk.run(k, patched);
  }
  return bytes;
}

const patchOut = new ByteWriter();
const group: GroupAt = { len: 0, body: 0, end: 0 };

/** Scratch postings: a group as decoded (`kept`) and as it will be written (`merged`). */
const kept = { ids: new Float64Array(1024), payloads: new Uint32Array(1024) };
const merged = { ids: new Float64Array(1024), payloads: new Uint32Array(1024) };
function room(s: { ids: Float64Array; payloads: Uint32Array }, n: number): void {
  if (n <= s.ids.length) return;
  s.ids = new Float64Array(Math.max(n, s.ids.length * 2));
  s.payloads = new Uint32Array(s.ids.length);
}

/**
 * A chunk with `removed` ((length, id) pairs) taken out and `added` ((length, id, payload)
 * triples) put in, both sorted by length, then id; null when nothing changed. Groups of other
 * lengths are copied as they are. The result is a view, valid until the next call.
 */
function patchChunk(buf: Uint8Array, base: number, removed: number[], added: number[]): Buffer | null {
  const out = patchOut;
  out.n = 0;
  let changed = false;
  let r = 0;
  let a = 0;
  // Untouched groups from `copyFrom` on are copied in one go when the next touched one comes.
  let copyFrom = 0;
  for (let pos = 0; pos < buf.length; pos = group.end) {
    readGroupHeader(buf, pos, base, group);
    const len = group.len;
    while (r < removed.length && removed[r]! < len) r += 2;
    const removedFrom = r;
    while (r < removed.length && removed[r] === len) r += 2;
    if (removedFrom === r && !(a < added.length && added[a]! <= len)) continue;
    if (copyFrom < pos) out.bytes(buf.subarray(copyFrom, pos));
    copyFrom = group.end;
    while (a < added.length && added[a]! < len) {
      a = writeGroupOf(out, base, added[a]!, 0, added, a);
      changed = true;
    }
    if (removedFrom === r && !(a < added.length && added[a] === len)) {
      out.bytes(buf.subarray(pos, group.end));
      continue;
    }
    room(kept, groupSize(buf, group));
    let n = decodeGroupInto(buf, group, kept.ids, kept.payloads, 0);
    if (removedFrom < r) {
      const ids = kept.ids;
      const payloads = kept.payloads;
      // Both runs of the group and the removed ids ascend: one walk over each run.
      let w = 0;
      let x = removedFrom + 1;
      let previous = -1;
      for (let i = 0; i < n; i++) {
        const id = ids[i]!;
        if (id < previous) x = removedFrom + 1;
        previous = id;
        while (x < r && removed[x]! < id) x += 2;
        if (x < r && removed[x] === id) continue;
        ids[w] = id;
        payloads[w++] = payloads[i]!;
      }
      if (w < n) changed = true;
      n = w;
    }
    if (a < added.length && added[a] === len) changed = true;
    a = writeGroupOf(out, base, len, n, added, a);
  }
  if (!changed && a === added.length) return null;
  if (copyFrom < buf.length) out.bytes(buf.subarray(copyFrom));
  while (a < added.length) a = writeGroupOf(out, base, added[a]!, 0, added, a);
  return out.view();
}

/**
 * Writes the group of length `len`: the first `n` postings of `kept` (as decoded: singles,
 * then multiples, each ids ascending) with the additions of that length from added[a] merged
 * into their runs (see writeGroup); nothing when empty. Returns where the next length's
 * additions start.
 */
function writeGroupOf(out: ByteWriter, base: number, len: number, n: number, added: number[], a: number): number {
  let end = a;
  while (end < added.length && added[end] === len) end += 3;
  const total = n + (end - a) / 3;
  if (total === 0) return end;
  if (end === a) {
    writeGroup(out, len - base, kept.ids, kept.payloads, 0, n);
    return end;
  }
  room(merged, total);
  const ids = merged.ids;
  const payloads = merged.payloads;
  let w = 0;
  let i = 0;
  for (const single of [true, false]) {
    for (let j = a; ; ) {
      while (j < end && (added[j + 2]! >>> 16 === 1) !== single) j += 3;
      const inRun = i < n && (kept.payloads[i]! >>> 16 === 1) === single;
      if (!inRun && j >= end) break;
      if (inRun && (j >= end || kept.ids[i]! < added[j + 1]!)) {
        ids[w] = kept.ids[i]!;
        payloads[w++] = kept.payloads[i++]!;
      } else {
        ids[w] = added[j + 1]!;
        payloads[w++] = added[j + 2]!;
        j += 3;
      }
    }
  }
  writeGroup(out, len - base, ids, payloads, 0, w);
  return end;
}
