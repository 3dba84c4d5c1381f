// Lookup must be exact in recall (SPEC): over thousands of real pairs, the indexed lookup
// returns exactly what scoring every stored source would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import type { Scored } from '../../src/core/match.js';
import { findMatchIds, findMatchIdsExhaustive } from '../../src/store/lookup.js';
import { setSkipFromBytes } from '../../src/store/match-index/index.js';
import { type RealPair, realTm, variant } from '../helpers/real-pairs.js';

// Queries per --min: each of variant()'s five kinds of edit twenty times, at every --limit
// from 1 to 10 (the exhaustive scan of one query scores all 4,000 stored texts: the cost).
const QUERIES = 100;
let store: Store;
let close: () => void;
let pairs: RealPair[];

beforeAll(async () => {
  const tm = await realTm(4000);
  ({ store, pairs } = tm);
  close = tm.close;
});
afterAll(() => close());

describe(`lookup recall over real pairs`, () => {
  it('has thousands of real pairs to work on', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(3000);
  });

  // The exhaustive scan of a query scores every stored source; ranked (score, then newer id:
  // a total order), its result at any --min and --limit is the scan at the lowest --min with
  // no limit, cut to those scores and that length. So each query is scanned once, not once
  // per --min.
  const scans = new Map<string, Scored[]>();
  const exhaustive = (query: string, o: { min: number; limit: number }): Scored[] => {
    let all = scans.get(query);
    if (!all) scans.set(query, (all = findMatchIdsExhaustive(store.db, query, { min: 30, limit: Number.MAX_SAFE_INTEGER })));
    return all.filter((s) => s.score >= o.min).slice(0, o.limit);
  };

  for (const min of [30, 50, 70, 90, 100]) {
    it(`returns exactly the exhaustive scan's matches at --min ${min}`, () => {
      let nonEmpty = 0;
      for (let i = 0; i < QUERIES; i++) {
        const pick = pairs[(i * 7919) % pairs.length]!;
        const query = variant(pick.source, i);
        const opts = { min, limit: 1 + (i % 10) };
        const fast = findMatchIds(store.db, query, opts);
        expect(fast, query).toEqual(exhaustive(query, opts));
        if (fast.length) nonEmpty++;
      }
      // At --min 100 only the unchanged fifth can match.
      expect(nonEmpty).toBeGreaterThan(QUERIES / 8);
    });
  }

  it('cuts the exhaustive scan as a scan at that --min and --limit would (so the tests above may share one)', () => {
    for (let i = 0; i < 20; i++) {
      const query = variant(pairs[(i * 7919) % pairs.length]!.source, i);
      for (const min of [30, 70, 100]) {
        const opts = { min, limit: 1 + (i % 10) };
        expect(exhaustive(query, opts), query).toEqual(findMatchIdsExhaustive(store.db, query, opts));
      }
    }
  });

  it('also when the longest lists are left uncounted (as in a large TM)', () => {
    setSkipFromBytes(1);
    try {
      for (const min of [50, 70, 90]) {
        for (let i = 0; i < 60; i++) {
          const query = variant(pairs[(i * 7907) % pairs.length]!.source, i + 1000);
          const opts = { min, limit: 1 + (i % 5) };
          expect(findMatchIds(store.db, query, opts), query).toEqual(exhaustive(query, opts));
        }
      }
    } finally {
      setSkipFromBytes();
    }
  });
});
