// Posting lists a process keeps between lookups (a batch lookup reads the common ones once).
import type { Database } from 'better-sqlite3';

/**
 * Posting lists read by this process, by list (key without chunk), for as long as the
 * index's generation stays the same: the lists of common bigrams serve almost every query
 * of a batch. Oldest first out beyond the byte budget. Only committed states are cached
 * (a generation seen inside a transaction could be rolled back and reused).
 */
export class PostingCache {
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
const CACHE_BYTES = 64 * 1024 * 1024;
const caches = new WeakMap<Database, PostingCache>();

/** The cache of `db` for this generation of its index (a new one when the index changed). */
export function postingCache(db: Database, generation: number): PostingCache {
  let cache = caches.get(db);
  if (!cache || cache.generation !== generation) caches.set(db, (cache = new PostingCache(generation)));
  return cache;
}
