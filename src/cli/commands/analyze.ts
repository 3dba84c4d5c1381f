// ntm analyze: how much of an article the desk has translated before, per segment and per band.
import type { Command } from 'commander';
import { analyseSegments, ESTIMATE_BUDGET, EXACT_BAND_SCORE, estimatedBands, LOWEST_BAND_SCORE } from '../../core/analysis.js';
import { bestMatches } from '../../store/best-match.js';
import { articleOptions, loadSegments, type ArticleOptions } from '../article.js';
import type { Context } from '../context.js';
import { renderBandTable, renderSegmentLines } from '../render/analysis.js';
import { matchJson } from '../render/json.js';
import { heading, hint } from '../render/messages.js';

interface AnalyzeOptions extends ArticleOptions {
  json?: boolean;
  summary?: boolean;
  details?: boolean;
  exact?: boolean;
}

export function registerAnalyze(program: Command, ctx: Context): void {
  const cmd = program
    .command('analyze')
    .alias('analyse')
    .summary('how much of an article the TM already has: best match per segment, words per band')
    .description(
      'Split a Dutch article into segments, find the best approved match for each, and count segments ' +
        'and words per band: repetitions inside the article, 100%, 95–99%, 85–94%, 75–84%, 50–74%, ' +
        'no match, and segments that are not translated (links, date stamps). A segment equal to an ' +
        'earlier one in the same article is a repetition, whatever the TM holds. ' +
        'Words: runs of non-space characters with a letter or digit ("IS-aanval", "1.200" are one word). ' +
        'Matches of 75% and more are found exactly, as by lookup; the 50–74% band (and so "no match") ' +
        'is estimated from the stored sentences closest in letters, unless --exact (slow on a large TM).',
    )
    .argument('<article>', 'the article (.txt, .md, .html; - for standard input)');
  articleOptions(cmd)
    .option('--summary', 'only the band table, not every segment')
    .option('--details', 'under each matched segment, the stored Dutch with the differences and its English')
    .option('--exact', 'compare with every stored sentence for the 50–74% band too (slower)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm analyze article.txt
  ntm analyze article.md --summary
  ntm analyze article.txt --details        what differs in each fuzzy match
  ntm analyze article.txt --exact          50–74% and "no match" proven, not estimated
  ntm analyze article.txt --json | jq '.summary.bands'`,
    )
    .action(async (file: string, o: AnalyzeOptions) => {
      const { name, segments } = await loadSegments(ctx, file, o);
      await ctx.read(({ db }) => {
        const exact = o.exact ?? false;
        const search = exact
          ? { min: LOWEST_BAND_SCORE, limit: 1 }
          : { min: EXACT_BAND_SCORE, limit: 1, near: { min: LOWEST_BAND_SCORE, budget: ESTIMATE_BUDGET } };
        const analysis = analyseSegments(segments, (text) => bestMatches(db, text, search)[0] ?? null);
        const estimated = estimatedBands(exact);
        if (o.json) {
          ctx.json({
            article: name,
            segments: analysis.segments.map((s) => ({
              segment: s.segment.number,
              paragraph: s.segment.paragraph,
              text: s.segment.text,
              words: s.words,
              band: s.band,
              score: s.match?.score ?? null,
              match: s.match ? matchJson(s.match) : null,
              repetitionOf: s.repetitionOf,
            })),
            summary: { bands: analysis.bands, total: analysis.total, estimated },
          });
          return;
        }
        ctx.out(heading(ctx.c, `${name}: ${analysis.total.segments} segments, ${analysis.total.words} words`));
        if (!o.summary) {
          const width = ctx.interactive ? (ctx.io.stdout as { columns?: number }).columns : undefined;
          ctx.out();
          for (const line of renderSegmentLines(ctx.c, analysis, width, o.details ?? false)) ctx.out(line);
        }
        ctx.out();
        for (const line of renderBandTable(ctx.c, analysis)) ctx.out(line);
        if (analysis.bands.some((b) => estimated.includes(b.band) && b.segments > 0)) {
          ctx.out(hint(ctx.c, '50–74% and No match: estimated from the closest stored sentences; --exact compares all (slower).'));
        }
      });
    });
}
