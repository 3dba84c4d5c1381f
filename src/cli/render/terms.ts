// How the glossary (ntm terms) and the clean-up list (ntm conflicts) look: each Dutch source
// in bold, its renderings under it, approved ones ✓ and rejected ones ✗.
import type { ChalkInstance } from 'chalk';
import type { Pair } from '../../core/types.js';
import { provenance } from './text.js';

/** One term as terms lists it. */
export interface TermLines {
  source: string;
  approved: string[];
  approvedIds: number[];
  forbidden: string[];
  forbiddenIds: number[];
  note?: string | null;
}

/** The glossary, or a hint when there is nothing to show; `more` when --limit cut it short. */
export function termsReport(c: ChalkInstance, terms: readonly TermLines[], o: { filter?: string; more: boolean }): string[] {
  if (terms.length === 0) {
    return [c.dim(o.filter ? `No stored term contains "${o.filter}".` : 'No terms stored yet. Add one with: ntm add --term "<Dutch>" "<English>"')];
  }
  const out: string[] = [];
  for (const t of terms) {
    out.push(c.bold(t.source));
    for (const [i, r] of t.approved.entries()) out.push(`  ${c.green('✓')} ${c.cyan(r)}  ${c.dim(`#${t.approvedIds[i]}`)}`);
    for (const [i, r] of t.forbidden.entries()) out.push(`  ${c.red('✗')} ${c.red(r)}  ${c.dim(`#${t.forbiddenIds[i]}`)}`);
    if (t.note) out.push(`    ${c.dim(`note: ${t.note}`)}`);
  }
  out.push(c.dim(`${terms.length} term${terms.length === 1 ? '' : 's'}${o.more ? ' (--limit shows more)' : ''}.`));
  return out;
}

/** Sources with more than one approved rendering, each with its pairs, and what to do about it. */
export function conflictsReport(c: ChalkInstance, conflicts: readonly { source: string; pairs: Pair[] }[], total: number, terms: boolean): string[] {
  const what = terms ? 'term' : 'sentence';
  const rendering = terms ? 'rendering' : 'translation';
  if (total === 0) return [c.green(`No conflicts: every stored ${what} has one approved ${rendering}.`)];
  const out: string[] = [];
  for (const k of conflicts) {
    out.push(c.bold(k.source));
    for (const p of k.pairs) out.push(`  ${c.dim(`#${p.id}`.padEnd(7))}${c.cyan(p.target)}  ${provenance(c, p)}`);
  }
  const shown = conflicts.length < total ? ` (showing ${conflicts.length}; --limit shows more)` : '';
  out.push(
    `${total} ${what}${total === 1 ? ' has' : 's have'} more than one approved ${rendering}${shown}. ` +
      (terms ? 'That is allowed for terms.' : 'Keep one and remove the others with: ntm delete <id>'),
  );
  return out;
}
