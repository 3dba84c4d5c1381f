// ntm replace: a style change applied to every pair that holds a phrase ("Kurdish armed
// forces" → "Kurdish forces"), as whole words and in the case given, in the English (or the
// Dutch). One change set; each pair keeps its earlier text in its history. Forbidden
// renderings are left alone: the rejected wording must stay what it was. A pair that the
// change would make empty, equal to its other side, or the same as another stored pair is
// left as it is and listed.
import type { Database } from 'better-sqlite3';
import { norm } from '../core/normalize.js';
import type { PairKind, PairStatus } from '../core/types.js';
import { InputError } from '../core/errors.js';
import { syncMatchIndex } from './match-index/index.js';
import { getPairs, invalidPairReason, now, snapshot } from './pairs.js';
import { mayApprove } from './reviewers.js';
import { changeId } from './changes.js';

export interface ReplaceOptions {
  /** Which side: the English (default) or the Dutch. */
  side: 'target' | 'source';
  kind?: PairKind;
}

/** One pair's text before and after. */
export interface Replacement {
  id: number;
  kind: PairKind;
  status: PairStatus;
  before: string;
  after: string;
}

export interface ReplacePlan {
  changes: Replacement[];
  /** Pairs that hold the phrase but are left as they are, and why. */
  skipped: { id: number; reason: string }[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The phrase as a pattern: its words in order, any white space between them, whole words only. */
export function phrasePattern(phrase: string): RegExp {
  const words = norm(phrase).split(' ').map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}_])${words.join('\\s+')}(?![\\p{L}\\p{N}_])`, 'gu');
}

/** The pairs that hold `phrase` and what they would become: nothing is written. */
export function planReplace(db: Database, phrase: string, replacement: string, o: ReplaceOptions): ReplacePlan {
  const needle = norm(phrase);
  if (needle === '') throw new InputError('the phrase to replace is empty.');
  const col = o.side;
  const pattern = phrasePattern(phrase);
  const kind = o.kind ? `AND kind = '${o.kind}'` : '';
  // instr() on the normal form finds every candidate (case as given, white space as one
  // space); the pattern then keeps whole words only.
  const rows = db
    .prepare(
      `SELECT id, kind, status, source, target FROM pairs
       WHERE deleted_at IS NULL AND status IN ('approved', 'proposed') ${kind} AND instr(${col}_norm, ?) > 0 ORDER BY id`,
    )
    .all(needle) as { id: number; kind: PairKind; status: PairStatus; source: string; target: string }[];
  const plan: ReplacePlan = { changes: [], skipped: [] };
  // The keys the plan will leave live, to catch two pairs the change makes one.
  const taken = new Map<string, number>();
  const findLive = db.prepare(`SELECT id FROM pairs WHERE kind = ? AND source_norm = ? AND target_norm = ? AND deleted_at IS NULL AND id <> ?`).pluck();
  for (const r of rows) {
    const before = r[col];
    const after = before.replace(pattern, () => replacement);
    if (after === before) continue;
    const source = col === 'source' ? after : r.source;
    const target = col === 'target' ? after : r.target;
    const invalid = invalidPairReason(source, target, r.kind);
    if (invalid) {
      plan.skipped.push({ id: r.id, reason: invalid });
      continue;
    }
    const key = `${r.kind}\t${norm(source)}\t${norm(target)}`;
    const same = (findLive.get(r.kind, norm(source), norm(target), r.id) as number | undefined) ?? taken.get(key);
    if (same !== undefined) {
      plan.skipped.push({ id: r.id, reason: `it would become the same pair as #${same}; delete one of them by hand` });
      continue;
    }
    taken.set(key, r.id);
    plan.changes.push({ id: r.id, kind: r.kind, status: r.status, before, after });
  }
  return plan;
}

/** Writes a plan: each pair changed with its history row, in the running change set. */
export function applyReplace(db: Database, plan: ReplacePlan, o: ReplaceOptions, by: string): void {
  if (!mayApprove(db, by)) {
    const desk = plan.changes.find((c) => c.status !== 'proposed');
    if (desk)
      throw new InputError(
        `#${desk.id} is the desk's ${desk.status} wording; only a reviewer may replace in it ("ntm reviewers list" names them). Nothing was replaced.`,
      );
  }
  const at = now();
  const col = o.side;
  const update = db.prepare(`UPDATE pairs SET ${col} = ?, ${col}_norm = ?, ${col}_len = ?, changed_by = ?, changed_at = ? WHERE id = ?`);
  const history = db.prepare(`INSERT INTO pair_history (pair_id, action, at, by, before, after, change_id) VALUES (?, 'edit', ?, ?, ?, ?, ?)`);
  const change = changeId(db);
  const byId = new Map(plan.changes.map((c) => [c.id, c] as const));
  for (const before of getPairs(db, [...byId.keys()])) {
    const c = byId.get(before.id)!;
    const text = c.after.normalize('NFC').trim();
    const n = norm(text);
    update.run(text, n, n.length, by, at, c.id);
    const after = { ...before, [col]: text, changedBy: by, changedAt: at };
    history.run(c.id, at, by, snapshot(before), snapshot(after), change);
  }
  syncMatchIndex(db);
}
