// ntm review: the proposed pairs, and a reviewer's accept or reject. On a terminal, one pair
// at a time with the best approved match and the terms of its Dutch, a key for each decision.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { Pair } from '../../core/types.js';
import { inChangeSet } from '../../store/changes.js';
import { acceptProposed, listProposed, rejectProposed } from '../../store/review.js';
import { type Context, intOption, parseId } from '../context.js';
import { pairJson } from '../render/json.js';
import { done, hint, warning } from '../render/messages.js';
import { proposedLine } from '../render/review.js';
import { renderPairLine } from '../render/text.js';
import { reviewInteractively } from './review-interactive.js';

export function registerReview(program: Command, ctx: Context): void {
  const review = program
    .command('review')
    .summary('the proposed pairs: list them, accept or reject them (interactive on a terminal)')
    .description(
      'Proposed pairs are what someone who is not a reviewer added, imported or approved. "ntm review" lists them ' +
        '(--json: {"pairs": [...]}); on a terminal it shows them one by one, each with the best approved match and ' +
        'the terms of its Dutch: a accepts, r rejects, s skips, q stops. "ntm review accept <id…>" approves them, ' +
        '"ntm review reject <id…>" rejects them (deleted, recoverable with "ntm restore"). Only a reviewer (--by, ' +
        'default your user name) accepts or rejects.',
    )
    .option('--limit <n>', 'most pairs listed', intOption('--limit', 1, 10_000_000), 100)
    .option('--by <name>', 'the reviewer deciding, on a terminal (default: your user name)')
    .option('--list', 'only list, also on a terminal')
    .option('--json', 'print JSON: {"pairs": [...], "total": n}')
    .addHelpText(
      'after',
      `
Examples:
  ntm review                          on a terminal: pair by pair, a/r/s/q
  ntm review --json
  ntm review accept 17 18 --by eindredactie
  ntm review reject 19 --by eindredactie`,
    )
    .action(async (o: { limit: number; by?: string; list?: boolean; json?: boolean }) => {
      if (ctx.interactive && !o.json && !o.list) {
        await ctx.write(({ db }) => reviewInteractively(ctx, db, o.by ?? ctx.defaultUser()));
        return;
      }
      await ctx.read(({ db }) => {
        const { pairs, total } = listProposed(db, { limit: o.limit });
        if (o.json) {
          ctx.json({ pairs: pairs.map(pairJson), total });
          return;
        }
        if (total === 0) ctx.out(hint(ctx.c, 'Nothing to review: no proposed pairs.'));
        for (const p of pairs) ctx.out(proposedLine(ctx.c, p));
        if (total > pairs.length) ctx.out(hint(ctx.c, `(${pairs.length} of ${total}; --limit shows more)`));
      });
    });

  for (const decision of ['accept', 'reject'] as const) {
    review
      .command(decision)
      .summary(decision === 'accept' ? 'approve proposed pairs' : 'reject proposed pairs (recoverable)')
      .argument('<id...>', 'the proposed pairs')
      .option('--by <name>', 'the reviewer (default: your user name)')
      .option('--json', 'print JSON: {"pairs": [...], "change"}')
      .action(async (idArgs: string[], _o: unknown, cmd: Command) => {
        // --by may stand before or after the subcommand (the parent takes it too).
        const o = cmd.optsWithGlobals() as { by?: string; json?: boolean };
        const ids = [...new Set(idArgs.map(parseId))];
        if (ids.length === 0) throw new UsageError('Name the proposed pairs by id.');
        const by = o.by ?? ctx.defaultUser();
        await ctx.write(({ db }) => {
          const { result, change } = inChangeSet(db, { command: `review ${decision}`, by }, () =>
            decision === 'accept' ? acceptProposed(db, ids, by) : rejectProposed(db, ids, by),
          );
          if (o.json) {
            ctx.json({ pairs: result.map(pairJson), change });
            return;
          }
          printDecisions(ctx, result, decision, change);
        });
      });
  }
}

function printDecisions(ctx: Context, pairs: Pair[], decision: 'accept' | 'reject', change: number | null): void {
  const c = ctx.c;
  for (const p of pairs) ctx.out(renderPairLine(c, p));
  const n = `${pairs.length} pair${pairs.length === 1 ? '' : 's'}`;
  ctx.out(decision === 'accept' ? done(c, `Approved ${n}.`) : warning(c, `Rejected ${n} (deleted; "ntm restore <id>" brings one back).`));
  if (change !== null) ctx.out(hint(c, `Change set #${change}; "ntm undo ${change}" takes it back.`));
}
