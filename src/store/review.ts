// The review queue: proposed pairs, which a reviewer accepts (they become approved, by the
// reviewer, now) or rejects (they are deleted, recoverably, like any deleted pair). Call the
// writers inside a change set.
import type { Database } from 'better-sqlite3';
import { InputError, NotFoundError } from '../core/errors.js';
import type { Pair } from '../core/types.js';
import { deletePair, getPair, getPairs, promotePair } from './pairs.js';
import { mayApprove } from './reviewers.js';

/** Proposed pairs, oldest first (the order they came in). */
export function listProposed(db: Database, o: { limit: number; offset?: number }): { pairs: Pair[]; total: number } {
  const ids = db
    .prepare(`SELECT id FROM pairs WHERE status = 'proposed' AND deleted_at IS NULL ORDER BY id LIMIT ? OFFSET ?`)
    .pluck()
    .all(o.limit, o.offset ?? 0) as number[];
  const total = db.prepare(`SELECT count(*) FROM pairs WHERE status = 'proposed' AND deleted_at IS NULL`).pluck().get() as number;
  return { pairs: getPairs(db, ids), total };
}

function assertReviewer(db: Database, by: string): void {
  if (!mayApprove(db, by)) {
    throw new InputError(`only a reviewer may accept or reject proposed pairs, and ${by} is not one (give --by <reviewer>; "ntm reviewers list" names them).`);
  }
}

function proposed(db: Database, id: number): Pair {
  const p = getPair(db, id);
  if (p.deletedAt) throw new NotFoundError(`#${id} is deleted${p.status === 'proposed' ? ' (rejected?)' : ''}; "ntm restore ${id}" brings it back.`);
  if (p.status !== 'proposed') throw new NotFoundError(`#${id} is not proposed: it is ${p.status} already.`);
  return p;
}

/** Approves proposed pairs (all or none: one id that is not proposed refuses them all). */
export function acceptProposed(db: Database, ids: readonly number[], by: string): Pair[] {
  assertReviewer(db, by);
  ids.forEach((id) => {
    proposed(db, id);
  });
  return ids.map((id) => promotePair(db, id, by));
}

/** Rejects proposed pairs: deleted, recoverable with `ntm restore`. */
export function rejectProposed(db: Database, ids: readonly number[], by: string): Pair[] {
  assertReviewer(db, by);
  ids.forEach((id) => {
    proposed(db, id);
  });
  return ids.map((id) => deletePair(db, id, by));
}
