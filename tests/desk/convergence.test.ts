// Convergence: four local TMs, random adds/edits/deletes/reviews from each, syncing in
// parallel processes, while the server restarts, every ntm connection is cut
// (pg_terminate_backend) and one translator's process is killed (SIGKILL) mid-work. After a
// final sync round every TM holds the same live pairs and the same history, and nothing is
// duplicated.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';
import { ADMIN_PASSWORD, PG_REQUIRED, pgAvailable, startCluster, type Cluster } from '../helpers/pg.js';
import { cli } from '../helpers/run.js';

const WORKER = join(ROOT, 'tests', 'helpers', 'desk-worker.mjs');
const PEOPLE = ['ann', 'bas', 'cor', 'dirk'];
const STEPS = 10;

/** The TM as the desk shares it: live pairs and, per pair, the change sets in the desk's order. */
function digest(path: string): { live: unknown[]; history: unknown[]; hash: string } {
  const db = new Database(path, { readonly: true });
  try {
    const live = db
      .prepare(
        `SELECT p.uuid, p.kind, p.source, p.target, p.status, p.approved_by, p.approved_at, p.changed_by, p.changed_at, p.ref, p.note,
                (SELECT json_group_array(tag) FROM (SELECT tag FROM pair_tags t WHERE t.pair_id = p.id ORDER BY tag)) AS tags
         FROM pairs p WHERE p.deleted_at IS NULL ORDER BY p.uuid`,
      )
      .all();
    const history = db
      .prepare(
        `SELECT DISTINCT p.uuid AS pair, c.seq, c.uuid AS change FROM pair_history h
         JOIN pairs p ON p.id = h.pair_id JOIN desk_history d ON d.history_id = h.id JOIN desk_changes c ON c.uuid = d.change_uuid
         WHERE c.seq IS NOT NULL ORDER BY p.uuid, c.seq`,
      )
      .all();
    const hash = createHash('sha256').update(JSON.stringify({ live, history })).digest('hex');
    return { live, history, hash };
  } finally {
    db.close();
  }
}

describe.skipIf(!pgAvailable() && !PG_REQUIRED)('convergence of four TMs', () => {
  let pg: Cluster;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    tmp = tempDir();
    pg = await startCluster();
    await pg.createDatabase('desk');
    expect((await cli(['desk', 'init', pg.url('postgres', 'desk')], { env: { PGPASSWORD: ADMIN_PASSWORD } })).status).toBe(0);
    for (const p of PEOPLE) await pg.createLogin(p, `${p}-pw`, 'ntm_desk');
  });
  afterAll(async () => {
    await pg?.stop();
    tmp?.cleanup();
  });

  it('ends with identical live pairs and histories on every TM, nothing duplicated', async () => {
    const dbs = PEOPLE.map((p) => join(tmp.dir, `${p}.sqlite`));
    for (const [i, p] of PEOPLE.entries()) {
      const r = await cli(['--db', dbs[i]!, 'desk', 'join', pg.url(p, 'desk')], { env: { PGPASSWORD: `${p}-pw` } });
      expect(r.status, r.stderr).toBe(0);
    }
    const envOf = (p: string) => ({ PATH: process.env.PATH ?? '', HOME: tmp.dir, PGPASSWORD: `${p}-pw`, NTM_USER: p, NTM_SYNC_TIMEOUT: '1500' });
    const steps = new Map<number, number>();
    const start = (i: number, seed: number, count: number): { child: ChildProcess; done: Promise<number | null> } => {
      const child = spawn(process.execPath, [WORKER, dbs[i]!, String(seed), String(count)], { env: envOf(PEOPLE[i]!), stdio: ['ignore', 'pipe', 'inherit'] });
      child.stdout!.on('data', (b: Buffer) => {
        for (const line of b.toString().split('\n')) if (line.startsWith('step ')) steps.set(i, (steps.get(i) ?? 0) + 1);
      });
      return { child, done: new Promise((r) => child.once('exit', (code) => r(code))) };
    };
    const until = async (cond: () => boolean): Promise<void> => {
      for (let t = 0; t < 600 && !cond(); t++) await new Promise((r) => setTimeout(r, 50));
    };
    const total = () => [...steps.values()].reduce((a, b) => a + b, 0);

    const workers = PEOPLE.map((_, i) => start(i, 1000 + i * 7919, STEPS));
    // In the middle of the work: cut every ntm connection, kill one translator, restart the server.
    await until(() => total() >= 10);
    await pg.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ntm' AND pid <> pg_backend_pid()`);
    await until(() => total() >= 16);
    workers[0]!.child.kill('SIGKILL');
    await workers[0]!.done;
    await pg.restart();
    const again = start(0, 4242, 6);
    const codes = await Promise.all([again.done, ...workers.slice(1).map((w) => w.done)]);
    expect(codes).toEqual([0, 0, 0, 0]);

    // A final round: each TM pushes what waits, then each pulls everything.
    for (let round = 0; round < 2; round++) {
      for (const [i, p] of PEOPLE.entries()) {
        const r = await cli(['--db', dbs[i]!, 'sync', '--json'], { env: { PGPASSWORD: `${p}-pw`, NTM_USER: p } });
        expect(r.status, r.stderr).toBe(0);
      }
    }
    const digests = dbs.map(digest);
    for (const d of digests.slice(1)) {
      expect(d.live).toEqual(digests[0]!.live);
      expect(d.history).toEqual(digests[0]!.history);
      expect(d.hash).toBe(digests[0]!.hash);
    }
    expect(digests[0]!.live.length).toBeGreaterThan(0);
    // Nothing duplicated: each change set once on the server and once in every TM; every TM
    // waits for nothing.
    const server = await pg.query<{ n: string; u: string }>(`SELECT count(*) AS n, count(DISTINCT uuid) AS u FROM ntm.changes`, [], { user: 'postgres', password: ADMIN_PASSWORD, database: 'desk' });
    expect(server[0]!.n).toBe(server[0]!.u);
    for (const path of dbs) {
      const db = new Database(path, { readonly: true });
      const local = db.prepare(`SELECT count(*) AS n, count(DISTINCT uuid) AS u FROM desk_changes WHERE seq IS NOT NULL`).get() as { n: number; u: number };
      const waiting = db.prepare(`SELECT count(*) FROM desk_changes WHERE state = 'pending'`).pluck().get();
      db.close();
      expect(local).toEqual({ n: Number(server[0]!.n), u: Number(server[0]!.n) });
      expect(waiting).toBe(0);
    }
  });
});
