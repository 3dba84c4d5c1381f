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
  decodeGroup,
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

/**
 * A chunk with `removed` ((length, id) pairs) taken out and `added` ((length, id, payload)
 * triples) put in, both sorted by length, then id; null when nothing changed. Groups of other
 * lengths are copied as they are. The result is a view, valid until the next call.
 */
function patchChunk(buf: Uint8Array, base: number, removed: number[], added: number[]): Buffer | null {
  const out = patchOut;
  out.n = 0;
  let changed = false;
  let entries: number[];
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
      a = takeAdded(added, a, added[a]!, (entries = []));
      writeEntries(out, base, added[a - 3]!, entries, 0);
      changed = true;
    }
    if (removedFrom === r && !(a < added.length && added[a] === len)) {
      out.bytes(buf.subarray(pos, group.end));
      continue;
    }
    const p = scratch;
    p.ids.length = p.lengths.length = p.payloads.length = 0;
    decodeGroup(buf, group, p);
    entries = [];
    if (removedFrom === r) {
      for (let i = 0; i < p.ids.length; i++) entries.push(p.ids[i]!, p.payloads[i]!);
    } else {
      const gone = new Set<number>();
      for (let i = removedFrom; i < r; i += 2) gone.add(removed[i + 1]!);
      for (let i = 0; i < p.ids.length; i++) {
        if (gone.has(p.ids[i]!)) changed = true;
        else entries.push(p.ids[i]!, p.payloads[i]!);
      }
    }
    const firstAdded = entries.length;
    if (a < added.length && added[a] === len) {
      a = takeAdded(added, a, len, entries);
      changed = true;
    }
    writeEntries(out, base, len, entries, firstAdded);
  }
  if (!changed && a === added.length) return null;
  if (copyFrom < buf.length) out.bytes(buf.subarray(copyFrom));
  while (a < added.length) {
    a = takeAdded(added, a, added[a]!, (entries = []));
    writeEntries(out, base, added[a - 3]!, entries, 0);
  }
  return out.view();
}

const scratch: Postings = { ids: [], lengths: [], payloads: [] };

/** Appends to `entries` the (id, payload) of the additions of length `len` from added[a]; returns where the next length starts. */
function takeAdded(added: number[], a: number, len: number, entries: number[]): number {
  while (a < added.length && added[a] === len) {
    entries.push(added[a + 1]!, added[a + 2]!);
    a += 3;
  }
  return a;
}

let groupIds = new Float64Array(256);
let groupPayloads = new Uint32Array(256);

/**
 * Writes the group of length `len` holding `entries` ((id, payload) pairs); nothing when empty.
 * A group keeps two runs, each ids ascending (see writeGroup): texts where the bigram occurs
 * once, and the others. `entries` come as decoded (that order), then the additions by id; each
 * addition is merged into its run.
 */
function writeEntries(out: ByteWriter, base: number, len: number, entries: number[], firstAdded: number): void {
  const n = entries.length / 2;
  if (n === 0) return;
  if (n > groupIds.length) {
    groupIds = new Float64Array(n * 2);
    groupPayloads = new Uint32Array(n * 2);
  }
  let w = 0;
  for (const single of [true, false]) {
    let j = firstAdded;
    for (let i = 0; i <= firstAdded; i += 2) {
      const id = i < firstAdded ? entries[i]! : Infinity;
      if (i < firstAdded && (entries[i + 1]! >>> 16 === 1) !== single) continue;
      for (; j < entries.length && entries[j]! < id; j += 2) {
        if ((entries[j + 1]! >>> 16 === 1) !== single) continue;
        groupIds[w] = entries[j]!;
        groupPayloads[w++] = entries[j + 1]!;
      }
      if (i === firstAdded) break;
      groupIds[w] = id;
      groupPayloads[w++] = entries[i + 1]!;
    }
  }
  writeGroup(out, len - base, groupIds, groupPayloads, 0, n);
}
