// ntm sync: push the change sets made here (oldest first, each once: the desk knows them by
// their uuid), then pull the desk's changes in its order, all in one local transaction. Safe
// to interrupt anywhere: a push the desk took but this TM did not hear back about (or could
// not record) is recognised next time, and a pull is all or nothing.
import type { Database } from 'better-sqlite3';
import type pg from 'pg';
import { DeskError } from '../core/errors.js';
import { inChangeSet, changeId } from '../store/changes.js';
import { DeskApplier, type PairState } from '../store/desk-apply.js';
import { hasDecisions, revertDecisions } from '../store/desk-decisions.js';
import { markLocal, markPushed, markRefused, outgoingChange, sharePairs, type OpAction, type OutChange } from '../store/desk-push.js';
import { deskLink, deskTransaction, deskWrite, pendingChangeIds, recordSyncAttempt, takeNotices, updateDeskRole } from '../store/desk.js';
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

/** Ops sent in one call: large enough to be quick, small enough to stay one statement. */
const PUSH_BATCH_OPS = 5000;

/** SQLSTATEs with which the desk refuses a change set (its roles, or what it can hold). */
const REFUSALS = new Set(['42501', '22023', '22P02', '22007', '22008']);

/** Pushes then pulls; every failure is a DeskError naming the desk. `step` marks the moments a crash test kills at. */
export async function syncDesk(db: Database, env: Env, timeoutMs: number, step: (name: string) => void = () => {}): Promise<SyncResult> {
  const link = deskLink(db);
  if (!link) throw new DeskError('this TM has not joined a desk; join one with "ntm desk join postgres://NAME@SERVER/DATABASE".');
  const address: DeskAddress = { url: link.url, label: link.label };
  const at = new Date().toISOString();
  let desk: Awaited<ReturnType<typeof hello>>;
  try {
    desk = await hello(address, env, timeoutMs);
  } catch (err) {
    deskWrite(db, () => recordSyncAttempt(db, at, (err as Error).message));
    throw err;
  }
  try {
    if (desk.deskId !== link.deskId) {
      throw new DeskError(`the server at ${link.label} now holds another desk than the one this TM joined; nothing was changed.`);
    }
    const client = desk.client;
    sharePairs(db);
    return await deskTransaction(db, async () => {
      const now = deskLink(db)!;
      if (desk.role !== now.role || desk.login !== now.login) updateDeskRole(db, desk.login, desk.role);
      const pushed = await pushAll(db, client, step);
      const pulled = await pullAfter(db, client, deskLink(db)!.lastSeq, { step });
      recordSyncAttempt(db, at, null);
      const conflicts = takeNotices(db).map((n) => ({ kind: n.kind, ...n.detail }));
      return { pushed, pulled: pulled.theirs, conflicts };
    });
  } catch (err) {
    const e = deskError(err, address);
    deskWrite(db, () => recordSyncAttempt(db, at, e.message));
    throw e;
  } finally {
    await desk.close();
  }
}

/** Pushes every change set made here that waits; returns how many the desk took. */
async function pushAll(db: Database, client: pg.Client, step: (name: string) => void): Promise<number> {
  let pushed = 0;
  const refused: OutChange[] = [];
  let batch: OutChange[] = [];
  let ops = 0;
  for (const id of pendingChangeIds(db)) {
    const c = outgoingChange(db, id);
    if (c.ops.length === 0 && !hasDecisions(c.detail)) {
      markLocal(db, id);
      continue;
    }
    if (batch.length > 0 && ops + c.ops.length > PUSH_BATCH_OPS) {
      pushed += await pushBatch(db, client, batch, refused, step);
      batch = [];
      ops = 0;
    }
    batch.push(c);
    ops += c.ops.length;
  }
  if (batch.length > 0) pushed += await pushBatch(db, client, batch, refused, step);
  if (refused.length > 0) await putBack(db, client, refused);
  return pushed;
}

/** Pushes one batch; a change set the desk refuses is set aside and the rest sent again. */
async function pushBatch(db: Database, client: pg.Client, batch: OutChange[], refused: OutChange[], step: (name: string) => void): Promise<number> {
  for (;;) {
    if (batch.length === 0) return 0;
    try {
      const send = batch.map(({ id: _id, ...c }) => c);
      const r = await client.query(`SELECT change, seq FROM ntm.push($1::jsonb)`, [JSON.stringify(send)]);
      // The desk has them now; this TM records it below (a kill here is the "lost answer").
      step('push:sent');
      const byUuid = new Map(batch.map((c) => [c.uuid, c]));
      for (const row of r.rows as { change: string; seq: string }[]) markPushed(db, byUuid.get(row.change)!, Number(row.seq));
      return batch.length;
    } catch (err) {
      const code = errorCode(err);
      const message = (err as Error).message ?? '';
      const bad = batch.find((c) => message.includes(c.uuid));
      if (!bad || !REFUSALS.has(code ?? '')) throw err;
      markRefused(db, bad, message.replace(/^.*?: /, ''), new Date().toISOString());
      refused.push(bad);
      // What the later ones saw last on a pair may have been the refused one: ask again.
      batch = batch.filter((c) => c !== bad).map((c) => outgoingChange(db, c.id));
    }
  }
}

/** The desk refused change sets made here: their pairs go back to what the desk has, as a change set of this TM, their decisions to what they were. */
async function putBack(db: Database, client: pg.Client, refused: OutChange[]): Promise<void> {
  const pairs = [...new Set(refused.flatMap((c) => c.ops.map((o) => o.pair)))];
  const r = await client.query(
    `SELECT DISTINCT ON (o.pair) o.pair, o.seq, o.action, o.state FROM ntm.ops o WHERE o.pair = ANY($1::uuid[]) ORDER BY o.pair, o.seq DESC, o.n DESC`,
    [pairs],
  );
  const latest = new Map(
    (r.rows as { pair: string; seq: string; action: OpAction; state: PairState }[]).map((x) => [
      x.pair,
      { seq: Number(x.seq), action: x.action, state: x.state },
    ]),
  );
  const at = new Date().toISOString();
  const { change } = inChangeSet(db, { command: 'desk refused', by: 'desk', detail: { refused: refused.map((c) => c.uuid) } }, () => {
    const id = changeId(db)!;
    const applier = new DeskApplier(db);
    for (const pair of pairs) applier.revert(pair, latest.get(pair) ?? null, id, at);
  });
  // A term's rules and acceptances have no history rows: taken back as they were before.
  revertDecisions(
    db,
    refused.map((c) => c.detail),
    at,
  );
  if (change !== null) markLocal(db, change);
}

/** True when a sync failure only means the desk could not be reached now (the change waits). */
export function offline(err: unknown): boolean {
  return isOffline(err) || (err instanceof DeskError && /cannot reach|no answer|lost the connection|starting up/.test(err.message));
}
