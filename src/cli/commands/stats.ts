// ntm stats: what the translation memory holds.
import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { stats } from '../../store/stats.js';
import type { Context } from '../context.js';
import { formatBytes } from '../render/text.js';

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
        const c = ctx.c;
        const row = (k: string, v: string | number) => `${c.dim(k.padEnd(22))}${v}`;
        ctx.out(row('database', path));
        ctx.out(row('size', formatBytes(bytes)));
        ctx.out(row('pairs', s.pairs));
        ctx.out(row('  segments', s.segments));
        ctx.out(row('  terms', s.terms));
        ctx.out(row('approved', s.approved));
        ctx.out(row('forbidden renderings', s.forbidden));
        ctx.out(row('deleted (restorable)', s.deleted));
        ctx.out(row('conflicts', s.conflicts ? c.yellow(s.conflicts) : 0));
        ctx.out(row('schema version', s.schemaVersion));
      });
    });
}
