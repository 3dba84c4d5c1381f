// ntm changes: the change sets, newest first: what each command wrote, who, when, how many pairs.
import type { Command } from 'commander';
import { listChanges, type ChangeSet } from '../../store/changes.js';
import { type Context, intOption } from '../context.js';
import { changeLine } from '../render/changes.js';
import { hint } from '../render/messages.js';

export function registerChanges(program: Command, ctx: Context): void {
  program
    .command('changes')
    .summary('what was written, change set by change set, newest first (undo with "ntm undo")')
    .description(
      'Every command that writes (add, import, approve, edit, delete, restore, review, replace, undo, doctor --repair, ' +
        'reviewers, accept, check --accept) records one change set. "ntm undo <id>" reverses one. Changes from before schema 6 are in each ' +
        'pair\'s history ("ntm history") but not in a change set.',
    )
    .option('--limit <n>', 'most change sets shown', intOption('--limit', 1, 1_000_000), 20)
    .option('--by <name>', 'only change sets by this person')
    .option('--json', 'print JSON: {"changes": [{"id", "command", "by", "at", "pairs", …}]}')
    .addHelpText('after', `\nExamples:\n  ntm changes\n  ntm changes --by junior --limit 5\n  ntm undo 42`)
    .action(async (o: { limit: number; by?: string; json?: boolean }) => {
      await ctx.read(({ db }) => {
        const list = listChanges(db, { limit: o.limit, by: o.by });
        if (o.json) {
          ctx.json({ changes: list.map(changeJson) });
          return;
        }
        if (list.length === 0) ctx.out(hint(ctx.c, 'No change sets yet.'));
        for (const cs of list) ctx.out(changeLine(ctx.c, cs));
      });
    });
}

/** A change set as JSON: SPEC's fields first. */
export function changeJson(cs: ChangeSet) {
  const { id, command, by, at, pairs, ...rest } = cs;
  return { id, command, by, at, pairs, ...rest };
}
