// ntm concordance: every pair that uses a phrase, to see how the desk has rendered it.
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { isBlank } from '../../core/normalize.js';
import { concordance } from '../../store/lookup.js';
import { type Context, intOption } from '../context.js';
import { pairJson } from '../render/json.js';
import { renderPairLine } from '../render/text.js';
import { hint } from '../render/messages.js';

interface ConcordanceOptions {
  target?: boolean;
  limit: number;
  json?: boolean;
}

export function registerConcordance(program: Command, ctx: Context): void {
  program
    .command('concordance')
    .alias('conc')
    .summary('pairs that contain a phrase, newest first')
    .description('List stored pairs whose Dutch source (or English target) contains the phrase, ignoring case.')
    .argument('<phrase>', 'the phrase to find (- reads it from standard input)')
    .option('--target', 'search the English side')
    .option('--limit <n>', 'most pairs shown', intOption('--limit', 1, 100000), 20)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm concordance "kalifaat"
  ntm concordance --target "Kurdish forces" --limit 50`,
    )
    .action(async (phraseArg: string, o: ConcordanceOptions) => {
      const phrase = await ctx.textArg(phraseArg);
      if (isBlank(phrase)) throw new InputError('Nothing to search for: the phrase is empty.');
      await ctx.read(({ db }) => {
        const pairs = concordance(db, phrase, { target: o.target ?? false, limit: o.limit });
        if (o.json) {
          ctx.json({ phrase, side: o.target ? 'target' : 'source', pairs: pairs.map(pairJson) });
          return;
        }
        if (pairs.length === 0) {
          ctx.out(hint(ctx.c, `No stored ${o.target ? 'English' : 'Dutch'} text contains "${phrase}".`));
          return;
        }
        for (const p of pairs) ctx.out(renderPairLine(ctx.c, p, phrase, o.target ?? false));
        if (pairs.length === o.limit) ctx.out(hint(ctx.c, `(first ${o.limit}; --limit shows more)`));
      });
    });
}
