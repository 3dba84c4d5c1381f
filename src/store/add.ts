// What `ntm add` writes, as one unit: a pair (and a term's forbidden renderings) stored with
// the status its writer may give (approved, or proposed once the TM has reviewers and the
// writer is not one), as one change set. The command and the page of `ntm serve` both add
// through here, so a pair added on the page is the same as one added in the terminal.
import { InputError } from '../core/errors.js';
import type { PairKind } from '../core/types.js';
import type { Database } from 'better-sqlite3';
import { inChangeSet } from './changes.js';
import { addPair, now, type AddOutcome } from './pairs.js';
import { assertMayDecide, statusOfWrites } from './reviewers.js';
import { setTermRules, type TermRules } from './terms.js';

/** One add: the pair, who writes it, and what goes with it. */
export interface AddRequest {
  kind: PairKind;
  source: string;
  target: string;
  /** Rejected renderings of a term (only a reviewer, or anyone in a TM without reviewers, may give them). */
  forbid?: readonly string[];
  /** How a term is found (--match-case, --in-compounds): only a reviewer, or anyone in a TM without reviewers, may set them. */
  rules?: Partial<TermRules> | null;
  by: string;
  ref?: string;
  note?: string;
  tags?: readonly string[];
  /** The command recorded in the change set (default "add"). */
  command?: string;
}

/** What an add did. */
export interface AddResult {
  /** The status the writer's pairs get: approved, or proposed (waiting for a reviewer). */
  status: 'approved' | 'proposed';
  main: AddOutcome;
  forbidden: AddOutcome[];
  /** The term rules now in force and whether this add changed them, when rules were given. */
  ruled: { rules: TermRules; changed: boolean } | null;
  /** The change set recorded, or null when nothing changed (the pair was already stored). */
  change: number | null;
}

/** Refused because the rendering is stored with the opposite status (approved vs forbidden). */
export class PairConflictError extends InputError {
  constructor(readonly id: number) {
    super(`Nothing stored: that rendering is already stored with the opposite status as #${id}; change it with "ntm edit ${id}".`);
  }
}

/**
 * Stores a pair as `ntm add` does: all of it or (on a conflict, or a proposer giving forbidden
 * renderings) nothing. Runs its own transaction (a savepoint inside a caller's).
 */
export function addAsDesk(db: Database, r: AddRequest): AddResult {
  const status = statusOfWrites(db, r.by);
  const forbid = r.forbid ?? [];
  if (status === 'proposed' && forbid.length) {
    throw new InputError(`Nothing stored: only a reviewer may forbid renderings, and ${r.by} is not one ("ntm reviewers list" names them).`);
  }
  if (r.rules) assertMayDecide(db, r.by, 'Nothing stored: only a reviewer may set how a term is found (--match-case, --in-compounds)');
  const common = { kind: r.kind, source: r.source, by: r.by, ref: r.ref, note: r.note, tags: [...(r.tags ?? [])] };
  const { result, change } = inChangeSet(db, { command: r.command ?? 'add', by: r.by }, () => {
    const main = addPair(db, { ...common, target: r.target, status });
    const forbidden = forbid.map((f) => addPair(db, { ...common, target: f, status: 'forbidden' }));
    const conflict = [main, ...forbidden].find((o) => o.outcome === 'conflict');
    if (conflict) throw new PairConflictError(conflict.id);
    const ruled = r.rules ? setTermRules(db, r.source, r.rules, r.by, now()) : null;
    return { main, forbidden, ruled };
  });
  return { status, ...result, change };
}
