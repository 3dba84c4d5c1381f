// The desk's reviewers. A TM without reviewers behaves as before them: every write is
// approved. Once it has some, what anyone else writes through add, import or approve is
// stored as proposed, and only a reviewer approves, rejects, forbids or changes the desk's
// wording. Names are who `--by` says (default: the user name). Once the TM has joined a desk,
// the list no longer decides: the role the desk's server gives this TM's login does
// (ntm_desk approves, ntm_translator proposes), and the server enforces it.
import type { Database } from 'better-sqlite3';
import { InputError, NotFoundError } from '../core/errors.js';
import type { Pair, PairStatus } from '../core/types.js';
import { changeId } from './changes.js';
import { deskRole } from './desk.js';

/** A reviewer as listed. */
export interface Reviewer {
  name: string;
  addedBy: string;
  addedAt: string;
}

/** Every reviewer, alphabetically. */
export function listReviewers(db: Database): Reviewer[] {
  return db.prepare(`SELECT name, added_by AS addedBy, added_at AS addedAt FROM reviewers ORDER BY name`).all() as Reviewer[];
}

/** True when the TM has at least one reviewer. */
export function hasReviewers(db: Database): boolean {
  return db.prepare(`SELECT EXISTS (SELECT 1 FROM reviewers)`).pluck().get() === 1;
}

/**
 * True when `name` may approve: a reviewer, or anyone while the TM has no reviewers. On a TM
 * that has joined a desk: whoever writes, when the desk's server gives its login ntm_desk.
 */
export function mayApprove(db: Database, name: string): boolean {
  const desk = deskRole(db);
  if (desk) return desk.role === 'desk';
  return db.prepare(`SELECT NOT EXISTS (SELECT 1 FROM reviewers) OR EXISTS (SELECT 1 FROM reviewers WHERE name = ?)`).pluck().get(name) === 1;
}

/** The status a write by `name` gets: approved for a reviewer (or in a TM without any), else proposed. */
export function statusOfWrites(db: Database, name: string): 'approved' | 'proposed' {
  return mayApprove(db, name) ? 'approved' : 'proposed';
}

/**
 * Refuses a change to `pair` by someone who may not make it: once a TM has reviewers, only
 * they change approved and forbidden pairs, or make a pair approved or forbidden.
 */
export function assertMayChange(db: Database, by: string, pair: Pick<Pair, 'id' | 'status'>, to?: PairStatus): void {
  if (mayApprove(db, by)) return;
  if (pair.status !== 'proposed') {
    throw new InputError(`#${pair.id} is ${pair.status} wording of the desk; only a reviewer may change it ("ntm reviewers list" names them).`);
  }
  if (to !== undefined && to !== 'proposed') {
    throw new InputError(`only a reviewer may make #${pair.id} ${to} ("ntm reviewers list" names them).`);
  }
}

/**
 * Refuses a decision of the desk's that is not a pair (how a term is found, a finding accepted
 * as fine) by someone who may not approve: `refusal` says what, this adds who.
 */
export function assertMayDecide(db: Database, by: string, refusal: string): void {
  if (!mayApprove(db, by)) throw new InputError(`${refusal}, and ${by} is not one ("ntm reviewers list" names them).`);
}

/** Records a reviewer change as a change set of its own (no pairs), for `ntm changes` and undo. */
function record(db: Database, action: 'add' | 'remove', name: string): void {
  changeId(db);
  db.prepare(`UPDATE change_sets SET detail = json_object('reviewer', ?, 'action', ?) WHERE id = ?`).run(name, action, changeId(db));
}

/** Refuses to change the list of a TM whose desk's server decides who approves. */
function assertNoDesk(db: Database): void {
  const desk = deskRole(db);
  if (desk) {
    throw new InputError(
      `this TM syncs with the desk at ${desk.label}, whose server decides who approves (its role ntm_desk), not this list; ask IT to GRANT ntm_desk TO the login.`,
    );
  }
}

/** Adds a reviewer. The first one anyone may add; after that, only a reviewer. */
export function addReviewer(db: Database, name: string, by: string): boolean {
  assertNoDesk(db);
  const clean = name.trim();
  if (clean === '') throw new InputError('a reviewer needs a name.');
  if (!mayApprove(db, by)) throw new InputError(`only a reviewer may add reviewers, and ${by} is not one (give --by <reviewer>).`);
  const info = db.prepare(`INSERT OR IGNORE INTO reviewers (name, added_by, added_at) VALUES (?, ?, ?)`).run(clean, by, new Date().toISOString());
  if (info.changes === 0) return false;
  record(db, 'add', clean);
  return true;
}

/** Removes a reviewer (a reviewer's act). Removing the last one makes every write approved again. */
export function removeReviewer(db: Database, name: string, by: string): void {
  assertNoDesk(db);
  const clean = name.trim();
  if (!mayApprove(db, by)) throw new InputError(`only a reviewer may remove reviewers, and ${by} is not one (give --by <reviewer>).`);
  const info = db.prepare(`DELETE FROM reviewers WHERE name = ?`).run(clean);
  if (info.changes === 0) throw new NotFoundError(`${clean} is not a reviewer ("ntm reviewers list" names them).`);
  record(db, 'remove', clean);
}
