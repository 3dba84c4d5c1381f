// How the desk commands (desk init, join, status; sync) read to a person.
import type { ChalkInstance } from 'chalk';
import type { InitResult } from '../../desk/server-schema.js';
import type { DeskStatus, JoinResult } from '../../desk/session.js';
import type { SyncResult } from '../../desk/sync.js';
import { describeConflict } from '../../desk/conflicts.js';

function roleText(role: 'desk' | 'translator'): string {
  return role === 'desk' ? 'desk: approves' : 'translator: proposes';
}

/** What `ntm desk init` did. */
export function initReport(c: ChalkInstance, r: InitResult & { address: { label: string; url: string } }): string[] {
  if (r.from === r.to && r.rolesCreated.length === 0) return [c.green(`The desk at ${r.address.label} is up to date (schema ${r.to}); nothing changed.`)];
  const out = [
    c.green(
      r.from === 0 ? `Created the desk at ${r.address.label} (schema ${r.to}).` : `Upgraded the desk at ${r.address.label} from schema ${r.from} to ${r.to}.`,
    ),
  ];
  if (r.rolesCreated.length) out.push(`Created the roles ${r.rolesCreated.join(' and ')}.`);
  out.push(
    `Add people with:\n  CREATE ROLE anna LOGIN PASSWORD '…' IN ROLE ntm_translator;   (proposes)\n  CREATE ROLE erik LOGIN PASSWORD '…' IN ROLE ntm_desk;         (approves)\nThen each of them runs: ntm desk join ${r.address.url.replace(/\/\/[^@/]*@/, '//NAME@')}`,
  );
  return out;
}

/** What `ntm desk join` did. */
export function joinReport(c: ChalkInstance, r: JoinResult): string[] {
  if (r.already) return [c.green(`This TM is already joined to the desk at ${r.address.label}; "ntm sync" brings it up to date.`)];
  return [
    c.green(`Joined the desk at ${r.address.label} as ${r.login} (${roleText(r.role)}).`),
    `Copied ${r.pairs} pair${r.pairs === 1 ? '' : 's'} (${r.changes} change set${r.changes === 1 ? '' : 's'}). Every write now syncs when the desk can be reached; "ntm sync" does it by hand.`,
  ];
}

/** `ntm desk status` as lines. */
export function statusReport(c: ChalkInstance, s: DeskStatus | null): string[] {
  if (!s) return ['This TM has not joined a desk. Join one with: ntm desk join postgres://NAME@SERVER/DATABASE'];
  const out = [
    `${c.bold('Desk')}       ${s.link.label} (you are ${s.link.login}, ${roleText(s.server.reachable && s.server.role ? s.server.role : s.link.role)})`,
    `${c.bold('Last sync')}  ${s.link.lastSyncAt ?? 'never'}${s.link.lastError ? c.yellow(` (last try failed: ${s.link.lastError})`) : ''}`,
    `${c.bold('Waiting')}    ${s.pending === 0 ? 'nothing to push' : c.yellow(`${s.pending} change set${s.pending === 1 ? '' : 's'} of yours to push`)}`,
  ];
  if (s.server.reachable) {
    out.push(
      `${c.bold('Server')}     reachable; ${s.server.ahead === 0 ? 'nothing new to pull' : `${s.server.ahead} change set${s.server.ahead === 1 ? '' : 's'} to pull`}`,
    );
  } else {
    out.push(
      `${c.bold('Server')}     ${c.yellow(`not reachable now (${s.server.reason.replace(/^cannot reach /, '')}); your changes wait and go at the next sync`)}`,
    );
  }
  return out;
}

/** What `ntm sync` did, and what the user must know about their changes. */
export function syncReport(c: ChalkInstance, r: SyncResult): string[] {
  return [
    c.green(`Synced: pushed ${r.pushed} change set${r.pushed === 1 ? '' : 's'}, pulled ${r.pulled}.`),
    ...r.conflicts.map((k) => c.yellow(describeConflict(k))),
  ];
}
