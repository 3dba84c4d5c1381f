// Lookup recall, continued (a file of its own so that the suite's two workers share the
// recall tests): the English side, and analyze's estimate below 75 %.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESTIMATE_BUDGET, EXACT_BAND_SCORE, LOWEST_BAND_SCORE } from '../../src/core/analysis.js';
import { findMatchIds, findMatchIdsExhaustive } from '../../src/store/lookup.js';
import type { Store } from '../../src/store/open.js';
import { type RealPair, realTm, variant } from '../helpers/real-pairs.js';

let store: Store;
let pairs: RealPair[];
let close: () => void;

beforeAll(async () => {
  const tm = await realTm(4000);
  ({ store, pairs } = tm);
  close = tm.close;
});
afterAll(() => close());

describe('lookup recall over real pairs: English side and estimates', () => {
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
    for (let i = 0; i < 180; i++) {
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
