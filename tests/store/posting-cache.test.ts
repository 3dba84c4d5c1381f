// A process keeps the posting lists it read (match-index/posting-cache.ts), by bigram and length
// band, and a lookup reads from SQLite only the bands it lacks. Whatever the cache holds (some
// bands of a bigram, none, all), the counts a lookup works from must be those of lists read
// fresh: a band dropped or counted twice would shift every bound the lookup prunes with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigramsOf } from '../../src/core/grams.js';
import { norm } from '../../src/core/normalize.js';
import { lengthWindow } from '../../src/core/score.js';
import { countSharedTokens, indexState, SOURCE_SIDE, scratch } from '../../src/store/match-index/index.js';
import type { Store } from '../../src/store/open.js';
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
function counts(text: string, lo: number, hi: number, min: number, cached: boolean): Map<number, number> {
  const q = norm(text);
  const out = new Map<number, number>();
  try {
    countSharedTokens(store.db, SOURCE_SIDE, bigramsOf(q), q, lo, hi, min, indexState(store.db), cached);
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
});
