// ntm list: stored pairs, newest first.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { listPairs } from '../../store/pairs.js';
import { type Context, intOption } from '../context.js';
import { pairJson } from '../render/json.js';
import { renderPairLine } from '../render/text.js';
import { hint } from '../render/messages.js';

interface ListOptions {
  terms?: boolean;
  segments?: boolean;
  forbidden?: boolean;
  proposed?: boolean;
  deleted?: boolean;
  tag?: string;
  limit: number;
  json?: boolean;
}

export function registerList(program: Command, ctx: Context): void {
  program
    .command('list')
    .summary('list stored pairs, newest first')
    .option('--terms', 'only terms')
    .option('--segments', 'only segments (sentences)')
    .option('--forbidden', 'only forbidden renderings')
    .option('--proposed', 'only proposed pairs (waiting for a reviewer: "ntm review")')
    .option('--deleted', 'only deleted pairs (restore them with "ntm restore <id>")')
    .option('--tag <tag>', 'only pairs with this tag')
    .option('--limit <n>', 'most pairs shown', intOption('--limit', 1, 10_000_000), 50)
    .option('--json', 'print JSON')
    .addHelpText('after', `\nExamples:\n  ntm list --terms\n  ntm list --deleted\n  ntm list --tag syria --json`)
    .action(async (o: ListOptions) => {
      if (o.terms && o.segments) throw new UsageError('Choose one of --terms and --segments.');
      await ctx.read(({ db }) => {
        const pairs = listPairs(db, {
          kind: o.terms ? 'term' : o.segments ? 'segment' : undefined,
          status: o.forbidden ? 'forbidden' : o.proposed ? 'proposed' : undefined,
          deleted: o.deleted ?? false,
          tag: o.tag,
          limit: o.limit,
        });
        if (o.json) {
          ctx.json({ pairs: pairs.map(pairJson) });
          return;
        }
        if (pairs.length === 0) ctx.out(hint(ctx.c, 'No pairs to list.'));
        for (const p of pairs) ctx.out(renderPairLine(ctx.c, p));
        if (pairs.length === o.limit) ctx.out(hint(ctx.c, `(newest ${o.limit}; --limit shows more)`));
      });
    });
}
