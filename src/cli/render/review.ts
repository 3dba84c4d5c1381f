// How proposed pairs and reviewers look: `ntm review`'s list and prompt, `ntm reviewers list`.
import type { ChalkInstance } from 'chalk';
import type { TermOccurrence } from '../../core/terms.js';
import type { Match, Pair } from '../../core/types.js';
import type { Reviewer } from '../../store/reviewers.js';
import { renderDiff, renderPairLine, scoreBadge } from './text.js';

/** A proposed pair in the review list: the pair, then who proposed it and when. */
export function proposedLine(c: ChalkInstance, p: Pair): string {
  return `${renderPairLine(c, p)}  ${c.dim(`${p.approvedBy}, ${p.approvedAt.slice(0, 10)}`)}`;
}

/** A reviewer: the name, who made them one and when. */
export function reviewerLine(c: ChalkInstance, r: Reviewer): string {
  return `${c.bold(r.name)}  ${c.dim(`added by ${r.addedBy}, ${r.addedAt.slice(0, 10)}`)}`;
}

/** The prompt's card for one proposed pair: the pair, the desk's best approved match for its Dutch, the stored terms in it. */
export function proposalCard(c: ChalkInstance, p: Pair, n: number, total: number, best: Match | undefined, terms: readonly TermOccurrence[]): string[] {
  const out = [
    `${c.bold(`Proposed ${n} of ${total}`)}  ${c.dim(`#${p.id} ${p.kind}, by ${p.approvedBy}, ${p.approvedAt.slice(0, 10)}${p.ref ? ` · ${p.ref}` : ''}`)}`,
    `  ${c.dim('nl')}  ${p.source}`,
    `  ${c.dim('en')}  ${c.cyan(p.target)}`,
  ];
  if (best) {
    out.push(`  ${c.dim('desk')} ${scoreBadge(c, best.score)} ${c.dim(`#${best.pair.id}`)} ${renderDiff(c, p.source, best.pair.source)}`);
    out.push(`            ${c.cyan(best.pair.target)}`);
  } else out.push(`  ${c.dim('desk')} no approved match of 50% or more`);
  for (const o of terms) {
    const approved = o.term.approved.map((t) => c.green(`✓ ${t}`));
    const forbidden = o.term.forbidden.map((t) => c.red(`✗ ${t}`));
    out.push(`  ${c.dim('term')} ${o.term.source}: ${[...approved, ...forbidden].join('  ')}`);
  }
  return out;
}

/** The keys the prompt takes, each marked by its letter. */
export function reviewKeys(c: ChalkInstance): string {
  return `  ${c.bold('a')}ccept  ${c.bold('r')}eject  ${c.bold('s')}kip  ${c.bold('q')}uit › `;
}

/** What the prompt did with one pair. */
export function decisionLine(c: ChalkInstance, decision: 'accept' | 'reject', id: number): string {
  return decision === 'accept' ? c.green(`  approved #${id}`) : c.yellow(`  rejected #${id}`);
}
