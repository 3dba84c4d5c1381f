// ntm concordance: every pair that uses a phrase, to see how the desk has rendered it.
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { isBlank } from '../../core/normalize.js';
import { phraseNeedle, phraseSpans } from '../../core/phrase.js';
import { concordance } from '../../store/concordance.js';
import { type Context, intOption } from '../context.js';
import { filterOf, filterOptions, type FilterOptions } from '../filters.js';
import { pairJson } from '../render/json.js';
import { renderPairLine } from '../render/text.js';
import { hint } from '../render/messages.js';

interface ConcordanceOptions extends FilterOptions {
  target?: boolean;
  limit: number;
  wholeWord?: boolean;
  matchCase?: boolean;
  json?: boolean;
}

export function registerConcordance(program: Command, ctx: Context): void {
  const cmd = program
    .command('concordance')
    .alias('conc')
    .summary('pairs that contain a phrase, newest first')
    .description(
      'List stored pairs whose Dutch source (or English target) contains the phrase: in any case and ' +
        'anywhere, or only as whole words (--whole-word: "IS" is not in "Islamitische" or "crisis") and ' +
        'only in the case given (--match-case: "IS" is not "is").',
    )
    .argument('<phrase>', 'the phrase to find (- reads it from standard input)')
    .option('--target', 'search the English side')
    .option('--whole-word', 'only where the phrase stands as whole words')
    .option('--match-case', 'only where the phrase has the case given');
  filterOptions(cmd)
    .option('--limit <n>', 'most pairs shown', intOption('--limit', 1, 100000), 20)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm concordance "kalifaat"
  ntm concordance IS --whole-word --match-case     the group, not "is" or "Islamitische"
  ntm concordance --target "Kurdish forces" --limit 50
  ntm concordance "gevangenis" --ref hasaka-2022 --since 2022-01-01`,
    )
    .action(async (phraseArg: string, o: ConcordanceOptions) => {
      const phrase = await ctx.textArg(phraseArg);
      if (isBlank(phrase)) throw new InputError('Nothing to search for: the phrase is empty.');
      const filter = filterOf(o);
      const mode = { wholeWord: o.wholeWord ?? false, matchCase: o.matchCase ?? false };
      await ctx.read(({ db }) => {
        const pairs = concordance(db, phrase, { target: o.target ?? false, limit: o.limit, ...mode, filter });
        if (o.json) {
          const needle = phraseNeedle(phrase, mode);
          ctx.json({
            phrase,
            side: o.target ? 'target' : 'source',
            ...mode,
            // Where the phrase stands in each pair's text (as shown), for marking it.
            pairs: pairs.map((p) => ({ ...pairJson(p), spans: phraseSpans(o.target ? p.target : p.source, needle, mode) })),
          });
          return;
        }
        if (pairs.length === 0) {
          ctx.out(
            hint(
              ctx.c,
              `No stored ${o.target ? 'English' : 'Dutch'} text contains "${phrase}"${o.wholeWord || o.matchCase ? ' (as asked: whole words, case)' : ''}.`,
            ),
          );
          return;
        }
        for (const p of pairs) ctx.out(renderPairLine(ctx.c, p, phrase, o.target ?? false, mode));
        if (pairs.length === o.limit) ctx.out(hint(ctx.c, `(first ${o.limit}; --limit shows more)`));
      });
    });
}
