// A long-running process (ntm serve) may read the posting lists of a TM at start, so that its
// first lookups are as quick as later ones: otherwise each new sentence reads from SQLite the
// lists of the bigrams and length bands no earlier lookup needed.
import type { Database } from 'better-sqlite3';
import { CHUNK_SLOTS, listKey, POSTING_FORMAT, type Side } from './codec.js';
import { CACHE_BYTES, joined, postingCache } from './posting-cache.js';
import { indexState } from './state.js';
import { statements } from './statements.js';

/** What preloadPostingLists kept. */
export interface Preloaded {
  /** Sides whose lists were all read into the cache. */
  sides: Side[];
  bytes: number;
}

/**
 * Reads every posting list of the given sides into the process's cache, a side only when all
 * of its lists fit within half of the cache (a large TM keeps reading lists on demand, as the
 * lookups need them: reading part of a side would keep lists by their order in the file,
 * not by use). The lists are those a lookup would read, of the same committed state.
 */
export function preloadPostingLists(db: Database, sides: readonly Side[]): Preloaded {
  const st = statements(db);
  return db.transaction((): Preloaded => {
    const state = indexState(db);
    const done: Preloaded = { sides: [], bytes: 0 };
    if (state.format !== POSTING_FORMAT) return done;
    const cache = postingCache(db, state.generation);
    for (const side of sides) {
      const from = listKey(side, 0, 0) * CHUNK_SLOTS;
      const to = listKey(side + 1, 0, 0) * CHUNK_SLOTS - 1;
      let size = 0;
      for (const [, bytes] of st.chunkSizes.iterate(from, to) as Iterable<[number, number]>) size += bytes;
      if (done.bytes + size > CACHE_BYTES / 2) continue;
      // Rows come in key order: a list's chunks one after another.
      let list = -1;
      let chunks: Buffer[] = [];
      const keep = (): void => {
        if (list < 0) return;
        const band = list % 4096;
        cache.set(list - band, band, joined(chunks));
      };
      for (const [key, buf] of st.chunks.iterate(from, to) as Iterable<[number, Buffer]>) {
        const at = Math.floor(key / CHUNK_SLOTS);
        if (at !== list) {
          keep();
          list = at;
          chunks = [];
        }
        chunks.push(buf);
      }
      keep();
      done.sides.push(side);
      done.bytes += size;
    }
    return done;
  })();
}
