// ntm sync: push the change sets made here (oldest first, each once: the desk knows them by
// their uuid), then pull the desk's changes in its order. Safe to interrupt anywhere: a push
// the desk took but this TM did not hear back about is recognised next time; a pull is one
// local transaction.
import type { Database } from 'better-sqlite3';
import type pg from 'pg';
import { DeskError } from '../core/errors.js';
import { DeskApplier, type PairState } from '../store/desk-apply.js';
import { deskLink, recordSyncAttempt, updateDeskRole } from '../store/desk.js';
import { lastOwnSeq, markPushed, markRefused, pendingOwnChanges, sealChanges, type OwnChange } from '../store/desk-seal.js';
import { deskError, errorCode, isOffline, type DeskAddress } from './connect.js';
import { pullAfter } from './pull.js';
import { hello } from './session.js';

type Env = Record<string, string | undefined>;

/** A change of this TM's that the user must hear about. */
export interface SyncConflict {
  kind: 'replaced' | 'refused';
  [field: string]: unknown;
}

/** What a sync did (SPEC: `{"pushed", "pulled", "conflicts"}`). */
export interface SyncResult {
  pushed: number;
  pulled: number;
  conflicts: SyncConflict[];
}

/** Change sets sent in one call: large enough to be quick, small enough to stay one statement. */
const PUSH_BATCH_OPS = 5000;

/** Pushes then pulls; every failure is a DeskError naming the desk. */
export async function syncDesk(db: Database, env: Env, timeoutMs: number): Promise<SyncResult> {
  const link = deskLink(db);
  if (!link) throw new DeskError('this TM has not joined a desk; join one with "ntm desk join postgres://NAME@SERVER/DATABASE".');
  // Anything a command wrote but could not seal (it was killed) goes as a change set of its own.
  sealChanges(db, 'recovered');
  const address: DeskAddress = { url: link.url, label: link.label };
  const at = new Date().toISOString();
  let desk;
  try {
    desk = await hello(address, env, timeoutMs);
  } catch (err) {
    db.transaction(() => recordSyncAttempt(db, at, (err as Error).message))();
    throw err;
  }
  try {
    if (desk.deskId !== link.deskId) {
      throw new DeskError(`the server at ${link.label} now holds another desk than the one this TM joined; nothing was changed.`);
    }
    if (desk.role !== link.role || desk.login !== link.login) db.transaction(() => updateDeskRole(db, desk.login, desk.role))();
    const pushed = await pushAll(db, desk.client, address);
    db.exec('BEGIN IMMEDIATE');
    let pulled;
    try {
      pulled = await pullAfter(db, desk.client, deskLink(db)!.lastSeq);
      recordSyncAttempt(db, at, null);
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
    const mine = db.prepare(`SELECT count(*) FROM desk_changes WHERE origin = 'here' AND seq > ? AND seq <= ?`).pluck();
    const ownPulled = pulled.through ? (mine.get(link.lastSeq, pulled.through) as number) : 0;
    return { pushed, pulled: pulled.changes - ownPulled, conflicts: takeNotices(db) };
  } catch (err) {
    const e = deskError(err, address);
    db.transaction(() => recordSyncAttempt(db, at, e.message))();
    throw e;
  } finally {
    await desk.close();
  }
}

/** Pushes every pending change set made here; returns how many the desk took. */
async function pushAll(db: Database, client: pg.Client, address: DeskAddress): Promise<number> {
  let pushed = 0;
  const pending = pendingOwnChanges(db);
  let i = 0;
  while (i < pending.length) {
    const batch: OwnChange[] = [];
    let ops = 0;
    while (i < pending.length && (batch.length === 0 || ops + pending[i]!.ops.length <= PUSH_BATCH_OPS)) {
      ops += pending[i]!.ops.length;
      batch.push(pending[i++]!);
    }
    pushed += await pushBatch(db, client, batch, address);
  }
  return pushed;
}

async function pushBatch(db: Database, client: pg.Client, batch: OwnChange[], address: DeskAddress): Promise<number> {
  for (;;) {
    if (batch.length === 0) return 0;
    // The base of each op: the newest desk change to the pair this TM had seen when it wrote.
    const seen = new Map<string, number>();
    const send = batch.map((c) => ({
      ...c,
      ops: c.ops.map((op) => {
        const own = seen.get(op.pair) ?? lastOwnSeq(db, op.pair);
        const base = own !== null && (op.base === null || own > op.base) ? own : op.base;
        return { ...op, base };
      }),
    }));
    try {
      const r = await client.query(`SELECT change, seq FROM ntm.push($1::jsonb)`, [JSON.stringify(send)]);
      db.transaction(() => {
        for (const row of r.rows as { change: string; seq: string }[]) markPushed(db, row.change, Number(row.seq));
      }).immediate();
      return batch.length;
    } catch (err) {
      const code = errorCode(err);
      const message = (err as Error).message ?? '';
      const refused = batch.find((c) => message.includes(c.uuid));
      if (!refused || (code !== '42501' && code !== '22023' && code !== '22P02')) throw deskError(err, address);
      await refuse(db, client, refused, message);
      batch = batch.filter((c) => c !== refused);
    }
  }
}

/** The desk refused a change set made here: mark it, tell the user, put its pairs back as the desk has them. */
async function refuse(db: Database, client: pg.Client, change: OwnChange, message: string): Promise<void> {
  const latest = new Map<string, { seq: number; action: 'add' | 'edit' | 'delete' | 'restore'; state: PairState; madeAt: string; author: string } | null>();
  for (const op of change.ops) {
    const r = await client.query(
      `SELECT o.seq, o.action, o.state, c.author, to_char(c.made_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS made_at
       FROM ntm.ops o JOIN ntm.changes c ON c.seq = o.seq WHERE o.pair = $1 ORDER BY o.seq DESC, o.n DESC LIMIT 1`,
      [op.pair],
    );
    const row = r.rows[0] as { seq: string; action: 'add'; state: PairState; author: string; made_at: string } | undefined;
    latest.set(op.pair, row ? { seq: Number(row.seq), action: row.action, state: row.state, madeAt: row.made_at, author: row.author } : null);
  }
  db.transaction(() => {
    markRefused(db, change.uuid, message.replace(/^.*?: /, ''), new Date().toISOString());
    const applier = new DeskApplier(db);
    const stillMine = db.prepare(
      `SELECT 1 FROM desk_own_ops o JOIN desk_changes c ON c.uuid = o.change_uuid WHERE o.pair_uuid = ? AND c.state = 'pending'`,
    );
    for (const [pair, last] of latest) if (!stillMine.get(pair)) applier.revert(pair, last);
  }).immediate();
}

/** The notices not yet shown, now marked shown. */
function takeNotices(db: Database): SyncConflict[] {
  return db
    .transaction(() => {
      const rows = db.prepare(`SELECT id, kind, detail FROM desk_notices WHERE reported = 0 ORDER BY id`).all() as { id: number; kind: 'replaced' | 'refused'; detail: string }[];
      db.prepare(`UPDATE desk_notices SET reported = 1 WHERE reported = 0`).run();
      return rows.map((r) => ({ kind: r.kind, ...(JSON.parse(r.detail) as Record<string, unknown>) }));
    })
    .immediate();
}

/** True when a sync failure only means the desk could not be reached now (the change waits). */
export function offline(err: unknown): boolean {
  return isOffline(err) || (err instanceof DeskError && /cannot reach|no answer|lost the connection|starting up/.test(err.message));
}
