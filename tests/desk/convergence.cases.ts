// Convergence: four local TMs (three editors, one translator), random adds, edits, deletes,
// reviews and undos from each, syncing in parallel processes, while every ntm connection is
// cut (pg_terminate_backend), one editor's process is killed (SIGKILL) mid-work and the
// server restarts. After a final sync round every TM holds the same live pairs and the same
// history (compared as a digest), and nothing is duplicated. When they differ, the failure
// shows how: which pairs and change sets one TM has and another lacks.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { asAdmin, cluster, difference, digest, newDesk, query, shared } from '../helpers/desk.js';
import { cli } from '../helpers/run.js';

const WORKER = join(ROOT, 'tests', 'helpers', 'desk-worker.mjs');
const PEOPLE = [
  { name: 'ann', role: 'desk' },
  { name: 'bas', role: 'desk' },
  { name: 'cor', role: 'desk' },
  { name: 'dirk', role: 'translator' },
] as const;
const STEPS = 12;
/** The workers' seeds start here; NTM_CONVERGENCE_SEED tries other workloads (a failure names its seed). */
const SEED = Number(process.env.NTM_CONVERGENCE_SEED ?? 1000);

export function convergenceCases(): void {
  describe('convergence', () => {
    it('four TMs syncing in parallel through cut connections, a killed process and a server restart end identical', async () => {
      const room = await newDesk('converge');
      for (const p of PEOPLE) await cluster().createLogin(p.name, `${p.name}-pw`, p.role === 'desk' ? 'ntm_desk' : 'ntm_translator');
      const dbs = PEOPLE.map((p) => join(shared.dir, `${room}-${p.name}.sqlite`));
      for (const [i, p] of PEOPLE.entries()) {
        const r = await cli(['--db', dbs[i]!, 'desk', 'join', cluster().url(p.name, room)], { env: { PGPASSWORD: `${p.name}-pw` } });
        expect(r.status, r.stderr).toBe(0);
      }
      const envOf = (i: number) => ({
        PATH: process.env.PATH ?? '',
        HOME: shared.dir,
        PGPASSWORD: `${PEOPLE[i]!.name}-pw`,
        NTM_USER: PEOPLE[i]!.name,
        NTM_SYNC_TIMEOUT: '1500',
      });
      let steps = 0;
      const faults: string[] = [];
      const stderr: string[] = [];
      const start = (i: number, seed: number, count: number): { child: ChildProcess; done: Promise<number | null> } => {
        const child = spawn(process.execPath, [WORKER, dbs[i]!, String(seed), String(count), PEOPLE[i]!.role], {
          env: envOf(i),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout!.on('data', (b: Buffer) => {
          for (const line of b.toString().split('\n')) {
            if (line.startsWith('step ')) steps++;
            if (line.startsWith('fault: ')) faults.push(`${PEOPLE[i]!.name}: ${line}`);
          }
        });
        child.stderr!.on('data', (b: Buffer) => stderr.push(`${PEOPLE[i]!.name}: ${b.toString()}`));
        return { child, done: new Promise((r) => child.once('exit', (code) => r(code))) };
      };
      const until = async (cond: () => boolean): Promise<void> => {
        for (let t = 0; t < 600 && !cond(); t++) await new Promise((r) => setTimeout(r, 50));
      };

      const workers = PEOPLE.map((_, i) => start(i, SEED + i * 7919, STEPS));
      // In the middle of the work: cut every ntm connection, kill one editor, restart the server.
      await until(() => steps >= 10);
      await cluster().query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ntm' AND pid <> pg_backend_pid()`);
      await until(() => steps >= 18);
      workers[0]!.child.kill('SIGKILL');
      await workers[0]!.done;
      await cluster().restart();
      const again = start(0, SEED + 4242, 6);
      const codes = await Promise.all([again.done, ...workers.slice(1).map((w) => w.done)]);
      expect(codes, stderr.join('')).toEqual([0, 0, 0, 0]);
      expect(faults, `seed ${SEED}:\n${faults.join('\n')}`).toEqual([]);

      // A final round: each TM pushes what waits, then each pulls everything.
      for (let round = 0; round < 2; round++) {
        for (const [i, p] of PEOPLE.entries()) {
          const r = await cli(['--db', dbs[i]!, 'sync', '--json'], { env: { PGPASSWORD: `${p.name}-pw`, NTM_USER: p.name } });
          expect(r.status, r.stderr).toBe(0);
        }
      }
      const digests = dbs.map(digest);
      const names = PEOPLE.map((p) => p.name);
      for (const d of digests.slice(1)) expect(d.hash, `seed ${SEED}:\n${difference(names, digests)}`).toBe(digests[0]!.hash);
      expect(digests[0]!.live.length).toBeGreaterThan(0);
      // Nothing duplicated: each change set once on the server and once in every TM; no TM waits.
      const server = await asAdmin<{ n: string; u: string }>(room, `SELECT count(*) AS n, count(DISTINCT uuid) AS u FROM ntm.changes`);
      expect(server[0]!.n).toBe(server[0]!.u);
      for (const path of dbs) {
        const [local] = query<{ n: number; u: number }>(
          path,
          `SELECT count(*) AS n, count(DISTINCT c.uuid) AS u FROM desk_changes d JOIN change_sets c ON c.id = d.change_id WHERE d.seq IS NOT NULL`,
        );
        expect(local).toEqual({ n: Number(server[0]!.n), u: Number(server[0]!.n) });
        expect(query(path, `SELECT c.id FROM change_sets c, desk k WHERE c.id > k.change_floor AND c.id NOT IN (SELECT change_id FROM desk_changes)`)).toEqual(
          [],
        );
      }
    });
  });
}
