// ntm segment: how ntm cuts an article into segments, to check the rules before analysing.
import type { Command } from 'commander';
import { articleOptions, loadSegments, type ArticleOptions } from '../article.js';
import type { Context } from '../context.js';
import { segmentLines } from '../render/reports.js';

interface SegmentOptions extends ArticleOptions {
  json?: boolean;
}

export function registerSegment(program: Command, ctx: Context): void {
  const cmd = program
    .command('segment')
    .summary('split an article into segments (sentences), as analyze and pretranslate do')
    .description(
      'Split a Dutch article into segments: one sentence each, paragraphs kept. Plain text has one ' +
        'paragraph a line; Markdown and HTML are read as their text. Links, e-mail addresses, ' +
        'numbers-only lines and date stamps are segments of their own, marked "not translated".',
    )
    .argument('<article>', 'the article (.txt, .md, .html; - for standard input)');
  articleOptions(cmd)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm segment article.txt
  ntm segment article.html --json
  ntm segment article.txt --rules my-abbreviations.json`,
    )
    .action(async (file: string, o: SegmentOptions) => {
      const { name, segments } = await loadSegments(ctx, file, o);
      if (o.json) {
        ctx.json({ article: name, segments });
        return;
      }
      for (const line of segmentLines(ctx.c, segments)) ctx.out(line);
    });
}
