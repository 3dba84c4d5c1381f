// Posting lists a process keeps between lookups (a batch lookup reads the common ones once).
import type { Database } from 'better-sqlite3';
import { MIXED } from './codec.js';

/** The lists of one token (side · bigram), by band (MIXED included): undefined where not read. */
export type TokenLists = (Buffer[] | undefined)[];

/**
 * Posting lists read by this process, by token and band, for as long as the index's
 * generation stays the same: the lists of common bigrams serve almost every query of a batch.
 * A lookup asks for the lists of a bigram in several bands at once, so they are kept per
 * token (one map lookup per bigram, not per band). Beyond the byte budget, the tokens read least
 * recently go first. Only committed states are cached (a generation seen inside a transaction
 * could be rolled back and reused).
 */
export class PostingCache {
  private readonly tokens = new Map<number, TokenLists>();
  private readonly sizes = new Map<number, number>();
  private bytes = 0;
  constructor(readonly generation: number) {}

  /** The lists kept of a token (its first list key, band 0), or undefined if none. */
  token(first: number): TokenLists | undefined {
    const lists = this.tokens.get(first);
    if (lists !== undefined) {
      // Read again: to the end of the map's order, last out (the lists of common bigrams,
      // which almost every lookup reads, stay; those of a rare one read once go first).
      this.tokens.delete(first);
      this.tokens.set(first, lists);
    }
    return lists;
  }

  /** Keeps the chunks of list `first + band`. */
  set(first: number, band: number, chunks: Buffer[]): void {
    let lists = this.tokens.get(first);
    let size = 64;
    if (!lists) {
      // Every band's slot from the start: an array filled out of order (the mixed list is the
      // last band) would be a sparse one, slow to read.
      this.tokens.set(first, (lists = new Array<Buffer[] | undefined>(BAND_SLOTS).fill(undefined)));
      size += 64;
    }
    for (const c of chunks) size += c.length + 64;
    // A list read again (the server's start after a lookup's reading) replaces the one kept.
    const replaced = lists[band];
    if (replaced !== undefined) {
      size -= 64;
      for (const c of replaced) size -= c.length + 64;
    }
    lists[band] = chunks;
    this.sizes.set(first, (this.sizes.get(first) ?? 0) + size);
    this.bytes += size;
    for (const old of this.tokens.keys()) {
      if (this.bytes <= CACHE_BYTES) break;
      if (old === first) continue;
      this.tokens.delete(old);
      this.bytes -= this.sizes.get(old) ?? 0;
      this.sizes.delete(old);
    }
  }
}

/**
 * A list read from several rows, as one buffer (its chunks are whole groups, so one after
 * another they read as one chunk). SQLite hands each row over in a buffer of its own; kept in
 * the cache, those buffers grow old, and once dropped they hold their memory until a full
 * garbage collection, which a batch of lookups on a large TM reaches only after reading many
 * lists more. Copied into one, the row buffers die young and are freed at once.
 */
export function joined(chunks: Buffer[]): Buffer[] {
  return chunks.length > 1 ? [Buffer.concat(chunks)] : chunks;
}

/** Slots per token: every band and the mixed list (codec.ts: MIXED is the last). */
const BAND_SLOTS = MIXED + 1;

/** Bytes of posting lists a process keeps between lookups. */
export const CACHE_BYTES = 64 * 1024 * 1024;
const caches = new WeakMap<Database, PostingCache>();

/** The cache of `db` for this generation of its index (a new one when the index changed). */
export function postingCache(db: Database, generation: number): PostingCache {
  let cache = caches.get(db);
  if (!cache || cache.generation !== generation) caches.set(db, (cache = new PostingCache(generation)));
  return cache;
}
