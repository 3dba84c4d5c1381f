// ntm sync: push this TM's changes to the desk, then pull the desk's.
import type { Command } from 'commander';
import type { Context } from '../context.js';

/** How long `ntm sync` waits to connect. */
const SYNC_TIMEOUT_MS = 10_000;

export function registerSync(program: Command, ctx: Context): void {
  program
    .command('sync')
    .summary("push this TM's changes to the desk, then pull the desk's")
    .description(
      "Push the changes made in this TM to the desk, then pull everyone else's, in the desk's order.\n" +
        'Safe to run twice or after an interruption: nothing is lost or duplicated. Every write command\n' +
        'already syncs when the desk can be reached; run this after working offline.',
    )
    .option('--json', 'print {"pushed", "pulled", "conflicts"} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm sync
  ntm sync --json

When a change of yours was replaced by a later one from the desk, or refused by the desk's
roles, sync says so; your version stays in the pair's history ("ntm history <id>").`,
    )
    .action(async (o: { json?: boolean }) => {
      const { syncDesk } = await import('../../desk/sync.js');
      const { syncReport } = await import('../render/desk.js');
      const r = await ctx.read(({ db }) => syncDesk(db, ctx.io.env, SYNC_TIMEOUT_MS, ctx.step));
      if (o.json) {
        ctx.json(r);
        return;
      }
      for (const line of syncReport(ctx.c, r)) ctx.out(line);
    });
}
