// Turning what a command just wrote into one change set for the desk: the history rows it
// added, each pair's state after it, a globally unique id. Sealed right after the command
// (before any network), so a change made offline waits in the TM with its own identity.
import type { Database } from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { deskLink } from './desk.js';
import type { PairState } from './desk-apply.js';
import { getPair, snapshot } from './pairs.js';

/** One op of a change set made here, as it is pushed. */
export interface OwnOp {
  pair: string;
  action: 'add' | 'edit' | 'delete' | 'restore';
  /** The desk change the edit was made on (null for a pair the desk has not seen). */
  base: number | null;
  state: PairState;
}

/** A change set made here, waiting for the desk. */
export interface OwnChange {
  uuid: string;
  command: string;
  author: string;
  made_at: string;
  ops: OwnOp[];
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
 * Seals every history row not yet in a change set into one, named after `command`; returns
 * it, or null when there was nothing (or the TM has not joined a desk). Runs in its own
 * write transaction.
 */
export function sealChanges(db: Database, command: string): OwnChange | null {
  return db
    .transaction((): OwnChange | null => {
      const link = deskLink(db);
      if (!link) return null;
      const rows = db
        .prepare(
          `SELECT h.id, h.pair_id, h.action, h.by FROM pair_history h
           WHERE h.id > ? AND NOT EXISTS (SELECT 1 FROM desk_history d WHERE d.history_id = h.id) ORDER BY h.id`,
        )
        .all(link.historyFloor) as { id: number; pair_id: number; action: OwnOp['action']; by: string }[];
      if (rows.length === 0) return null;
      const perPair = new Map<number, OwnOp['action'][]>();
      for (const r of rows) {
        const list = perPair.get(r.pair_id);
        if (list) list.push(r.action);
        else perPair.set(r.pair_id, [r.action]);
      }
      const uuid = randomUUID();
      const at = new Date().toISOString();
      const ops: OwnOp[] = [];
      const setUuid = db.prepare(`UPDATE pairs SET uuid = ? WHERE id = ?`);
      const unorder = db.prepare(`UPDATE pairs SET desk_seq = NULL WHERE id = ?`);
      const meta = db.prepare(`SELECT uuid, desk_seq FROM pairs WHERE id = ?`);
      for (const [pairId, actions] of perPair) {
        const p = getPair(db, pairId);
        const m = meta.get(pairId) as { uuid: string | null; desk_seq: number | null };
        const created = actions[0] === 'add';
        if (created && p.deletedAt !== null) continue; // made and removed again before the desk saw it
        let pairUuid = m.uuid;
        if (!pairUuid) {
          pairUuid = uuidV7();
          setUuid.run(pairUuid, pairId);
        }
        const action: OwnOp['action'] = p.deletedAt !== null ? 'delete' : created ? 'add' : actions[0] === 'restore' ? 'restore' : 'edit';
        ops.push({ pair: pairUuid, action, base: m.desk_seq, state: JSON.parse(snapshot(p)) as PairState });
        unorder.run(pairId);
      }
      const change: OwnChange = { uuid, command, author: rows[0]!.by, made_at: at, ops };
      db.prepare(
        `INSERT INTO desk_changes (uuid, origin, state, command, author, made_at, ops) VALUES (?, 'here', ?, ?, ?, ?, ?)`,
      ).run(uuid, ops.length ? 'pending' : 'synced', command, change.author, at, JSON.stringify(ops));
      const own = db.prepare(`INSERT OR IGNORE INTO desk_own_ops (pair_uuid, change_uuid) VALUES (?, ?)`);
      for (const op of ops) own.run(op.pair, uuid);
      const link2 = db.prepare(`INSERT INTO desk_history (history_id, change_uuid) VALUES (?, ?)`);
      for (const r of rows) link2.run(r.id, uuid);
      return ops.length ? change : null;
    })
    .immediate();
}

/** The change sets made here that wait for the desk, oldest first. */
export function pendingOwnChanges(db: Database): OwnChange[] {
  const rows = db
    .prepare(`SELECT uuid, command, author, made_at, ops FROM desk_changes WHERE origin = 'here' AND state = 'pending' ORDER BY rowid`)
    .all() as { uuid: string; command: string; author: string; made_at: string; ops: string }[];
  return rows.map((r) => ({ uuid: r.uuid, command: r.command, author: r.author, made_at: r.made_at, ops: JSON.parse(r.ops) as OwnOp[] }));
}

/** The newest desk change made here that touched the pair and has its place in the desk's order. */
export function lastOwnSeq(db: Database, pairUuid: string): number | null {
  return (
    (db
      .prepare(
        `SELECT max(c.seq) FROM desk_own_ops o JOIN desk_changes c ON c.uuid = o.change_uuid WHERE o.pair_uuid = ? AND c.state = 'synced'`,
      )
      .pluck()
      .get(pairUuid) as number | null) ?? null
  );
}

/** Records the seq the desk gave a change set made here. */
export function markPushed(db: Database, uuid: string, seq: number): void {
  db.prepare(`UPDATE desk_changes SET seq = ?, state = 'synced' WHERE uuid = ?`).run(seq, uuid);
}

/** Records that the desk refused a change set made here, and why; the user is told at the sync. */
export function markRefused(db: Database, uuid: string, reason: string, at: string): void {
  db.prepare(`UPDATE desk_changes SET state = 'refused', refusal = ? WHERE uuid = ?`).run(reason, uuid);
  const c = db.prepare(`SELECT command, author FROM desk_changes WHERE uuid = ?`).get(uuid) as { command: string; author: string };
  db.prepare(`INSERT INTO desk_notices (at, kind, detail) VALUES (?, 'refused', ?)`).run(at, JSON.stringify({ change: uuid, command: c.command, by: c.author, reason }));
}
