// ntm delete / ntm restore: deletes are marks, never erasures.
import type { Command } from 'commander';
import { inChangeSet } from '../../store/changes.js';
import { deletePair, restorePair } from '../../store/pairs.js';
import { type Context, parseId } from '../context.js';
import { pairJson } from '../render/json.js';
import { renderPairLine } from '../render/text.js';
import { done, warning } from '../render/messages.js';

export function registerDelete(program: Command, ctx: Context): void {
  program
    .command('delete')
    .summary('delete a pair (recoverable with "ntm restore")')
    .argument('<id>', 'the pair id')
    .option('--by <name>', 'who deleted it (default: your user name)')
    .option('--json', 'print the deleted pair as JSON')
    .addHelpText('after', `\nExample:\n  ntm delete 12      then, to undo:  ntm restore 12`)
    .action(async (idArg: string, o: { by?: string; json?: boolean }) => {
      const id = parseId(idArg);
      await ctx.write(({ db }) => {
        const by = o.by ?? ctx.defaultUser();
        const { result: p } = inChangeSet(db, { command: 'delete', by }, () => deletePair(db, id, by));
        if (o.json) ctx.json(pairJson(p));
        else {
          ctx.out(renderPairLine(ctx.c, p));
          ctx.out(warning(ctx.c, `Deleted #${id}. Undo with: ntm restore ${id}`));
        }
      });
    });

  program
    .command('restore')
    .summary('bring back a deleted pair')
    .argument('<id>', 'the pair id (see "ntm list --deleted")')
    .option('--by <name>', 'who restored it (default: your user name)')
    .option('--json', 'print the restored pair as JSON')
    .addHelpText('after', `\nExamples:\n  ntm list --deleted\n  ntm restore 12`)
    .action(async (idArg: string, o: { by?: string; json?: boolean }) => {
      const id = parseId(idArg);
      await ctx.write(({ db }) => {
        const by = o.by ?? ctx.defaultUser();
        const { result: p } = inChangeSet(db, { command: 'restore', by }, () => restorePair(db, id, by));
        if (o.json) ctx.json(pairJson(p));
        else {
          ctx.out(renderPairLine(ctx.c, p));
          ctx.out(done(ctx.c, `Restored #${id}.`));
        }
      });
    });
}
