// ntm undo: a change set reversed, as one transaction and itself a change set (so an undo can
// be undone). Each pair goes back to what the change set's history rows say it was before:
// an added pair is deleted (recoverably), a deleted one restored, a restored one deleted
// again, an edited one given its earlier fields. A pair changed since by another change set
// is not touched: the undo is refused, naming that change set, so nothing newer is lost.
// An import's adds (and an undone import's deletes) are reversed in bulk, in SQL: undoing a
// 100k-pair import is a few statements, not 100k round trips. What a change set changed
// besides pairs (term rules, accepted findings: its detail) is reversed with it.
import type { Database } from 'better-sqlite3';
import { InputError } from '../core/errors.js';
import { norm } from '../core/normalize.js';
import type { Pair, PairKind, PairStatus } from '../core/types.js';
import { restoreAcceptances, withdrawFindings, type AcceptedFinding } from './accepted.js';
import { changeId, getChange, type ChangeSet } from './changes.js';
import { clearMatchIndex, rebuildIsCheaper, syncMatchIndex } from './match-index/index.js';
import { getPair, now, snapshot } from './pairs.js';
import { addReviewer, mayApprove, removeReviewer } from './reviewers.js';
import { undoSetting } from './settings.js';
import { getTermRules, setTermRules, type TermRules, type TermRulesChange } from './terms.js';

interface HistoryRow {
  id: number;
  pair_id: number;
  action: 'add' | 'edit' | 'delete' | 'restore';
  before: string | null;
}

/** What an undo did. */
export interface UndoReport {
  undone: ChangeSet;
  /** Pairs put back. */
  pairs: number;
  /** Terms whose rules were put back. */
  rules: number;
  /** Accepted findings withdrawn or brought back. */
  acceptances: number;
  /** True when the change set was a settings change (a default reference TM), now reversed. */
  setting?: boolean;
}

/** What a change set changed besides pairs, from its detail. */
interface Beside {
  termRules: TermRulesChange[];
  accepted: string[];
  withdrawn: AcceptedFinding[];
}

function besidePairs(detail: Record<string, unknown>): Beside {
  const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
  return { termRules: list(detail.termRules), accepted: list(detail.accepted), withdrawn: list(detail.withdrawn) };
}

/**
 * Reverses change set `id`. Call inside `inChangeSet` (meta: command 'undo', undoes: id) so
 * that its history rows form the new change set. `step` marks the moments a crash test kills at.
 */
