// ntm replace: a style change in every pair that holds a phrase, in one change set.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { inChangeSet } from '../../store/changes.js';
import { applyReplace, planReplace, type ReplaceOptions } from '../../store/replace.js';
import type { Context } from '../context.js';
import { replaceLine } from '../render/changes.js';
import { done, hint, warning } from '../render/messages.js';

interface Options {
  source?: boolean;
  target?: boolean;
  terms?: boolean;
  segments?: boolean;
  dryRun?: boolean;
  by?: string;
  json?: boolean;
}

export function registerReplace(program: Command, ctx: Context): void {
  program
    .command('replace')
    .summary('replace a phrase in every pair that holds it (a style change)')
    .description(
      'Replace a phrase by another in every approved or proposed pair that holds it: in the English (--target, the ' +
        'default) or the Dutch (--source); whole words only, case as given. Forbidden renderings are left alone. ' +
        'One change set ("ntm undo" takes it back); each pair keeps its earlier text in its history. --dry-run ' +
        'shows every change, the replaced words marked, and writes nothing.',
    )
    .argument('<old>', 'the phrase to replace')
    .argument('<new>', 'what to write instead')
    .option('--target', 'replace in the English (the default)')
    .option('--source', 'replace in the Dutch')
    .option('--terms', 'only in terms')
    .option('--segments', 'only in segments')
    .option('--dry-run', 'show what would change; write nothing')
    .option('--by <name>', 'who made the change (default: your user name)')
    .option('--json', 'print JSON: {"changes": [{"id", "before", "after"}], "skipped", "pairs", "change"}')
    .addHelpText(
      'after',
      `
Examples:
  ntm replace "Kurdish armed forces" "Kurdish forces" --dry-run
  ntm replace "Kurdish armed forces" "Kurdish forces"
  ntm replace "Koerdische strijders" "Koerdische strijdkrachten" --source --terms`,
    )
    .action(async (old: string, replacement: string, o: Options) => {
      if (o.source && o.target) throw new UsageError('Choose one of --source and --target.');
      if (o.terms && o.segments) throw new UsageError('Choose one of --terms and --segments.');
      const opts: ReplaceOptions = { side: o.source ? 'source' : 'target', kind: o.terms ? 'term' : o.segments ? 'segment' : undefined };
      const by = o.by ?? ctx.defaultUser();
      const session = o.dryRun ? ctx.read.bind(ctx) : ctx.write.bind(ctx);
      await session(({ db }) => {
        const run = () => {
          const plan = planReplace(db, old, replacement, opts);
          if (!o.dryRun) applyReplace(db, plan, opts, by);
          return plan;
        };
        const meta = { command: 'replace', by, detail: { phrase: old, replacement, side: opts.side } };
        const { result: plan, change } = o.dryRun ? { result: run(), change: null } : inChangeSet(db, meta, run);
        if (o.json) {
          ctx.json({ dryRun: o.dryRun === true, side: opts.side, changes: plan.changes, skipped: plan.skipped, pairs: plan.changes.length, change });
          return;
        }
        const c = ctx.c;
        for (const ch of plan.changes) ctx.out(replaceLine(c, ch));
        for (const s of plan.skipped) ctx.out(warning(c, `#${s.id} left as it is: ${s.reason}`));
        const n = plan.changes.length;
        const pairs = `${n} pair${n === 1 ? '' : 's'}`;
        if (n === 0)
          ctx.out(hint(c, `No ${opts.side === 'target' ? 'English' : 'Dutch'} text holds “${old}” as whole words (case as given). Nothing changed.`));
        else if (o.dryRun) ctx.out(hint(c, `Would change ${pairs}. Nothing was written (--dry-run).`));
        else ctx.out(done(c, `Changed ${pairs}. Change set #${change}; "ntm undo ${change}" takes it back.`));
      });
    });
}
