// How an article analysis looks on a terminal: one line per segment, then the band table
// translators and desk chiefs know from CAT tools.
import type { ChalkInstance } from 'chalk';
import type { AnalysedSegment, Analysis, Band } from '../../core/analysis.js';
import type { Match } from '../../core/types.js';
import { renderMatch, scoreBadge } from './text.js';

/** The text cut to `width` characters with an ellipsis, when a width is given. */
function fit(text: string, width: number | undefined): string {
  if (width === undefined || text.length <= width) return text;
  return `${text.slice(0, Math.max(1, width - 1))}…`;
}

/** What stands in the score column: the score, or why there is none. */
function scoreCell(c: ChalkInstance, s: AnalysedSegment<Match>): string {
  if (s.band === 'not-translatable') return c.dim(' skip');
  if (s.band === 'repetition') return c.magenta(' rep.');
  if (s.band === 'context') return c.bold.green(' ctx.');
  if (!s.match) return c.dim('    –');
  return ` ${scoreBadge(c, s.match.score)}`;
}

/**
 * One line per segment: number, score (or rep./skip), the pair it matched, the text; with
 * `details`, the match under it as lookup shows it (stored Dutch with differences, English).
 */
export function renderSegmentLines(c: ChalkInstance, a: Analysis<Match>, width?: number, details = false): string[] {
  return a.segments.flatMap((s) => {
    const num = c.dim(String(s.segment.number).padStart(4));
    const from = s.band === 'repetition' ? `of ${s.repetitionOf}` : s.match && s.band !== 'none' ? `#${s.match.pair.id}` : '';
    const text = fit(s.segment.text, width === undefined ? undefined : width - 22);
    const line = `${num} ${scoreCell(c, s)}  ${c.dim(from.padEnd(8))}  ${s.band === 'not-translatable' ? c.dim(text) : text}`;
    if (!details || !s.match || s.band === 'repetition') return [line];
    // The head line of a lookup match repeats what this line shows; its nl/en lines do not.
    return [line, ...renderMatch(c, s.segment.text, s.match, false).slice(1)];
  });
}

const BAND_COLOUR: Partial<Record<Band, (c: ChalkInstance) => ChalkInstance>> = {
  repetition: (c) => c.magenta,
  context: (c) => c.green,
  '100': (c) => c.green,
  '95-99': (c) => c.yellow,
  '85-94': (c) => c.yellow,
};

/** The band table: segments and words per band, and words as a share of the article. */
export function renderBandTable(c: ChalkInstance, a: Analysis<Match>): string[] {
  const pct = (words: number) => `${a.total.words === 0 ? '0.0' : ((100 * words) / a.total.words).toFixed(1)}%`;
  const row = (label: string, segments: number | string, words: number | string, share: string) =>
    `${label.padEnd(18)}${String(segments).padStart(9)}${String(words).padStart(8)}${share.padStart(9)}`;
  const lines = [c.bold(row('Match', 'Segments', 'Words', 'Words %'))];
  for (const b of a.bands) {
    const line = row(b.label, b.segments, b.words, pct(b.words));
    const colour = BAND_COLOUR[b.band];
    lines.push(b.segments > 0 && colour ? colour(c)(line) : b.segments === 0 ? c.dim(line) : line);
  }
  lines.push(c.bold(row('Total', a.total.segments, a.total.words, pct(a.total.words))));
  return lines;
}
