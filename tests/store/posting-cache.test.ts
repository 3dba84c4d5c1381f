// A process keeps the posting lists it read (match-index/posting-cache.ts), by bigram and length
// band, and a lookup reads from SQLite only the bands it lacks. Whatever the cache holds (some
// bands of a bigram, none, all), the counts a lookup works from must be those of lists read
// fresh: a band dropped or counted twice would shift every bound the lookup prunes with.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigramsOf } from '../../src/core/grams.js';
import { norm } from '../../src/core/normalize.js';
import { lengthWindow } from '../../src/core/score.js';
import {
  countSharedTokens,
  indexState,
  preloadPostingLists,
  setIndexBuildMemory,
  SOURCE_SIDE,
  scratch,
  TARGET_SIDE,
} from '../../src/store/match-index/index.js';
import { findMatchIds, findMatchIdsExhaustive } from '../../src/store/lookup.js';
import { openStore, type Store } from '../../src/store/open.js';
import { tempDir } from '../helpers/cli.js';
import { type RealPair, realTm, variant } from '../helpers/real-pairs.js';

let store: Store;
let close: () => void;
let pairs: RealPair[];

beforeAll(async () => {
  const tm = await realTm(1500);
  ({ store, pairs } = tm);
  close = tm.close;
});
afterAll(() => close());

/** The bound per touched pair (id → count) for texts of lengths in [lo, hi], with the process's cache or without. */
function counts(text: string, lo: number, hi: number, min: number, cached: boolean, on: Store = store): Map<number, number> {
  const q = norm(text);
  const out = new Map<number, number>();
  try {
    countSharedTokens(on.db, SOURCE_SIDE, bigramsOf(q), q, lo, hi, min, indexState(on.db), cached);
    for (let i = 0; i < scratch.n; i++) out.set(scratch.touched[i]!, scratch.counts[scratch.touched[i]!]!);
  } finally {
    scratch.clear();
  }
  return out;
}

describe('posting lists kept between lookups', () => {
  it('count as lists read fresh, when a lookup finds some bands of a bigram kept and not others', () => {
    let compared = 0;
    for (let i = 0; i < 40; i++) {
      const query = variant(pairs[(i * 7919) % pairs.length]!.source, i);
      const L = norm(query).length;
      // A narrow window first keeps the middle bands of the query's bigrams; the wide window
      // after it finds bands missing below them, kept ones, and missing ones above.
      const narrow = lengthWindow(L, 90);
      counts(query, narrow.lo, narrow.hi, 90, true);
      const wide = lengthWindow(L, 50);
      const warm = counts(query, wide.lo, wide.hi, 50, true);
      expect(warm, query).toEqual(counts(query, wide.lo, wide.hi, 50, false));
      // And once all of them are kept.
      expect(counts(query, wide.lo, wide.hi, 50, true), query).toEqual(warm);
      compared += warm.size;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("are all read at a server's start, and then serve its lookups without reading the TM", () => {
    // A copy of the TM on a connection of its own: its cache holds only what the preload put
    // there, and the copy's lists can be deleted afterwards (the index's generation stays),
    // so that a count equal to the fresh one can only have come from the preloaded lists.
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const t = tempDir();
    const copy = join(t.dir, 'copy.sqlite');
    copyFileSync(store.path, copy);
    const fresh = openStore(copy, { create: false });
    try {
      const queries = Array.from({ length: 40 }, (_, i) => variant(pairs[(i * 4409) % pairs.length]!.source, i));
      const window = (query: string) => lengthWindow(norm(query).length, 50);
      const before = queries.map((query) => counts(query, window(query).lo, window(query).hi, 50, false, fresh));
      const kept = preloadPostingLists(fresh.db, [SOURCE_SIDE, TARGET_SIDE]);
      expect(kept.sides).toEqual([SOURCE_SIDE, TARGET_SIDE]);
      fresh.db.prepare('DELETE FROM match_postings').run();
      let compared = 0;
      for (const [i, query] of queries.entries()) {
        const { lo, hi } = window(query);
        expect(counts(query, lo, hi, 50, true, fresh), query).toEqual(before[i]);
        expect(counts(query, lo, hi, 50, false, fresh).size).toBe(0);
        compared += before[i]!.size;
      }
      expect(compared).toBeGreaterThan(1000);
    } finally {
      fresh.close();
      t.cleanup();
    }
  });
});

describe('a list stored in several rows', () => {
  it('is kept as one buffer, and lookups through it stay exact', async () => {
    // An index built in little memory writes a bigram's list in many pieces (rows); the cache
    // joins them, and a lookup must count every piece.
    setIndexBuildMemory(64 * 1024);
    let tm: Awaited<ReturnType<typeof realTm>>;
    try {
      tm = await realTm(1500);
    } finally {
      setIndexBuildMemory();
    }
    try {
      const { db } = tm.store;
      const split = db.prepare('SELECT count(*) FROM (SELECT key / 128 AS list FROM match_postings GROUP BY list HAVING count(*) > 1)').pluck().get() as number;
      expect(split).toBeGreaterThan(50);
      let found = 0;
      for (let i = 0; i < 60; i++) {
        const query = variant(tm.pairs[(i * 7919) % tm.pairs.length]!.source, i);
        const opts = { min: 60, limit: 5 };
        const got = findMatchIds(db, query, opts);
        expect(got, query).toEqual(findMatchIdsExhaustive(db, query, opts));
        found += got.length;
      }
      expect(found).toBeGreaterThan(40);
    } finally {
      tm.close();
    }
  });
});
