// ntm stats: what the translation memory holds.
import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { stats } from '../../store/lookup.js';
import type { Context } from '../context.js';
import { statsReport } from '../render/health.js';

export function registerStats(program: Command, ctx: Context): void {
  program
    .command('stats')
    .summary('counts of pairs, terms and statuses, and the database size')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await ctx.read(({ db, path }) => {
        const s = stats(db);
        let bytes = 0;
        for (const suffix of ['', '-wal']) {
          try {
            bytes += statSync(path + suffix).size;
          } catch {
            // no WAL file: nothing to add
          }
        }
        if (o.json) {
          ctx.json({ database: path, bytes, ...s });
          return;
        }
        for (const line of statsReport(ctx.c, path, bytes, s)) ctx.out(line);
      });
    });
}
