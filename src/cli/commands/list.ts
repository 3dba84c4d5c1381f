// ntm list: stored pairs, newest first.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { filterSql } from '../../store/filter.js';
import { listPairs } from '../../store/pairs.js';
import { filterOf, filterOptions, type FilterOptions } from '../filters.js';
import { type Context, intOption } from '../context.js';
import { pairJson } from '../render/json.js';
import { renderPairLine } from '../render/text.js';
import { hint } from '../render/messages.js';

interface ListOptions extends FilterOptions {
  terms?: boolean;
  segments?: boolean;
  forbidden?: boolean;
  proposed?: boolean;
  deleted?: boolean;
  limit: number;
  json?: boolean;
}

export function registerList(program: Command, ctx: Context): void {
  const cmd = program
    .command('list')
    .summary('list stored pairs, newest first')
    .option('--terms', 'only terms')
    .option('--segments', 'only segments (sentences)')
    .option('--forbidden', 'only forbidden renderings')
    .option('--proposed', 'only proposed pairs (waiting for a reviewer: "ntm review")')
    .option('--deleted', 'only deleted pairs (restore them with "ntm restore <id>")')
    .option('--tag <tag>', 'only pairs with this tag');
  filterOptions(cmd, { tag: false })
    .option('--limit <n>', 'most pairs shown', intOption('--limit', 1, 10_000_000), 50)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `\nExamples:\n  ntm list --terms\n  ntm list --deleted\n  ntm list --tag syria --json\n  ntm list --ref hasaka-2022 --by anna --since 2022-01-01`,
    )
    .action(async (o: ListOptions) => {
      if (o.terms && o.segments) throw new UsageError('Choose one of --terms and --segments.');
      const { status, ...filter } = filterOf(o);
      const flagged = o.forbidden ? 'forbidden' : o.proposed ? 'proposed' : undefined;
      if (status && flagged && status !== flagged) throw new UsageError(`--${flagged} and --status ${status} ask for different pairs; give one.`);
      await ctx.read(({ db }) => {
        const pairs = listPairs(db, {
          kind: o.terms ? 'term' : o.segments ? 'segment' : undefined,
          status: status ?? flagged,
          deleted: o.deleted ?? false,
          where: filterSql(filter),
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
