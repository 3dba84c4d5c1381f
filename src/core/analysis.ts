// The analysis report CAT tools give translators and desk chiefs: for each segment of an
// article its best match, and segments and words per match band.
import { norm } from './normalize.js';
import type { Segment } from './segment/segment.js';

export type Band = 'repetition' | '100' | '95-99' | '85-94' | '75-84' | '50-74' | 'none' | 'not-translatable';

/** The bands in report order, with the scores each covers. */
export const BANDS: readonly { band: Band; label: string; min?: number; max?: number }[] = [
  { band: 'repetition', label: 'Repetitions' },
  { band: '100', label: '100%', min: 100, max: 100 },
  { band: '95-99', label: '95–99%', min: 95, max: 99 },
  { band: '85-94', label: '85–94%', min: 85, max: 94 },
  { band: '75-84', label: '75–84%', min: 75, max: 84 },
  { band: '50-74', label: '50–74%', min: 50, max: 74 },
  { band: 'none', label: 'No match' },
  { band: 'not-translatable', label: 'Not translatable' },
];

/** The lowest score that still falls in a band. */
export const LOWEST_BAND_SCORE = 50;

/**
 * From this score up, analysis finds the best match exactly, as lookup does. Below it (the
 * 50–74 band, and so "no match") it estimates unless asked for an exact analysis: proving
 * that a sentence has no match of 50 % means comparing it with every stored sentence of half
 * to twice its length (on a large TM, far too slow per sentence), while the 75 % bound
 * prunes nearly all of them.
 */
export const EXACT_BAND_SCORE = 75;

/**
 * Below EXACT_BAND_SCORE, analysis compares a segment with this many stored sentences: those
 * that share the largest part of their letter pairs with it (see lookup's near mode). More
 * finds hardly any more best matches for much more time a query (bench/RESULTS.md).
 */
export const ESTIMATE_BUDGET = 300;

/** The bands an analysis estimates rather than proves (none when it is exact). */
export function estimatedBands(exact: boolean): Band[] {
  return exact ? [] : ['50-74', 'none'];
}

/** The band of a best-match score (null: no match scoring 50 or more). */
export function bandOfScore(score: number | null): Band {
  if (score === null) return 'none';
  for (const b of BANDS) if (b.min !== undefined && score >= b.min && score <= b.max!) return b.band;
  return 'none';
}

/**
 * Words as CAT tools count them, simply: runs of non-space characters that hold at least one
 * letter or digit. "IS-aanval", "1.200", "o.a." and "(@esvanana)" are one word each; a dash is none.
 */
export function countWords(text: string): number {
  let n = 0;
  for (const token of text.split(/\s+/u)) if (/[\p{L}\p{N}]/u.test(token)) n++;
  return n;
}

/** One analysed segment: its band, and its best match when it has one. */
export interface AnalysedSegment<M> {
  segment: Segment;
  words: number;
  band: Band;
  /** The best match (also for a repetition: the first occurrence's). */
  match: M | null;
  /** For a repetition, the number of the segment it repeats. */
  repetitionOf: number | null;
}

/** Segments and words in one band. */
export interface BandTotal {
  band: Band;
  label: string;
  segments: number;
  words: number;
}

export interface Analysis<M> {
  segments: AnalysedSegment<M>[];
  bands: BandTotal[];
  total: { segments: number; words: number };
}

/**
 * Analyses an article: `best` finds the best match scoring ≥ 50 for a segment's text (called
 * once per distinct translatable segment). A segment equal after norm to an earlier one is a
 * repetition, whatever the TM holds: the translator translates it once.
 */
export function analyseSegments<M extends { score: number }>(
  segments: readonly Segment[],
  best: (text: string) => M | null,
): Analysis<M> {
  const first = new Map<string, AnalysedSegment<M>>();
  const out: AnalysedSegment<M>[] = [];
  for (const segment of segments) {
    const words = countWords(segment.text);
    if (!segment.translatable) {
      out.push({ segment, words, band: 'not-translatable', match: null, repetitionOf: null });
      continue;
    }
    const key = norm(segment.text);
    const earlier = first.get(key);
    if (earlier) {
      out.push({ segment, words, band: 'repetition', match: earlier.match, repetitionOf: earlier.segment.number });
      continue;
    }
    const match = best(segment.text);
    const analysed = { segment, words, band: bandOfScore(match?.score ?? null), match, repetitionOf: null };
    first.set(key, analysed);
    out.push(analysed);
  }
  const bands = BANDS.map(({ band, label }) => {
    const inBand = out.filter((s) => s.band === band);
    return { band, label, segments: inBand.length, words: inBand.reduce((sum, s) => sum + s.words, 0) };
  });
  return {
    segments: out,
    bands,
    total: { segments: out.length, words: out.reduce((sum, s) => sum + s.words, 0) },
  };
}
