// How the glossary (ntm terms) and the clean-up list (ntm conflicts) look: each Dutch source
// in bold, its renderings under it, approved ones ✓ and rejected ones ✗.
import type { ChalkInstance } from 'chalk';
import type { CompoundScope } from '../../core/terms.js';
import type { Pair } from '../../core/types.js';
import { done, hint } from './messages.js';
import { provenance } from './text.js';

/** One term as terms lists it. */
export interface TermLines {
  source: string;
  approved: string[];
  approvedIds: number[];
  forbidden: string[];
  forbiddenIds: number[];
  note?: string | null;
  /** Set when the desk said the term is found only in the case given (ntm add --match-case). */
  matchCase?: boolean;
  /** Where the term may stand inside a compound; absent means both ends. */
  compounds?: CompoundScope;
}

const COMPOUND_RULE: Record<Exclude<CompoundScope, 'both'>, string> = {
  first: 'in compounds only as the first part',
  last: 'in compounds only as the last part',
  none: 'never inside a compound',
};

/** The desk's rules for a term, as a short aside after its source ("not translated; only in this case"). */
function termRules(t: TermLines): string[] {
  const rules: string[] = [];
  if (t.approved.includes(t.source)) rules.push('not translated');
  if (t.matchCase) rules.push('only in this case');
  if (t.compounds && t.compounds !== 'both') rules.push(COMPOUND_RULE[t.compounds]);
  return rules;
}

/** The glossary, or a hint when there is nothing to show; `more` when --limit cut it short. */
export function termsReport(c: ChalkInstance, terms: readonly TermLines[], o: { filter?: string; more: boolean }): string[] {
  if (terms.length === 0) {
    return [c.dim(o.filter ? `No stored term contains "${o.filter}".` : 'No terms stored yet. Add one with: ntm add --term "<Dutch>" "<English>"')];
  }
  const out: string[] = [];
  for (const t of terms) {
    const rules = termRules(t);
    out.push(c.bold(t.source) + (rules.length ? c.dim(`  (${rules.join('; ')})`) : ''));
    for (const [i, r] of t.approved.entries()) out.push(`  ${c.green('✓')} ${c.cyan(r)}  ${c.dim(`#${t.approvedIds[i]}`)}`);
    for (const [i, r] of t.forbidden.entries()) out.push(`  ${c.red('✗')} ${c.red(r)}  ${c.dim(`#${t.forbiddenIds[i]}`)}`);
    if (t.note) out.push(`    ${c.dim(`note: ${t.note}`)}`);
  }
  out.push(c.dim(`${terms.length} term${terms.length === 1 ? '' : 's'}${o.more ? ' (--limit shows more)' : ''}.`));
  return out;
}

/** The hint ntm add gives when a term's English is its Dutch: ntm check will expect it unchanged. */
export function doNotTranslateLine(c: ChalkInstance, source: string): string {
  return hint(c, `“${source}” is a do-not-translate term: ntm check expects it unchanged in the English.`);
}

const COMPOUND_PLACE: Record<CompoundScope, string> = {
  both: 'also as the first or last part of a compound',
  first: 'also as the first part of a compound, not the last',
  last: 'also as the last part of a compound, not the first',
  none: 'as a whole word only, never inside a compound',
};

/** What ntm add says after it changed how a term is found (--match-case, --in-compounds). */
export function termRulesLine(c: ChalkInstance, source: string, r: { matchCase: boolean; compounds: CompoundScope }): string {
  return done(c, `“${source}” is now found ${r.matchCase ? 'only in this case' : 'in any case'}, ${COMPOUND_PLACE[r.compounds]}.`);
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