export function undoChange(db: Database, id: number, by: string, step: (name: string) => void = () => {}): UndoReport {
  const cs = getChange(db, id);
  if (cs.undoneBy !== null) {
    throw new InputError(`change set #${id} was undone already, by #${cs.undoneBy}; to bring it back, undo #${cs.undoneBy}.`);
  }
  const detail = cs.detail ?? {};
  if (typeof detail.reviewer === 'string' && (detail.action === 'add' || detail.action === 'remove')) {
    if (detail.action === 'add') removeReviewer(db, detail.reviewer, by);
    else addReviewer(db, detail.reviewer, by);
    return { undone: cs, pairs: 0, rules: 0, acceptances: 0 };
  }
  if (undoSetting(db, detail)) return { undone: cs, pairs: 0, rules: 0, acceptances: 0, setting: true };
  const beside = besidePairs(detail);
  const others = beside.termRules.length + beside.accepted.length + beside.withdrawn.length;
  const touched = db.prepare(`SELECT count(DISTINCT pair_id) FROM pair_history WHERE change_id = ?`).pluck().get(id) as number;
  if (touched === 0 && others === 0) throw new InputError(`change set #${id} (${cs.command}) changed no pairs; there is nothing to undo.`);
  if (others > 0 && !mayApprove(db, by)) {
    throw new InputError(
      `change set #${id} changed the desk's term rules or accepted findings; only a reviewer may undo it ("ntm reviewers list" names them).`,
    );
  }
  const at = now();
  const rules = reverseTermRules(db, id, beside.termRules, by, at);
  const acceptances = withdrawFindings(db, beside.accepted).length + restoreAcceptances(db, beside.withdrawn).length;
  if (touched === 0 && rules === 0 && acceptances === 0) {
    throw new InputError(
      `change set #${id} (${cs.command}): the findings it accepted or withdrew have been withdrawn or accepted again since; there is nothing to undo.`,
    );
  }
  if (touched === 0) return { undone: cs, pairs: 0, rules, acceptances };
  refuseIfChangedSince(db, id);
  refuseIfNotAllowed(db, id, by);
  step('undo:checked');

  const change = changeId(db);
  // An import's pairs (one 'add' row each) and an undone import's (one 'delete') in bulk...
  const added = db
    .prepare(`SELECT count(*) FROM (${ADDED_ONLY}) a JOIN pairs p ON p.id = a.pair_id WHERE p.deleted_at IS NULL AND p.status = 'approved'`)
    .pluck()
    .get({ id }) as number;
  // ...and when most of the fuzzy index goes with them, it is built again for what stays.
  const rebuild = rebuildIsCheaper(db, added);
  if (rebuild) clearMatchIndex(db);
  deleteAdded(db, id, at, by, change);
  restoreDeleted(db, id, at, by, change);
  step('undo:bulk');
  // ...and every other row one at a time, newest first.
  const stepwise = db
    .prepare(
      `SELECT id, pair_id, action, before FROM pair_history
       WHERE change_id = @id AND pair_id NOT IN (${ADDED_ONLY}) AND pair_id NOT IN (${DELETED_ONLY}) ORDER BY id DESC`,
    )
    .all({ id }) as HistoryRow[];
  for (const r of stepwise) reverseRow(db, r, at, by, change);
  syncMatchIndex(db, { force: rebuild });
  step('undo:indexed');
  return { undone: cs, pairs: touched, rules, acceptances };
}

/**
 * Puts back the term rules a change set changed, newest first; refused when a term's rules
 * were changed again since (that newer decision would be lost). Returns how many terms.
 */
function reverseTermRules(db: Database, id: number, changes: readonly TermRulesChange[], by: string, at: string): number {
  const same = (a: TermRules, b: TermRules) => a.matchCase === b.matchCase && a.compounds === b.compounds;
  for (const c of [...changes].reverse()) {
    if (!same(getTermRules(db, c.source), c.after)) {
      const later = laterRulesChange(db, id, c.source);
      throw new InputError(
        `the rules of “${c.source}” were changed again after change set #${id}${later === undefined ? '' : `, by change set #${later}; undo that first (ntm undo ${later})`}. Nothing was undone.`,
      );
    }
    setTermRules(db, c.source, c.before, by, at);
  }
  return changes.length;
}

/** The newest change set after `id` that changed the rules of `source`, if a change set did. */
function laterRulesChange(db: Database, id: number, source: string): number | undefined {
  const rows = db.prepare(`SELECT id, detail FROM change_sets WHERE id > ? AND json_type(detail, '$.termRules') = 'array' ORDER BY id DESC`).all(id) as {
    id: number;
    detail: string;
  }[];
  const key = norm(source);
  return rows.find((r) => besidePairs(JSON.parse(r.detail) as Record<string, unknown>).termRules.some((c) => norm(c.source) === key))?.id;
}

/**
 * Refuses when a pair of the change set has a history row after the set's last row for it,
 * other than rows of a change set and the undo that cancelled it (they leave the pair as it was).
 */
