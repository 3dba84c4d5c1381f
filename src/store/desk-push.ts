// What a sync pushes: the change sets made here since the join (schema 6's change_sets, the
// history rows that name them), each as the desk takes it: its uuid (the idempotency key),
// who and when, and for each pair it touched one op with the pair as it is after the change
// set (replay.ts fills in the rows written in bulk). A pair first shared gets its desk uuid here.
import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { PairKind } from '../core/types.js';
import { addNotice, deskLink } from './desk.js';
import { detailToPush } from './desk-decisions.js';
import { replayRows, type ReplayRow } from './replay.js';

/** A pair as the desk shares it: what history's snapshot keeps. */
export interface PairState {
  kind: PairKind;
  source: string;
  target: string;
  status: string;
  approvedBy: string;
  approvedAt: string;
  changedBy: string;
  changedAt: string;
  ref: string | null;
  note: string | null;
  tags: string[];
}

/** What a change set did to one pair. */
export type OpAction = 'add' | 'edit' | 'delete' | 'restore';

/** One op of a change set made here, as it is pushed. */
export interface OutOp {
  pair: string;
  action: OpAction;
  /** The change set this TM last saw on the pair (null for a pair new to the desk). */
  base: string | null;
  state: PairState;
}

/** A change set made here, as it is pushed. */
export interface OutChange {
  /** Its id in this TM (not sent). */
  id: number;
  uuid: string;
  command: string;
  author: string;
  made_at: string;
  undoes: string | null;
  detail: Record<string, unknown> | null;
  ops: OutOp[];
}

/**
 * A time-ordered uuid (version 7): a pair made earlier sorts first, which decides which of two
 * pairs with the same texts stays live (see desk-apply.ts).
 */
export function uuidV7(now = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Gives every pair that a waiting change set touched, and that has no desk uuid yet, its
 * uuid, in a transaction of its own that commits before anything is pushed: a push the desk
 * took but this TM never heard back about is sent again with the same pair uuids.
 */
export function sharePairs(db: Database): number {
  const link = deskLink(db);
  if (!link) return 0;
  return db
    .transaction(() => {
      const rows = db
        .prepare(
          `SELECT h.pair_id AS id, min(h.at) AS at FROM pair_history h JOIN pairs p ON p.id = h.pair_id
           WHERE p.uuid IS NULL AND h.change_id > ? GROUP BY h.pair_id ORDER BY h.pair_id`,
        )
        .all(link.changeFloor) as { id: number; at: string }[];
      const set = db.prepare(`UPDATE pairs SET uuid = ? WHERE id = ?`);
      for (const r of rows) set.run(uuidV7(Date.parse(r.at) || Date.now()), r.id);
      return rows.length;
    })
    .immediate();
}

interface ChangeRow {
  id: number;
  uuid: string;
  command: string;
  by: string;
  at: string;
  undoes_uuid: string | null;
  detail: string | null;
}

/**
 * Change set `id` as the desk takes it; its ops are empty when it changed no pair the desk
 * holds (a pair added and removed again, a term's rules, accepted findings). Its pairs have their uuids from `sharePairs`.
 */
export function outgoingChange(db: Database, id: number): OutChange {
  const c = db
    .prepare(
      `SELECT c.id, c.uuid, c.command, c.by, c.at, u.uuid AS undoes_uuid, c.detail
       FROM change_sets c LEFT JOIN change_sets u ON u.id = c.undoes WHERE c.id = ?`,
    )
    .get(id) as ChangeRow;
  const floor = deskLink(db)?.changeFloor ?? 0;
  const meta = db.prepare(`SELECT uuid FROM pairs WHERE id = ?`).pluck();
  const setUuid = db.prepare(`UPDATE pairs SET uuid = ? WHERE id = ?`);
  // The change set this TM last saw on the pair before this one: one made here and not yet
  // placed (it goes first in this push), else the latest in the desk's order.
  const seen = db
    .prepare(
      `SELECT c.uuid FROM pair_history h JOIN change_sets c ON c.id = h.change_id LEFT JOIN desk_changes d ON d.change_id = c.id
       WHERE h.pair_id = ? AND h.id < ? AND (d.seq IS NOT NULL OR (d.change_id IS NULL AND c.id > ?))
       ORDER BY d.change_id IS NULL DESC, d.seq DESC, h.id DESC LIMIT 1`,
    )
    .pluck();
  const byPair = new Map<number, ReplayRow[]>();
  for (const r of replayRows(db, id)) {
    const list = byPair.get(r.pair);
    if (list) list.push(r);
    else byPair.set(r.pair, [r]);
  }
  const ops: OutOp[] = [];
  for (const [pairId, rows] of byPair) {
    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    let uuid = meta.get(pairId) as string | null;
    const created = first.action === 'add' || uuid === null;
    const deleted = last.after === null;
    // Made and removed again before the desk saw it: nothing to tell.
    if (created && deleted) continue;
    const state = (deleted ? last.before : last.after) as unknown as PairState | null;
    if (!state) continue;
    if (uuid === null) {
      uuid = uuidV7(Date.parse(first.at) || Date.now());
      setUuid.run(uuid, pairId);
    }
    const action: OpAction = created ? 'add' : deleted ? 'delete' : first.action === 'restore' ? 'restore' : 'edit';
    const base = created ? null : ((seen.get(pairId, first.history, floor) as string | undefined) ?? null);
    ops.push({ pair: uuid, action, base, state });
  }
  return {
    id: c.id,
    uuid: c.uuid,
    command: c.command,
    author: c.by,
    made_at: c.at,
    undoes: c.undoes_uuid,
    detail: detailToPush(db, c.detail === null ? null : (JSON.parse(c.detail) as Record<string, unknown>)),
    ops,
  };
}

/** Records the place the desk gave a change set made here; its pairs now hold that change. */
export function markPushed(db: Database, change: OutChange, seq: number): void {
  db.prepare(`INSERT OR REPLACE INTO desk_changes (change_id, seq, origin, state) VALUES (?, ?, 'here', 'synced')`).run(change.id, seq);
  const hold = db.prepare(`UPDATE pairs SET desk_seq = ? WHERE uuid = ? AND (desk_seq IS NULL OR desk_seq < ?)`);
  for (const op of change.ops) hold.run(seq, op.pair, seq);
}

/** Records a change set that has nothing for the desk. */
export function markLocal(db: Database, changeId: number): void {
  db.prepare(`INSERT OR REPLACE INTO desk_changes (change_id, seq, origin, state) VALUES (?, NULL, 'here', 'local')`).run(changeId);
}

/** Records that the desk refused a change set made here, and why; the user is told at the sync. */
export function markRefused(db: Database, change: OutChange, reason: string, at: string): void {
  db.prepare(`INSERT OR REPLACE INTO desk_changes (change_id, seq, origin, state, refusal) VALUES (?, NULL, 'here', 'refused', ?)`).run(change.id, reason);
  addNotice(db, at, 'refused', { change: change.id, command: change.command, by: change.author, reason });
}
