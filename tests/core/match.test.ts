import { describe, expect, it } from 'vitest';
import { rankExhaustive, TopMatches } from '../../src/core/match.js';
import { scoreNormalized } from '../../src/core/score.js';

describe('TopMatches', () => {
  it('keeps the best, ties going to the newer pair (higher id)', () => {
    const top = new TopMatches({ min: 50, limit: 3 });
    for (const [id, score] of [
      [1, 80],
      [2, 95],
      [3, 80],
      [4, 40],
      [5, 80],
      [6, 100],
    ] as const)
      top.offer({ id, score });
    expect(top.results()).toEqual([
      { id: 6, score: 100 },
      { id: 2, score: 95 },
      { id: 5, score: 80 },
    ]);
    expect(top.floor).toBe(80);
  });
});

describe('ranking with pruning equals the exhaustive scan', () => {
  it('on random short strings, at random thresholds and limits', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'aab cdeëé';
    const word = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    const stored = Array.from({ length: 400 }, (_, i) => ({ id: i + 1, source: word(1 + Math.floor(rnd() * 12)) }));
    for (let round = 0; round < 200; round++) {
      const q = word(1 + Math.floor(rnd() * 12));
      const opts = { min: Math.floor(rnd() * 101), limit: 1 + Math.floor(rnd() * 8) };
      const expected = stored
        .map((c) => ({ id: c.id, score: scoreNormalized(q, c.source) }))
        .filter((s) => s.score >= opts.min)
        .sort((a, b) => b.score - a.score || b.id - a.id)
        .slice(0, opts.limit);
      expect(rankExhaustive(q, stored, opts)).toEqual(expected);
    }
  });
});