function refuseIfChangedSince(db: Database, id: number): void {
  const later = db
    .prepare(
      `WITH standing AS (SELECT u.id, u.undoes FROM change_sets u
                         WHERE u.undoes IS NOT NULL AND NOT EXISTS (SELECT 1 FROM change_sets r WHERE r.undoes = u.id)),
            cancelled AS (SELECT id FROM standing UNION SELECT undoes FROM standing)
       SELECT h.pair_id AS pair, h.change_id AS change FROM pair_history h
       JOIN (SELECT pair_id, max(id) AS last FROM pair_history WHERE change_id = ? GROUP BY pair_id) c ON c.pair_id = h.pair_id
       WHERE h.id > c.last AND (h.change_id IS NULL OR h.change_id NOT IN cancelled) ORDER BY h.id LIMIT 1`,
    )
    .get(id) as { pair: number; change: number | null } | undefined;
  if (!later) return;
  const by = later.change === null ? 'a later change' : `change set #${later.change}`;
  throw new InputError(
    `pair #${later.pair} was changed after change set #${id}, by ${by}; undo that first${later.change === null ? '' : ` (ntm undo ${later.change})`}, or change #${later.pair} by hand. Nothing was undone.`,
  );
}

/** Once a TM has reviewers, only they undo a change to approved or forbidden pairs. */
function refuseIfNotAllowed(db: Database, id: number, by: string): void {
  if (mayApprove(db, by)) return;
  const desk = db
    .prepare(`SELECT p.id FROM pairs p WHERE p.status <> 'proposed' AND p.id IN (SELECT pair_id FROM pair_history WHERE change_id = ?) LIMIT 1`)
    .pluck()
    .get(id) as number | undefined;
  if (desk !== undefined) {
    throw new InputError(`change set #${id} touched the desk's approved wording (#${desk}); only a reviewer may undo it ("ntm reviewers list" names them).`);
  }
}

/** Pairs whose only row in the change set is their 'add'. */
const ADDED_ONLY = `SELECT pair_id FROM pair_history WHERE change_id = @id GROUP BY pair_id HAVING count(*) = 1 AND min(action) = 'add'`;
/** Pairs whose only row in the change set is their 'delete'. */
const DELETED_ONLY = `SELECT pair_id FROM pair_history WHERE change_id = @id GROUP BY pair_id HAVING count(*) = 1 AND min(action) = 'delete'`;

/**
 * Deletes (recoverably) every pair the change set added, with a 'delete' history row each.
 * Written in bulk, the rows keep no copy of the pair: a delete leaves its texts as they are
 * (replay.ts finds them).
 */
function deleteAdded(db: Database, id: number, at: string, by: string, change: number | null): void {
  db.prepare(
    `INSERT INTO pair_history (pair_id, action, at, by, before, after, change_id)
     SELECT p.id, 'delete', @at, @by, NULL, NULL, @change FROM pairs p
     WHERE p.deleted_at IS NULL AND p.id IN (${ADDED_ONLY}) ORDER BY p.id`,
  ).run({ at, by, change, id });
  db.prepare(`UPDATE pairs SET deleted_at = @at, deleted_by = @by WHERE deleted_at IS NULL AND id IN (${ADDED_ONLY})`).run({
    at,
    by,
    id,
  });
}

/** Restores every pair the change set deleted, unless the same pair is live again meanwhile. */
function restoreDeleted(db: Database, id: number, at: string, by: string, change: number | null): void {
  const clash = db
    .prepare(
      `SELECT p.id AS gone, q.id AS live FROM pairs p JOIN pairs q
         ON q.kind = p.kind AND q.source_norm = p.source_norm AND q.target_norm = p.target_norm AND q.deleted_at IS NULL
       WHERE p.id IN (${DELETED_ONLY}) AND p.deleted_at IS NOT NULL LIMIT 1`,
    )
    .get({ id }) as { gone: number; live: number } | undefined;
  if (clash) throw new InputError(`#${clash.gone} cannot come back: the same pair is stored again as #${clash.live}. Nothing was undone.`);
  db.prepare(
    `INSERT INTO pair_history (pair_id, action, at, by, before, after, change_id)
     SELECT p.id, 'restore', @at, @by, NULL, NULL, @change FROM pairs p
     WHERE p.deleted_at IS NOT NULL AND p.id IN (${DELETED_ONLY}) ORDER BY p.id`,
  ).run({ at, by, change, id });
  db.prepare(`UPDATE pairs SET deleted_at = NULL, deleted_by = NULL WHERE deleted_at IS NOT NULL AND id IN (${DELETED_ONLY})`).run({ id });
}

