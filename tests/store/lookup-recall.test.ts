// Lookup must be exact in recall (SPEC): over thousands of real pairs, the indexed lookup
// returns exactly what scoring every stored source would.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open.js';
import type { Scored } from '../../src/core/match.js';
import { findMatchIds, findMatchIdsExhaustive } from '../../src/store/lookup.js';
import { setSkipFromBytes } from '../../src/store/match-index/index.js';
import { asyncTransaction, importUnits } from '../../src/store/import.js';
import { ESTIMATE_BUDGET, EXACT_BAND_SCORE, LOWEST_BAND_SCORE } from '../../src/core/analysis.js';
import { tempDir } from '../helpers/cli.js';
import { loadRealPairs, type RealPair } from '../helpers/real-pairs.js';

let store: Store;
let cleanup: () => void;
let pairs: RealPair[];

/** Deterministic small edits of a real sentence: what a near-repeat in the news looks like. */
function variant(s: string, i: number): string {
  const words = s.split(' ');
  switch (i % 5) {
    case 0:
      return s;
    case 1:
      return words.slice(1).join(' ') || `${s} en`;
    case 2:
      return s.replace(/[aeiou]/, 'ë');
    case 3:
      return [...words.slice(0, -1), 'gisteren', ...words.slice(-1)].join(' ');
    default:
      return s.toUpperCase().slice(0, Math.max(3, Math.floor(s.length * 0.8)));
  }
}

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  pairs = loadRealPairs(4000);
  store = openStore(join(t.dir, 'tm.sqlite'), { create: true });
  await asyncTransaction(store.db, () =>
    importUnits(
      store.db,
      pairs.map((p, i) => ({ line: i + 1, source: p.source, target: p.target })),
      { kind: 'segment', by: 'corpus' },
    ),
  );
});
afterAll(() => {
  store.close();
  cleanup();
});

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
      for (let i = 0; i < 150; i++) {
        const pick = pairs[(i * 7919) % pairs.length]!;
        const query = variant(pick.source, i);
        const opts = { min, limit: 1 + (i % 10) };
        const fast = findMatchIds(store.db, query, opts);
        expect(fast, query).toEqual(exhaustive(query, opts));
        if (fast.length) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThan(20);
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
        for (let i = 0; i < 100; i++) {
          const query = variant(pairs[(i * 7907) % pairs.length]!.source, i + 1000);
          const opts = { min, limit: 1 + (i % 5) };
          expect(findMatchIds(store.db, query, opts), query).toEqual(exhaustive(query, opts));
        }
      }
    } finally {
      setSkipFromBytes();
    }
  });

  it('also on the English side (--reverse)', () => {
    for (let i = 0; i < 60; i++) {
      const query = variant(pairs[(i * 104729) % pairs.length]!.target, i);
      const opts = { min: 60, limit: 5, reverse: true };
      expect(findMatchIds(store.db, query, opts)).toEqual(findMatchIdsExhaustive(store.db, query, opts));
    }
  });

  it("gives analyze's estimate below 75 %: exact from 75 up, and nearly every best match of 50–74 %", () => {
    // Sentences cut short, extended with part of another, or with a third of their words
    // replaced: queries whose best match is often in the 50–74 band, at every length ratio.
    const words = pairs.slice(0, 500).flatMap((p) => p.source.split(' '));
    let inBand = 0;
    let same = 0;
    for (let i = 0; i < 300; i++) {
      const w = pairs[(i * 7919 + 13) % pairs.length]!.source.split(' ');
      const other = pairs[(i * 104729 + 7) % pairs.length]!.source.split(' ');
      const query =
        i % 3 === 0
          ? w.slice(0, Math.max(2, Math.round(w.length * (0.55 + (i % 7) * 0.03)))).join(' ')
          : i % 3 === 1
            ? [...w, ...other.slice(0, Math.ceil(other.length / 2))].join(' ')
            : w.map((x, j) => ((i + j) % 3 === 0 ? words[(i * 31 + j * 17) % words.length]! : x)).join(' ');
      const exact = findMatchIdsExhaustive(store.db, query, { min: LOWEST_BAND_SCORE, limit: 1 })[0];
      const estimate = findMatchIds(store.db, query, {
        min: EXACT_BAND_SCORE,
        limit: 1,
        near: { min: LOWEST_BAND_SCORE, budget: ESTIMATE_BUDGET },
      })[0];
      if (exact && exact.score >= EXACT_BAND_SCORE) expect(estimate, query).toEqual(exact);
      else if (exact) {
        inBand++;
        if (estimate?.score === exact.score) same++;
        if (estimate) expect(estimate.score, query).toBeLessThanOrEqual(exact.score);
      } else expect(estimate, query).toBeUndefined();
    }
    expect(inBand).toBeGreaterThan(60);
    expect(same / inBand).toBeGreaterThanOrEqual(0.9);
  });
});
