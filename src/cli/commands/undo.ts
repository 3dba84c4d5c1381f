// ntm undo: reverse one change set, in one transaction; the undo is a change set itself.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { getChange, inChangeSet } from '../../store/changes.js';
import { undoChange, type UndoReport } from '../../store/undo.js';
import type { Context } from '../context.js';
import { done, hint } from '../render/messages.js';

export function registerUndo(program: Command, ctx: Context): void {
  program
    .command('undo')
    .summary('reverse one change set (see "ntm changes")')
    .description(
      'Reverse a change set: pairs it added are deleted (recoverably), pairs it deleted come back, edited pairs get ' +
        'their earlier text, term rules go back to what they were, accepted findings are withdrawn (withdrawn ones come back). All in one transaction, and itself a change set, so an undo can be undone. A pair ' +
        'changed since by another change set is not touched: the undo is refused, naming that change set.',
    )
    .argument('<id>', 'the change set (its number in "ntm changes")')
    .option('--by <name>', 'who undoes it (default: your user name)')
    .option('--json', 'print JSON: {"undone", "change", "pairs"}')
    .addHelpText(
      'after',
      `\nExamples:\n  ntm changes\n  ntm undo 42          take back change set #42 (e.g. a wrong import)\n  ntm undo 43          …and undo that undo`,
    )
    .action(async (idArg: string, o: { by?: string; json?: boolean }) => {
      if (!/^#?\d+$/.test(idArg.trim())) throw new UsageError(`"${idArg}" is not a change set id (a number from "ntm changes").`);
      const id = Number(idArg.trim().replace('#', ''));
      const by = o.by ?? ctx.defaultUser();
      await ctx.write(({ db }) => {
        const target = getChange(db, id);
        const { result, change } = inChangeSet(db, { command: 'undo', by, undoes: id, detail: { command: target.command } }, () =>
          undoChange(db, id, by, ctx.step),
        );
        if (o.json) {
          ctx.json({ undone: id, change, pairs: result.pairs, rules: result.rules, acceptances: result.acceptances });
          return;
        }
        const what = undoneWhat(result);
        ctx.out(done(ctx.c, `Undid change set #${id} (${target.command}, ${target.by}): ${what}.`));
        if (change !== null) ctx.out(hint(ctx.c, `This undo is change set #${change}; "ntm undo ${change}" redoes it.`));
      });
    });
}

/** What an undo put back, in a few words. */
function undoneWhat(r: UndoReport): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const parts = [
    r.pairs ? `${n(r.pairs, 'pair', 'pairs')} put back` : '',
    r.rules ? `the rules of ${n(r.rules, 'term', 'terms')} put back` : '',
    r.acceptances ? `${n(r.acceptances, 'accepted finding', 'accepted findings')} withdrawn or brought back` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : r.setting ? 'the settings change reversed' : 'the reviewer change reversed';
}
