// ntm terms: the desk's glossary, each term with its approved and rejected renderings.
import type { Command } from 'commander';
import { listTerms } from '../../store/terms.js';
import { type Context, intOption } from '../context.js';
import { termsReport } from '../render/terms.js';

interface TermsOptions {
  limit: number;
  json?: boolean;
}

export function registerTerms(program: Command, ctx: Context): void {
  program
    .command('terms')
    .summary('list the stored terms with their approved and rejected renderings')
    .description('List the stored terms alphabetically: each Dutch term, its approved English renderings (✓) and the renderings the desk rejected (✗).')
    .argument('[filter]', 'only terms whose Dutch or English contains this (any case)')
    .option('--limit <n>', 'most terms shown', intOption('--limit', 1, 10_000_000), 500)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm terms
  ntm terms kalifaat
  ntm terms --json > glossary.json

Add a term or another approved rendering with: ntm add --term "<Dutch>" "<English>" [--forbid "<English>"]`,
    )
    .action(async (filter: string | undefined, o: TermsOptions) => {
      await ctx.read(({ db }) => {
        const terms = listTerms(db, { filter, limit: o.limit });
        if (o.json) {
          ctx.json({
            terms: terms.map((t) => ({
              source: t.source,
              approved: t.approved.map((target, i) => ({ id: t.approvedIds[i], target })),
              forbidden: t.forbidden.map((target, i) => ({ id: t.forbiddenIds[i], target })),
              note: t.note ?? null,
              matchCase: t.matchCase === true,
              compounds: t.compounds ?? 'both',
            })),
          });
          return;
        }
        for (const line of termsReport(ctx.c, terms, { filter, more: terms.length === o.limit })) ctx.out(line);
      });
    });
}
