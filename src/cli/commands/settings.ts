// ntm settings: what the TM itself keeps about how it is used. So far: the default reference
// TMs ("also"), which every lookup (and ntm serve) searches beside this TM, read-only.
import type { Command } from 'commander';
import { StoreError } from '../../core/errors.js';
import { inChangeSet } from '../../store/changes.js';
import { openReference } from '../../store/reference.js';
import { addReferenceTm, referenceTms, removeReferenceTm } from '../../store/settings.js';
import type { Context } from '../context.js';
import { done as doneLine, hint, warning } from '../render/messages.js';

export function registerSettings(program: Command, ctx: Context): void {
  const settings = program
    .command('settings')
    .summary("the TM's own settings: its default reference TMs")
    .description(
      'Settings kept in the TM itself, so that everyone who uses it gets them. "also": reference TMs ' +
        "(other ntm TMs: the archive, an agency's work) that every lookup and ntm serve search beside this " +
        "one, read-only; their matches name the file they came from and rank after this TM's at equal score. " +
        '"ntm lookup --no-also" leaves them out once. Each change is a change set ("ntm undo" takes it back).',
    )
    .option('--json', 'print JSON: {"also": [...]}')
    .addHelpText(
      'after',
      `
Examples:
  ntm settings                                   what is set
  ntm settings also add ~/tm/archive-2015-2023.sqlite
  ntm settings also list
  ntm settings also remove ~/tm/archive-2015-2023.sqlite`,
    )
    .action(async (o: { json?: boolean }) => {
      await ctx.read(({ db }) => {
        const also = referenceTms(db);
        if (o.json) return ctx.json({ also });
        if (also.length === 0) ctx.out(hint(ctx.c, 'also: no default reference TMs ("ntm settings also add <file>" adds one).'));
        else for (const f of also) ctx.out(`also  ${f}`);
      });
    });

  const also = settings
    .command('also')
    .summary('the default reference TMs (list, add, remove)')
    .description('The reference TMs every lookup searches beside this TM, read-only, in this order.');

  also
    .command('list')
    .summary('list the default reference TMs')
    .option('--json', 'print JSON: {"also": [...]}')
    .action(async (_o: unknown, cmd: Command) => {
      // --json may also reach the parent "settings", which takes it too.
      const o = cmd.optsWithGlobals<{ json?: boolean }>();
      await ctx.read(({ db }) => {
        const list = referenceTms(db);
        if (o.json) return ctx.json({ also: list });
        if (list.length === 0) ctx.out(hint(ctx.c, 'No default reference TMs ("ntm settings also add <file>" adds one).'));
        for (const f of list) ctx.out(f);
      });
    });

  for (const action of ['add', 'remove'] as const) {
    also
      .command(action)
      .summary(action === 'add' ? 'add a default reference TM' : 'remove a default reference TM')
      .argument('<file...>', 'the reference TM file(s)')
      .option('--by <name>', 'who makes the change (default: your user name)')
      .option('--json', 'print JSON')
      .action(async (files: string[], _o: unknown, cmd: Command) => {
        const o = cmd.optsWithGlobals<{ by?: string; json?: boolean }>();
        const by = o.by ?? ctx.defaultUser();
        const paths = files.map((f) => ctx.path(f, 'the reference TM'));
        if (action === 'add') {
          // Refused before anything is written: a file that is no ntm TM would fail every lookup.
          for (const p of paths) openReference(p).close();
          if (paths.includes(ctx.dbPath())) throw new StoreError(`${ctx.dbPath()} is the TM itself; name another one.`);
        }
        await ctx.write(({ db }) => {
          const changed: string[] = [];
          for (const p of paths) {
            // One change set per file, so that each can be undone on its own.
            inChangeSet(db, { command: `settings also ${action}`, by }, () => {
              if (action === 'remove') {
                removeReferenceTm(db, p);
                changed.push(p);
              } else if (addReferenceTm(db, p)) changed.push(p);
            });
          }
          if (o.json) return ctx.json({ [action === 'add' ? 'added' : 'removed']: changed, also: referenceTms(db) });
          for (const p of paths) {
            if (changed.includes(p)) ctx.out(doneLine(ctx.c, `${action === 'add' ? 'Added' : 'Removed'} reference TM ${p}.`));
            else ctx.out(warning(ctx.c, `${p} is a default reference TM already. Nothing changed.`));
          }
        });
      });
  }
}
