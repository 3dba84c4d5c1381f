import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BAND_COUNT, BAND_LO, bandOf, OCCURRENCE_CAP, scoreUpperBound, tokensOf } from '../../src/core/grams.js';
import { scoreNormalized } from '../../src/core/score.js';

/** The tokens of a text as strings "bigram#occurrence", and the occurrences left uncounted. */
function tokenSet(text: string): { tokens: string[]; uncounted: number } {
  const t = tokensOf(text);
  const tokens: string[] = [];
  for (let i = 0; i < t.count; i++) tokens.push(`${t.grams[i]}#${t.occurrences[i]}`);
  return { tokens, uncounted: t.uncounted };
}

function shared(a: string[], b: string[]): number {
  const set = new Set(b);
  return a.filter((t) => set.has(t)).length;
}

// Small alphabets make near matches, repeats and shared bigrams common.
const text = (max: number) => fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', 'E', '.'), maxLength: max });

describe('padded bigram tokens', () => {
  it('number the occurrences of a bigram, with start and end marks', () => {
    const t = tokensOf('aaaa');
    const a = 'a'.charCodeAt(0);
    expect(t.count).toBe(5);
    expect([...t.grams.subarray(0, 5)]).toEqual([0x02 * 65536 + a, a * 65536 + a, a * 65536 + a, a * 65536 + a, a * 65536 + 0x03]);
    expect([...t.occurrences.subarray(0, 5)]).toEqual([0, 0, 1, 2, 0]);
    expect(t.uncounted).toBe(0);
  });

  it('give every text its length + 1 bigrams, counted or not', () => {
    fc.assert(
      fc.property(text(300), (s) => {
        const t = tokensOf(s);
        expect(t.count + t.uncounted).toBe(s.length + 1);
        expect(new Set(tokenSet(s).tokens).size).toBe(t.count);
      }),
    );
  });

  it(`leave occurrences beyond ${OCCURRENCE_CAP} uncounted`, () => {
    const t = tokensOf('x'.repeat(OCCURRENCE_CAP + 11));
    expect(t.uncounted).toBe(10);
  });
});

describe('the score bound', () => {
  it('is never below the real score (the filter is lossless)', () => {
    fc.assert(
      fc.property(text(40), text(40), (q, s) => {
        const tq = tokenSet(q);
        const common = shared(tq.tokens, tokenSet(s).tokens) + tq.uncounted;
        expect(scoreUpperBound(q.length, s.length, common)).toBeGreaterThanOrEqual(scoreNormalized(q, s));
      }),
      { numRuns: 3000 },
    );
  });

  it('also for texts with more repeats than are indexed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), text(10), (n, m, tail) => {
        const q = 'ab'.repeat(n) + tail;
        const s = 'ab'.repeat(m);
        const tq = tokenSet(q);
        const common = shared(tq.tokens, tokenSet(s).tokens) + tq.uncounted;
        expect(scoreUpperBound(q.length, s.length, common)).toBeGreaterThanOrEqual(scoreNormalized(q, s));
      }),
      { numRuns: 300 },
    );
  });

  it('is exact for identical texts and falls with fewer shared bigrams', () => {
    expect(scoreUpperBound(10, 10, 11)).toBe(100);
    expect(scoreUpperBound(10, 10, 9)).toBe(90);
    expect(scoreUpperBound(10, 10, 0)).toBe(40);
    expect(scoreUpperBound(10, 20, 11)).toBe(50);
  });
});

describe('length bands', () => {
  it('put every length in the band that starts at or below it', () => {
    expect(BAND_LO).toHaveLength(BAND_COUNT);
    for (let len = 0; len < 3000; len++) {
      const b = bandOf(len);
      expect(BAND_LO[b]).toBeLessThanOrEqual(len);
      if (b + 1 < BAND_COUNT) expect(BAND_LO[b + 1]).toBeGreaterThan(len);
    }
    expect(bandOf(1_000_000)).toBe(BAND_COUNT - 1);
  });
});
