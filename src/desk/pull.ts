// Pulling the desk's changes since the last one this TM applied, in server order, streamed
// with COPY (the same path for a first join of a million pairs and for a sync of three).
import type { Database } from 'better-sqlite3';
import { parse as parseCsv } from 'csv-parse';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { DeskApplier, type DeskOp, type PairState } from '../store/desk-apply.js';

export interface PullResult {
  /** Change sets applied, own ones coming back included. */
  changes: number;
  /** Change sets made elsewhere. */
  theirs: number;
  ops: number;
  through: number;
}

/** How many ops the desk holds after `seq` (for a progress bar). */
export async function countOpsAfter(client: pg.Client, seq: number): Promise<number> {
  const r = await client.query(`SELECT count(*)::bigint AS n FROM ntm.ops WHERE seq > $1`, [seq]);
  return Number(r.rows[0].n);
}

/** Ops handed to SQLite between two progress reports. */
const PROGRESS_EVERY = 2000;

/**
 * Streams every op after `seq` into the local TM. The caller holds the SQLite write
 * transaction (so an interrupted pull leaves nothing half-applied) and commits it. `fresh`:
 * the TM is empty (a join).
 */
export async function pullAfter(
  db: Database,
  client: pg.Client,
  seq: number,
  o: { fresh?: boolean; onProgress?: (ops: number) => void; step?: (name: string) => void } = {},
): Promise<PullResult> {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`bad seq ${seq}`);
  const applier = new DeskApplier(db, o.fresh ?? false);
  // COPY takes no parameters; seq is a checked integer. The server takes each pair's state
  // apart (one field a column, on its own core), and names a change set once, on its first op
  // (or on the one row of a change set without ops).
  const sql = `COPY (
    SELECT c.seq,
           CASE WHEN coalesce(o.n, 1) = 1 THEN c.uuid END, CASE WHEN coalesce(o.n, 1) = 1 THEN c.command END, CASE WHEN coalesce(o.n, 1) = 1 THEN c.author END,
           CASE WHEN coalesce(o.n, 1) = 1 THEN c.login END,
           CASE WHEN coalesce(o.n, 1) = 1 THEN to_char(c.made_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END,
           CASE WHEN coalesce(o.n, 1) = 1 THEN c.undoes END, CASE WHEN coalesce(o.n, 1) = 1 THEN c.detail END,
           o.pair, o.action, o.overrode,
           o.state->>'kind', o.state->>'source', o.state->>'target', o.state->>'status', o.state->>'approvedBy',
           o.state->>'approvedAt', o.state->>'changedBy', o.state->>'changedAt', o.state->>'ref', o.state->>'note', o.state->'tags'
    FROM ntm.changes c LEFT JOIN ntm.ops o ON o.seq = c.seq
    WHERE c.seq > ${seq} ORDER BY c.seq, o.n) TO STDOUT WITH (FORMAT csv)`;
  let lastChange = -1;
  const onProgress = o.onProgress;
  const sink = new Writable({
    objectMode: true,
    highWaterMark: 256,
    write(rec: string[], _enc, done) {
      try {
        const s = Number(rec[0]);
        if (s !== lastChange) {
          const undoes = rec[6]!;
          const detail = rec[7]!;
          applier.change({
            seq: s,
            uuid: rec[1]!,
            command: rec[2]!,
            author: rec[3]!,
            login: rec[4]!,
            madeAt: rec[5]!,
            undoes: undoes === '' ? null : undoes,
            detail: detail === '' ? null : detail,
          });
          lastChange = s;
        }
        // A change set with no pair (a term's rules, accepted findings): its one row has no op.
        if (rec[9] === '') {
          done();
          return;
        }
        const tags = rec[21]!;
        const state: PairState = {
          kind: rec[11] as PairState['kind'],
          source: rec[12]!,
          target: rec[13]!,
          status: rec[14]!,
          approvedBy: rec[15]!,
          approvedAt: rec[16]!,
          changedBy: rec[17]!,
          changedAt: rec[18]!,
          ref: rec[19] || null,
          note: rec[20] || null,
          tags: tags === '' || tags === '[]' ? [] : (JSON.parse(tags) as string[]),
        };
        applier.op({ pair: rec[8]!, action: rec[9] as DeskOp['action'], overrode: rec[10] === '' ? null : Number(rec[10]), state });
        if (onProgress && applier.ops % PROGRESS_EVERY === 0) onProgress(applier.ops);
        if (applier.ops === 1) o.step?.('pull:applying');
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
  // For a whole history the planner would sort every op before sending the first one (the
  // cheapest plan in total), and SQLite would wait idle meanwhile; walking the primary keys in
  // order streams from the first row, so the server reads while the TM fills.
  if (o.fresh) await client.query('BEGIN READ ONLY; SET LOCAL enable_sort = off');
  await pipeline(client.query(copyTo(sql)), parseCsv({ maxRecordSize: 16 * 1024 * 1024 }), sink);
  if (o.fresh) await client.query('COMMIT');
  onProgress?.(applier.ops);
  await applier.finish(new Date().toISOString());
  return { changes: applier.changes, theirs: applier.theirs, ops: applier.ops, through: applier.through };
}
