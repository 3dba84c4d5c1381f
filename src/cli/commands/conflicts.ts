// ntm conflicts: stored sources with more than one approved target, to clean up.
import type { Command } from 'commander';
import { listConflicts } from '../../store/terms.js';
import { type Context, intOption } from '../context.js';
import { pairJson } from '../render/json.js';
import { conflictsReport } from '../render/terms.js';

interface ConflictsOptions {
  terms?: boolean;
  limit: number;
  json?: boolean;
}

export function registerConflicts(program: Command, ctx: Context): void {
  program
    .command('conflicts')
    .summary('list stored sentences with more than one approved translation')
    .description(
      'List stored Dutch sentences that have more than one approved English translation, most recently\n' +
        'changed first: a clean-up list. Terms may have several approved renderings by design;\n' +
        '--terms lists those instead.',
    )
    .option('--terms', 'list terms with several approved renderings instead of segments')
    .option('--limit <n>', 'most sources shown', intOption('--limit', 1, 10_000_000), 100)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm conflicts
  ntm conflicts --terms
  ntm conflicts --json

Keep the translation the desk wants and remove the others with "ntm delete <id>"
("ntm restore <id>" brings one back).`,
    )
    .action(async (o: ConflictsOptions) => {
      await ctx.read(({ db }) => {
        const { conflicts, total } = listConflicts(db, { kind: o.terms ? 'term' : 'segment', limit: o.limit });
        if (o.json) {
          ctx.json({ conflicts: conflicts.map((k) => ({ source: k.source, targets: k.pairs.map(pairJson) })), total });
          return;
        }
        for (const line of conflictsReport(ctx.c, conflicts, total, o.terms ?? false)) ctx.out(line);
      });
    });
}
