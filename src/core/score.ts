// SPEC's match score and the bounds that follow from it. Everything that filters candidates
// must agree with `score` exactly; the bounds below are derived from it, not tuned.
import { distance as myersDistance } from 'fastest-levenshtein';

// fast-levenshtein 3.x (the design's Levenshtein) computes every distance with Myers'
// bit-parallel algorithm from fastest-levenshtein; its own `get` only adds an optional locale
// collator, which it sets up (ICU) each time it is loaded, on every cold start. We never
// collate (SPEC: case and diacritics count), so we call that engine directly.
// tests/core/score.test.ts checks it gives fast-levenshtein's answers.

/** Character Levenshtein distance in UTF-16 code units (fast-levenshtein 3.x's engine, Myers). */
export function distance(a: string, b: string): number {
  return myersDistance(a, b);
}

/**
 * score(q, s) = floor(100 × (1 − lev / max(len q, len s))) on already normalised texts.
 * Integer arithmetic: (100 × (m − d)) / m is floored exactly because both are integers.
 */
export function scoreNormalized(q: string, s: string): number {
  const m = Math.max(q.length, s.length);
  if (m === 0) return 100;
  const d = distance(q, s);
  return scoreFromDistance(d, m);
}

/** The score for a known distance d between texts whose longer one has m units. */
export function scoreFromDistance(d: number, m: number): number {
  if (m === 0) return 100;
  return Math.floor((100 * (m - d)) / m);
}

/**
 * The largest edit distance that still scores ≥ min when the longer text has m units:
 * floor(100(m−d)/m) ≥ min  ⇔  100(m−d) ≥ min·m  ⇔  d ≤ m(100−min)/100.
 */
export function maxDistance(m: number, min: number): number {
  return Math.floor((m * (100 - min)) / 100);
}

/**
 * Stored lengths ℓ that can score ≥ min against a query of length L. Since d ≥ |L − ℓ|:
 * ℓ ≤ L needs L − ℓ ≤ L(100−min)/100, i.e. ℓ ≥ ceil(L·min/100); ℓ > L needs
 * ℓ − L ≤ ℓ(100−min)/100, i.e. ℓ ≤ floor(100·L/min). Lossless by construction.
 */
export function lengthWindow(L: number, min: number): { lo: number; hi: number } {
  if (min <= 0) return { lo: 0, hi: Number.MAX_SAFE_INTEGER };
  const lo = Math.ceil((L * min) / 100);
  const hi = Math.floor((100 * L) / min);
  return { lo, hi };
}
