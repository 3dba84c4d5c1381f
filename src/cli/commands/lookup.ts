// ntm lookup: earlier approved wording for a sentence, exact and fuzzy, best first.
import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import { InputError, UsageError } from '../../core/errors.js';
import { isBlank } from '../../core/normalize.js';
import type { Match } from '../../core/types.js';
import { lookupMatches } from '../../store/proposed.js';
import { recordUse } from '../../store/pairs.js';
import { type Context, intOption } from '../context.js';
import { matchJson } from '../render/json.js';
import { renderMatch } from '../render/text.js';
import { interactiveLookup } from './lookup-interactive.js';
import { heading, hint } from '../render/messages.js';

interface LookupOptions {
  min: number;
  limit: number;
  reverse?: boolean;
  json?: boolean;
  use?: boolean;
  interactive?: boolean;
}

export function registerLookup(program: Command, ctx: Context): void {
  program
    .command('lookup')
    .summary('find approved wording for a sentence (exact and fuzzy matches)')
    .description(
      'Find stored pairs whose Dutch source is like the text, with the match score and the differences.\n' +
        'Score = floor(100 × (1 − edit distance / length of the longer text)); 100 means identical.',
    )
    .argument('[text]', 'the Dutch text to look up; - reads one query a line from standard input')
    .option('--min <score>', 'lowest score shown, 0–100', intOption('--min', 0, 100), 70)
    .option('--limit <n>', 'most matches shown per query', intOption('--limit', 1, 1000), 5)
    .option('--reverse', 'look up English text and show the Dutch (en → nl)')
    .option('--use', 'count the best match as used (you took its wording)')
    .option('-i, --interactive', 'a prompt: paste sentence after sentence, see matches at once')
    .option('--json', 'print JSON (one line per query when reading standard input)')
    .addHelpText(
      'after',
      `
Examples:
  ntm lookup "De Koerdische strijdkrachten melden zeventien doden."
  ntm lookup "zelfbenoemde kalifaat" --min 50 --limit 10
  ntm lookup --reverse "Kurdish forces"
  ntm lookup - --json < sentences.txt      one JSON line per sentence
  ntm lookup -i                             paste sentences one by one; empty line or Ctrl-D ends`,
    )
    .action(async (text: string | undefined, o: LookupOptions) => {
      const opts = { min: o.min, limit: o.limit, reverse: o.reverse ?? false };
      if (o.interactive) {
        if (text !== undefined) throw new UsageError('Give either a text to look up or -i for the prompt, not both.');
        const session = o.use ? ctx.write.bind(ctx) : ctx.read.bind(ctx);
        await session(({ db }) =>
          interactiveLookup(ctx, (query) => {
            const matches = lookupMatches(db, query, opts);
            if (o.use && matches[0]) recordUse(db, matches[0].pair.id);
            if (o.json) ctx.json({ query, matches: matches.map(matchJson) });
            else printHuman(ctx, query, matches, opts, false);
          }, { json: o.json ?? false, reverse: opts.reverse }),
        );
        return;
      }
      if (text === undefined) throw new UsageError('Nothing to look up: give a text, - for standard input, or -i for a prompt.');
      if (text !== '-' && isBlank(text)) throw new InputError('Nothing to look up: the text is empty.');
      const session = o.use ? ctx.write.bind(ctx) : ctx.read.bind(ctx);
      await session(async ({ db }) => {
        const answer = (query: string, many: boolean): void => {
          const matches = lookupMatches(db, query, opts);
          if (o.use && matches[0]) recordUse(db, matches[0].pair.id);
          if (o.json) ctx.json({ query, matches: matches.map(matchJson) });
          else printHuman(ctx, query, matches, opts, many);
        };
        if (text !== '-') {
          answer(text, false);
          return;
        }
        const lines = createInterface({ input: ctx.io.stdin, crlfDelay: Infinity });
        let first = true;
        for await (const line of lines) {
          if (isBlank(line)) continue;
          if (!first && !o.json) ctx.out();
          first = false;
          answer(line, true);
        }
      });
    });
}

function printHuman(ctx: Context, query: string, matches: Match[], o: { min: number; reverse: boolean }, many: boolean): void {
  if (many) ctx.out(heading(ctx.c, `› ${query}`));
  if (matches.length === 0) {
    ctx.out(hint(ctx.c, `No approved wording scores ${o.min}% or more. Lower --min to see weaker matches.`));
    return;
  }
  for (const m of matches) for (const line of renderMatch(ctx.c, query, m, o.reverse)) ctx.out(line);
}
