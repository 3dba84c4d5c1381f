import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { norm } from '../../src/core/normalize.js';
import { distance, lengthWindow, maxDistance, scoreFromDistance, scoreNormalized } from '../../src/core/score.js';

const score = (q: string, s: string) => scoreNormalized(norm(q), norm(s));

describe('norm', () => {
  it('folds runs of white space (tabs, newlines, no-break spaces) and trims', () => {
    expect(norm('  De \t aanval\n\nvan\u00a0IS  ')).toBe('De aanval van IS');
  });
  it('composes decomposed diacritics (NFC) and keeps case and punctuation', () => {
    expect(norm('Syrie\u0308rs')).toBe('Syriërs');
    expect(norm('Syrie\u0308rs').length).toBe(7);
    expect(norm('IS-Strijders!')).toBe('IS-Strijders!');
  });
});

describe('score (hand-computed)', () => {
  it('is 100 for texts equal after norm, also when white space and composition differ', () => {
    expect(score('Koerdische  strijdkrachten', ' Koerdische\tstrijdkrachten ')).toBe(100);
    expect(score('Syriërs', 'Syrie\u0308rs')).toBe(100);
  });
  it('counts a diacritic as one edit: Syriërs / Syriers = floor(100 × 6/7) = 85', () => {
    expect(distance('Syriërs', 'Syriers')).toBe(1);
    expect(score('Syriërs', 'Syriers')).toBe(85);
  });
  it('counts case: "koerdische" / "Koerdische" = floor(100 × 9/10) = 90', () => {
    expect(score('koerdische', 'Koerdische')).toBe(90);
  });
  it('takes the longer length: "De Koerdische strijdkrachten" (28) / "Koerdische strijdkrachten" (25), d=3 → 89', () => {
    expect(distance('De Koerdische strijdkrachten', 'Koerdische strijdkrachten')).toBe(3);
    expect(score('De Koerdische strijdkrachten', 'Koerdische strijdkrachten')).toBe(89);
    expect(score('Koerdische strijdkrachten', 'De Koerdische strijdkrachten')).toBe(89);
  });
  it('floors rather than rounds: d=1, m=3 → floor(66.67) = 66', () => {
    expect(score('kat', 'kap')).toBe(66);
  });
  it('measures length in UTF-16 code units (an emoji is two)', () => {
    expect('😀'.length).toBe(2);
    expect(score('a😀', 'a')).toBe(33); // d = 2, m = 3
  });
  it('is 0 for completely different texts and 100 for two empty ones', () => {
    expect(score('abc', 'xyz')).toBe(0);
    expect(scoreNormalized('', '')).toBe(100);
  });
});

describe('bounds derived from the score', () => {
  it('maxDistance is the largest d with score ≥ min, for every length and threshold', () => {
    for (let m = 1; m <= 120; m++) {
      for (let min = 0; min <= 100; min++) {
        const k = maxDistance(m, min);
        expect(scoreFromDistance(k, m)).toBeGreaterThanOrEqual(min);
        if (k + 1 <= m) expect(scoreFromDistance(k + 1, m)).toBeLessThan(min);
      }
    }
  });
  it('lengthWindow contains every stored length that can still reach min', () => {
    for (let L = 1; L <= 80; L++) {
      for (const min of [1, 30, 50, 69, 70, 71, 90, 99, 100]) {
        const { lo, hi } = lengthWindow(L, min);
        for (let l = 0; l <= 3 * L; l++) {
          // the best score any text of length l can have against one of length L: d = |L − l|
          const best = scoreFromDistance(Math.abs(L - l), Math.max(L, l));
          expect(best >= min).toBe(l >= lo && l <= hi);
        }
      }
    }
  });
});

describe('distance', () => {
  it('is fast-levenshtein 3.x: the same answers as its get(), on random texts of every size', () => {
    // fast-levenshtein ships no types; the test needs only get().
    const levenshtein = createRequire(import.meta.url)('fast-levenshtein') as { get(a: string, b: string): number };
    const alphabet = ['a', 'b', 'e', ' ', 'é', 'ë', 'A', '😀'];
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const text = (): string => Array.from({ length: next(90) }, () => alphabet[next(alphabet.length)]).join('');
    for (let i = 0; i < 2000; i++) {
      const a = text();
      const b = text();
      expect(distance(a, b)).toBe(levenshtein.get(a, b));
    }
  });
});
