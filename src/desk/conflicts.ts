// How a sync's news about your own changes reads to a person.
import type { SyncConflict } from './sync.js';

/** One line about a change of yours that the desk replaced or refused. */
export function describeConflict(c: SyncConflict): string {
  if (c.kind === 'refused') {
    return `the desk refused your change set "${String(c.command)}": ${String(c.reason)}; the pairs it touched are as the desk has them.`;
  }
  const yours = c.yours === null ? 'your deletion' : `your "${String(c.yours)}"`;
  const theirs = c.theirs === null ? 'deleted it' : `made it "${String(c.theirs)}"`;
  return `#${String(c.pairId)} "${String(c.source)}": ${yours} was replaced: ${String(c.by)} ${theirs} later (${String(c.at)}). Your version stays in "ntm history ${String(c.pairId)}".`;
}
