// ntm terms: the desk's glossary, each term with its approved and rejected renderings.
import type { Command } from 'commander';
import { listTerms } from '../../store/terms.js';
import { type Context, intOption } from '../context.js';

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
        const c = ctx.c;
        if (terms.length === 0) {
          ctx.out(c.dim(filter ? `No stored term contains "${filter}".` : 'No terms stored yet. Add one with: ntm add --term "<Dutch>" "<English>"'));
          return;
        }
        for (const t of terms) {
          const rules = [
            t.approved.includes(t.source) ? 'not translated' : '',
            t.matchCase ? 'only in this case' : '',
            t.compounds && t.compounds !== 'both' ? { first: 'in compounds only as the first part', last: 'in compounds only as the last part', none: 'never inside a compound' }[t.compounds] : '',
          ].filter(Boolean);
          ctx.out(c.bold(t.source) + (rules.length ? c.dim(`  (${rules.join('; ')})`) : ''));
          t.approved.forEach((r, i) => ctx.out(`  ${c.green('✓')} ${c.cyan(r)}  ${c.dim(`#${t.approvedIds[i]}`)}`));
          t.forbidden.forEach((r, i) => ctx.out(`  ${c.red('✗')} ${c.red(r)}  ${c.dim(`#${t.forbiddenIds[i]}`)}`));
          if (t.note) ctx.out(`    ${c.dim(`note: ${t.note}`)}`);
        }
        const more = terms.length === o.limit ? ' (--limit shows more)' : '';
        ctx.out(c.dim(`${terms.length} term${terms.length === 1 ? '' : 's'}${more}.`));
      });
    });
}