function history(
  db: Database,
  pairId: number,
  action: HistoryRow['action'],
  at: string,
  by: string,
  before: string | null,
  after: string | null,
  change: number | null,
): void {
  db.prepare(`INSERT INTO pair_history (pair_id, action, at, by, before, after, change_id) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
    pairId,
    action,
    at,
    by,
    before,
    after,
    change,
  );
}

function clashWith(db: Database, kind: PairKind, sourceNorm: string, targetNorm: string, except: number): number | undefined {
  return db
    .prepare(`SELECT id FROM pairs WHERE kind = ? AND source_norm = ? AND target_norm = ? AND deleted_at IS NULL AND id <> ?`)
    .pluck()
    .get(kind, sourceNorm, targetNorm, except) as number | undefined;
}

/** Reverses one history row of a pair. */
function reverseRow(db: Database, r: HistoryRow, at: string, by: string, change: number | null): void {
  const current = getPair(db, r.pair_id);
  switch (r.action) {
    case 'add':
    case 'restore':
      if (current.deletedAt) return;
      db.prepare(`UPDATE pairs SET deleted_at = ?, deleted_by = ? WHERE id = ?`).run(at, by, r.pair_id);
      history(db, r.pair_id, 'delete', at, by, snapshot(current), null, change);
      return;
    case 'delete': {
      if (!current.deletedAt) return;
      const key = db.prepare(`SELECT kind, source_norm, target_norm FROM pairs WHERE id = ?`).get(r.pair_id) as {
        kind: PairKind;
        source_norm: string;
        target_norm: string;
      };
      const live = clashWith(db, key.kind, key.source_norm, key.target_norm, r.pair_id);
      if (live !== undefined) throw new InputError(`#${r.pair_id} cannot come back: the same pair is stored again as #${live}. Nothing was undone.`);
      db.prepare(`UPDATE pairs SET deleted_at = NULL, deleted_by = NULL WHERE id = ?`).run(r.pair_id);
      history(db, r.pair_id, 'restore', at, by, null, snapshot(current), change);
      return;
    }
    case 'edit':
      if (r.before) putBack(db, current, JSON.parse(r.before) as Snapshot, at, by, change);
  }
}

interface Snapshot {
  source: string;
  target: string;
  status: PairStatus;
  approvedBy: string;
  approvedAt: string;
  ref: string | null;
  note: string | null;
  tags: string[];
}

/** Gives a pair the fields it had before an edit (who changed it last becomes the undoer). */
function putBack(db: Database, current: Pair, was: Snapshot, at: string, by: string, change: number | null): void {
  const sourceNorm = norm(was.source);
  const targetNorm = norm(was.target);
  const live = current.deletedAt ? undefined : clashWith(db, current.kind, sourceNorm, targetNorm, current.id);
  if (live !== undefined) throw new InputError(`#${current.id} cannot get its earlier text back: the same pair is stored as #${live}. Nothing was undone.`);
  db.prepare(
    `UPDATE pairs SET source = ?, target = ?, source_norm = ?, target_norm = ?, source_len = ?, target_len = ?, status = ?,
       approved_by = ?, approved_at = ?, ref = ?, note = ?, changed_by = ?, changed_at = ? WHERE id = ?`,
  ).run(
    was.source,
    was.target,
    sourceNorm,
    targetNorm,
    sourceNorm.length,
    targetNorm.length,
    was.status,
    was.approvedBy,
    was.approvedAt,
    was.ref,
    was.note,
    by,
    at,
    current.id,
  );
  db.prepare(`DELETE FROM pair_tags WHERE pair_id = ?`).run(current.id);
  const tag = db.prepare(`INSERT OR IGNORE INTO pair_tags (pair_id, tag) VALUES (?, ?)`);
  for (const t of was.tags ?? []) tag.run(current.id, t);
  history(db, current.id, 'edit', at, by, snapshot(current), snapshot(getPair(db, current.id)), change);
}
