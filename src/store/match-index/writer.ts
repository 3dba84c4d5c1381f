// Writing posting lists into the TM: new postings after a list's existing chunks (merging
// small or many chunks), postings taken out of lists, and bulk builds of many pairs.
import type { Database } from 'better-sqlite3';
import { bandOf, bigramsOf, type Bigrams } from '../../core/grams.js';
import { PostingBuilder, DEFAULT_BUILD_LIMIT, setBuildMemory } from './builder.js';
import {
  bandOfKey,
  CHUNK_SLOTS,
  decodePostings,
  encodePostings,
  EVERY,
  listKey,
  mergePostings,
  MIXED,
  MIXED_CAP,
  SOURCE_SIDE,
  TARGET_SIDE,
  type Postings,
  type Side,
} from './codec.js';
import { indexState } from './state.js';
import { statements, type Statements } from './statements.js';

/** A key gets at most this many chunks; one more and they are merged into one. */
const MAX_CHUNKS = 16;
/** A last chunk smaller than this (bytes) takes new postings in place instead of a new chunk. */
let SMALL_CHUNK = 8192;

/** Sets the memory an index build may use (tests use a tiny one to exercise every path). */
export function setIndexBuildMemory(bytes = DEFAULT_BUILD_LIMIT): void {
  SMALL_CHUNK = Math.min(8192, Math.floor(setBuildMemory(bytes) / 64));
  sharedBuilder = undefined;
  sharedBuilderBusy = false;
}

/**
 * Writes new postings of one list after its existing chunks (merging small or many chunks).
 * Returns the chunk they went to.
 */
export function appendToList(st: Statements, key: number, fresh: Buffer): number {
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
    spreadMixed(st, key, all);
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

/**
 * Writes the postings of a token's mixed list `key` (its rows already dropped) into the lists of
 * their length bands instead: grown too big to be read by every lookup of its token.
 */
export function spreadMixed(st: Statements, key: number, all: Postings): void {
  const byBand = new Map<number, Postings>();
  for (let i = 0; i < all.ids.length; i++) {
    const b = bandOf(all.lengths[i]!);
    let p = byBand.get(b);
    if (!p) byBand.set(b, (p = { ids: [], lengths: [], payloads: [] }));
    p.ids.push(all.ids[i]!);
    p.lengths.push(all.lengths[i]!);
    p.payloads.push(all.payloads[i]!);
  }
  for (const [b, p] of [...byBand].sort((x, y) => x[0] - y[0])) appendToList(st, key - MIXED + b, encodePostings(p, b));
}

/** Removes pairs from lists: for each list key, the ids to take out of it. */
export function removeFromLists(st: Statements, removals: Map<number, Set<number>>): void {
  const keys = [...removals.keys()].sort((a, b) => a - b);
  for (const key of keys) {
    const gone = removals.get(key)!;
    const first = key * CHUNK_SLOTS;
    const band = bandOfKey(first);
    for (const [k, ids] of st.chunks.all(first, first + CHUNK_SLOTS - 1) as [number, Buffer][]) {
      const p = decodePostings(ids, band);
      const kept: Postings = { ids: [], lengths: [], payloads: [] };
      for (let i = 0; i < p.ids.length; i++) {
        if (gone.has(p.ids[i]!)) continue;
        kept.ids.push(p.ids[i]!);
        kept.lengths.push(p.lengths[i]!);
        kept.payloads.push(p.payloads[i]!);
      }
      if (kept.ids.length === p.ids.length) continue;
      if (kept.ids.length === 0) st.dropChunk.run(k);
      else st.putChunk.run(k, encodePostings(kept, band));
    }
  }
}

/** Adds to `removals` every list key that holds the text of `id` on `side`. */
export function addRemovals(removals: Map<number, Set<number>>, side: Side, text: string, id: number, bigrams?: Bigrams): Bigrams {
  const band = bandOf(text.length);
  const t = bigramsOf(text, bigrams);
  const keys = [listKey(side + EVERY, 0, band), listKey(side + EVERY, 0, MIXED)];
  for (let i = 0; i < t.count; i++) keys.push(listKey(side, t.grams[i]!, band), listKey(side, t.grams[i]!, MIXED));
  for (const k of keys) {
    let set = removals.get(k);
    if (!set) removals.set(k, (set = new Set()));
    set.add(id);
  }
  return t;
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

  /**
   * Forgets where lists went: for a caller that writes all of a token's lists, batch after
   * batch, before any list of the next token (which then never needs them again).
   */
  forgetChunks(): void {
    this.lastChunk.clear();
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
