// How change sets look in `ntm changes`, and the pairs `ntm replace` changes: one line each.
import type { ChalkInstance } from 'chalk';
import type { ChangeSet } from '../../store/changes.js';
import type { Replacement } from '../../store/replace.js';
import { renderDiff } from './text.js';

/** What a change set was given, in a few words: its files, draft, reviewer, phrase, or the change set it undid. */
function given(cs: ChangeSet): string {
  const d = cs.detail ?? {};
  if (Array.isArray(d.files)) return (d.files as string[]).join(', ');
  if (typeof d.draft === 'string') return d.draft;
  if (typeof d.reviewer === 'string') return String(d.reviewer);
  if (typeof d.phrase === 'string') return `“${d.phrase}” → “${String(d.replacement)}” (${String(d.side)})`;
  if (cs.undoes !== null) return `#${cs.undoes}${typeof d.command === 'string' ? ` (${d.command})` : ''}`;
  return '';
}

/** What a change set changed besides pairs: a term's rules, findings accepted or withdrawn. */
function besidePairs(cs: ChangeSet): string[] {
  const d = cs.detail ?? {};
  const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const out: string[] = [];
  const rules = Array.isArray(d.termRules) ? (d.termRules as { source: string }[]) : [];
  if (rules.length === 1) out.push(`rules of “${rules[0]!.source}”`);
  else if (rules.length > 1) out.push(`rules of ${rules.length} terms`);
  const accepted = count(d.accepted);
  if (accepted) out.push(`${accepted} finding${accepted === 1 ? '' : 's'} accepted`);
  const withdrawn = count(d.withdrawn);
  if (withdrawn) out.push(`${withdrawn} acceptance${withdrawn === 1 ? '' : 's'} withdrawn`);
  return out;
}

function about(cs: ChangeSet): string {
  return [given(cs), ...besidePairs(cs)].filter(Boolean).join('; ');
}

/** One change set: id, time, command, who, pairs touched, what it was about, and the undo that reversed it. */
export function changeLine(c: ChalkInstance, cs: ChangeSet): string {
  const pairs = `${cs.pairs} pair${cs.pairs === 1 ? '' : 's'}`;
  const undone = cs.undoneBy !== null ? c.yellow(`  undone by #${cs.undoneBy}`) : '';
  const what = about(cs);
  return `${c.dim(`#${cs.id}`.padStart(6))}  ${cs.at.slice(0, 19).replace('T', ' ')}  ${c.bold(cs.command.padEnd(16))} ${cs.by.padEnd(12)} ${pairs.padStart(12)}${what ? `  ${c.dim(what)}` : ''}${undone}`;
}

/** One pair a replace changes: its id, and its new text marked against the old. */
export function replaceLine(c: ChalkInstance, ch: Replacement): string {
  return `${c.dim(`#${ch.id}`.padStart(6))}  ${renderDiff(c, ch.after, ch.before)}`;
}
