// How accepted findings look: what ntm accept did, its --list, and the prompts of a
// check --accept session.
import type { ChalkInstance } from 'chalk';
import type { AcceptedFinding } from '../../store/accepted.js';
import { done, heading, hint, warning } from './messages.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What ntm accept did: each finding accepted now, each accepted before (by whom, why), and a tip. */
export function acceptReport(c: ChalkInstance, r: { added: readonly string[]; already: readonly AcceptedFinding[] }, noted: boolean): string[] {
  const out = r.added.map((id) => done(c, `Accepted ${id}: not reported again for its sentence.`));
  for (const a of r.already) {
    out.push(warning(c, `Already accepted: ${a.id}, by ${a.by} on ${a.at.slice(0, 10)}${a.note ? ` (${a.note})` : ''}. Nothing changed.`));
  }
  if (r.added.length > 0 && !noted) out.push(hint(c, 'Tip: --note "why" tells colleagues why it is fine.'));
  return out;
}

/** What ntm accept --withdraw did: each withdrawn id, and each that was not accepted. */
export function withdrawReport(c: ChalkInstance, withdrawn: readonly string[], notAccepted: readonly string[]): string[] {
  return [
    ...withdrawn.map((id) => done(c, `Withdrawn: ${id} is reported again.`)),
    ...notAccepted.map((id) => warning(c, `${id} was not accepted. Nothing changed.`)),
  ];
}

/** ntm accept --list: each accepted finding with who, when, what and why, newest first. */
export function acceptedList(c: ChalkInstance, list: readonly AcceptedFinding[]): string[] {
  if (list.length === 0) return [hint(c, 'No accepted findings. Accept one with: ntm accept <id> --note "why"')];
  const out: string[] = [];
  for (const a of list) {
    const what = [a.kind, a.term ? `“${a.term}”` : '', a.found ? `found “${a.found}”` : ''].filter(Boolean).join(' ');
    out.push(`${heading(c, a.id)}  ${hint(c, `${a.by}, ${a.at.slice(0, 10)}`)}${what ? `  ${what}` : ''}`);
    if (a.source) out.push(`  ${hint(c, 'nl')}  ${a.source}`);
    if (a.note) out.push(`  ${hint(c, `why: ${a.note}`)}`);
  }
  out.push(hint(c, `${plural(list.length, 'accepted finding')}.`));
  return out;
}

/** The lines and prompts of a check --accept session. */
export const acceptSession = {
  intro: (c: ChalkInstance, findings: number) =>
    hint(c, `${plural(findings, 'finding')}. For each: y accepts it (it is not reported again for that sentence), n or Enter leaves it, q stops.`),
  prompt: (c: ChalkInstance, n: number, of: number) => heading(c, `Accept ${n}/${of}? [y/N/q] `),
  again: (c: ChalkInstance) => warning(c, 'Answer y, n or q.'),
  stored: (c: ChalkInstance, accepted: number, left: number) => done(c, `Accepted ${plural(accepted, 'finding')}; ${left} left in this draft.`),
};
