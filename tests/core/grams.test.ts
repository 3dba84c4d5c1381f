import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BAND_COUNT, BAND_LO, bandOf, bigramsOf, bucketOf, POSITION_BUCKETS, POSITIONAL_MAX, scoreUpperBound, windowMask } from '../../src/core/grams.js';
import { PositionalQuery } from '../../src/core/positional.js';
import { distance, maxDistance, scoreNormalized } from '../../src/core/score.js';

/** The padded bigrams of a text, position by position, as strings. */
function padded(text: string): string[] {
  const p = `\u0002${text}\u0003`;
  return Array.from({ length: text.length + 1 }, (_, j) => p.slice(j, j + 2));
}

/**
 * The count the index gives for a stored text s against query q at threshold `min`
 * (core/grams.ts, point 3): a bigram the query has at most POSITIONAL_MAX times counts the
 * least of its counts in q and s and the number of its positions in q whose window touches
 * a part of s where s has it; any other counts min(count in q, count in s).
 */
function indexCount(q: string, s: string, min: number): number {
  const positions = new Map<string, number[]>();
  padded(q).forEach((g, i) => {
    positions.set(g, [...(positions.get(g) ?? []), i]);
  });
  const sb = bigramsOf(s);
  const inS = new Map<string, { count: number; mask: number }>();
  for (let i = 0; i < sb.count; i++)
    inS.set(String.fromCharCode(Math.floor(sb.grams[i]! / 65536), sb.grams[i]! % 65536), { count: sb.counts[i]!, mask: sb.masks[i]! });
  const k = maxDistance(Math.max(q.length, s.length), min);
  let c = 0;
  for (const [g, at] of positions) {
    const x = inS.get(g);
    if (!x) continue;
    if (at.length > POSITIONAL_MAX) c += Math.min(at.length, x.count);
    else c += Math.min(at.length, x.count, at.filter((i) => (x.mask & windowMask(i, q.length, s.length, k)) !== 0).length);
  }
  return c;
}

// Small alphabets make near matches, repeats and shared bigrams common.
const text = (max: number) => fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', 'E', '.'), maxLength: max });

describe('padded bigrams', () => {
  it('are counted once each, with where they occur and where first', () => {
    const t = bigramsOf('aaaa');
    const a = 'a'.charCodeAt(0);
    expect(t.count).toBe(3);
    expect([...t.grams.subarray(0, 3)]).toEqual([0x02 * 65536 + a, a * 65536 + a, a * 65536 + 0x03]);
    expect([...t.counts.subarray(0, 3)]).toEqual([1, 3, 1]);
    expect([...t.first.subarray(0, 3)]).toEqual([0, 1, 4]);
    // Five positions in 16 parts: each position its own part.
    expect([...t.masks.subarray(0, 3)]).toEqual([
      1 << bucketOf(0, 4),
      (1 << bucketOf(1, 4)) | (1 << bucketOf(2, 4)) | (1 << bucketOf(3, 4)),
      1 << bucketOf(4, 4),
    ]);
  });

  it('give every text its length + 1 positions, each in its part', () => {
    fc.assert(
      fc.property(text(300), (s) => {
        const t = bigramsOf(s);
        const positions = padded(s);
        let total = 0;
        for (let i = 0; i < t.count; i++) total += t.counts[i]!;
        expect(total).toBe(s.length + 1);
        expect(t.count).toBe(new Set(positions).size);
        positions.forEach((g, j) => {
          const code = g.charCodeAt(0) * 65536 + g.charCodeAt(1);
          const i = Array.from(t.grams.subarray(0, t.count)).indexOf(code);
          expect(t.masks[i]! & (1 << bucketOf(j, s.length))).not.toBe(0);
          expect(bucketOf(j, s.length)).toBeLessThan(POSITION_BUCKETS);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('the score bound from the index', () => {
  it('is never below the real score when that reaches the threshold (the filter is lossless)', () => {
    fc.assert(
      fc.property(text(40), text(40), fc.integer({ min: 0, max: 100 }), (q, s, min) => {
        const score = scoreNormalized(q, s);
        if (score < min) return;
        expect(scoreUpperBound(q.length, s.length, indexCount(q, s, min))).toBeGreaterThanOrEqual(score);
      }),
      { numRuns: 4000 },
    );
  });

  it('also for long texts with many repeats, and at the exact length bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), text(10), fc.integer({ min: 1, max: 100 }), (n, m, tail, min) => {
        const q = 'ab'.repeat(n) + tail;
        const s = 'ba'.repeat(m) + tail;
        const score = scoreNormalized(q, s);
        if (score < min) return;
        expect(scoreUpperBound(q.length, s.length, indexCount(q, s, min))).toBeGreaterThanOrEqual(score);
      }),
      { numRuns: 400 },
    );
  });

  it('is exact for identical texts and falls with fewer shared bigrams', () => {
    expect(scoreUpperBound(10, 10, 11)).toBe(100);
    expect(scoreUpperBound(10, 10, 9)).toBe(90);
    expect(scoreUpperBound(10, 10, 0)).toBe(40);
    expect(scoreUpperBound(10, 20, 11)).toBe(50);
  });
});

describe('the positional lower bound', () => {
  it('never exceeds the distance when the distance is within k', () => {
    fc.assert(
      fc.property(text(60), text(60), fc.integer({ min: 0, max: 70 }), (q, s, k) => {
        const d = distance(q, s);
        const bound = new PositionalQuery(q).lowerBound(s, k);
        if (d <= k) expect(bound).toBeLessThanOrEqual(d);
        else expect(bound > k || bound <= d).toBe(true);
      }),
      { numRuns: 4000 },
    );
  });

  it('tells unrelated sentences apart where the bigram count cannot', () => {
    const q = 'De gevangenis in Hasaka werd in januari door strijders van IS bestormd.';
    const s = 'Kies Beeld - Werkbalken - Tekening om de tekenwerkbalk te openen en te sluiten.';
    const k = maxDistance(Math.max(q.length, s.length), 70);
    expect(distance(q, s)).toBeGreaterThan(k);
    expect(new PositionalQuery(q).lowerBound(s, k)).toBeGreaterThan(k);
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
