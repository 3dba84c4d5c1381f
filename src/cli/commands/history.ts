// ntm history: who changed a pair, when, and what it said before.
import type { Command } from 'commander';
import { pairHistory, type HistoryEntry } from '../../store/pairs.js';
import { type Context, parseId } from '../context.js';
import { historyHeading } from '../render/reports.js';

const FIELDS = ['source', 'target', 'status', 'approvedBy', 'note', 'ref', 'tags'] as const;

export function registerHistory(program: Command, ctx: Context): void {
  program
    .command('history')
    .summary('every change to a pair, oldest first')
    .argument('<id>', 'the pair id')
    .option('--json', 'print JSON')
    .addHelpText('after', `\nExample:\n  ntm history 12`)
    .action(async (idArg: string, o: { json?: boolean }) => {
      const id = parseId(idArg);
      await ctx.read(({ db }) => {
        const entries = pairHistory(db, id);
        if (o.json) {
          ctx.json({ id, history: entries });
          return;
        }
        for (const e of entries) {
          ctx.out(historyHeading(ctx.c, e));
          for (const line of changes(e)) ctx.out(`    ${line}`);
        }
      });
    });
}

function changes(e: HistoryEntry): string[] {
  if (e.action !== 'edit' || !e.before || !e.after) return [];
  const out: string[] = [];
  for (const f of FIELDS) {
    const a = JSON.stringify(e.before[f] ?? null);
    const b = JSON.stringify(e.after[f] ?? null);
    if (a !== b) out.push(`${f}: ${a} → ${b}`);
  }
  return out;
}
