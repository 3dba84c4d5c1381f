// ntm show: every field of one pair.
import type { Command } from 'commander';
import { getPair } from '../../store/pairs.js';
import { type Context, parseId } from '../context.js';
import { pairJson } from '../render/json.js';
import { renderPairDetail } from '../render/text.js';

export function registerShow(program: Command, ctx: Context): void {
  program
    .command('show')
    .summary('show one pair in full')
    .argument('<id>', 'the pair id (as shown by lookup, list, concordance)')
    .option('--json', 'print JSON')
    .addHelpText('after', `\nExample:\n  ntm show 12`)
    .action(async (idArg: string, o: { json?: boolean }) => {
      const id = parseId(idArg);
      await ctx.read(({ db }) => {
        const p = getPair(db, id);
        if (o.json) ctx.json(pairJson(p));
        else for (const line of renderPairDetail(ctx.c, p)) ctx.out(line);
      });
    });
}
