// restore-backup against other processes: a writer holding the lock, adds racing the restore,
// a long-running lookup whose cache must not outlive the restore, a cut-off backup file.
// Real processes on real files; NTM_TEST_STEPS / NTM_TEST_PAUSE (ctx.step) hold a command at
// a known moment instead of relying on a large TM to make a window wide.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ntm, ROOT, snapshotDb, tempDir } from '../helpers/cli.js';
import { runAsync, sleep, start } from '../helpers/proc.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
/** 3,000 pairs: the 2,000 of the first batch (as in the backup) and 1,000 of a second. */
let base: string;
/** A backup holding the first batch only. */
let bk: string;
const FIRST = 2000;
const SECOND = 1000;

const first = (i: number): [string, string] => [`Zin ${i} uit de eerste reeks over de gevangenis.`, `Sentence ${i} from the first batch about the prison.`];
const second = (i: number): [string, string] => [`Zin ${i} uit de tweede reeks over het kalifaat.`, `Sentence ${i} from the second batch about the caliphate.`];

function tsv(name: string, rows: [string, string][]): string {
  const file = join(dir, name);
  writeFileSync(file, rows.map(([nl, en]) => `${nl}\t${en}\n`).join(''));
  return file;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  base = join(dir, 'base.sqlite');
  bk = join(dir, 'bk.sqlite');
  const a = tsv(
    'a.tsv',
    Array.from({ length: FIRST }, (_, i) => first(i)),
  );
  const b = tsv(
    'b.tsv',
    Array.from({ length: SECOND }, (_, i) => second(i)),
  );
  expect((await cli(['--db', base, 'import', a])).status).toBe(0);
  expect((await cli(['--db', base, 'backup', bk])).status).toBe(0);
  expect((await cli(['--db', base, 'import', b])).status).toBe(0);
});
afterAll(() => cleanup());

/** A copy of the 3,000-pair TM in a folder of its own. */
function fresh(name: string): string {
  mkdirSync(join(dir, name));
  const db = join(dir, name, 'tm.sqlite');
  copyFileSync(base, db);
  return db;
}

function query<T>(db: string, sql: string, ...params: unknown[]): T {
  const raw = new Database(db, { readonly: true });
  try {
    return raw
      .prepare(sql)
      .pluck()
      .get(...params) as T;
  } finally {
    raw.close();
  }
}

const livePairs = (db: string): number => query<number>(db, `SELECT count(*) FROM pairs WHERE deleted_at IS NULL`);
const holds = (db: string, nl: string): boolean => query<number>(db, `SELECT count(*) FROM pairs WHERE source = ? AND deleted_at IS NULL`, nl) === 1;
/** Files in the TM's folder that restore-backup leaves beside it (kept copies, leftovers). */
const besides = (db: string): string[] => readdirSync(join(db, '..')).filter((f) => !/^tm\.sqlite(-wal|-shm)?$/.test(f));
/** The kept copy restore-backup names in its output. */
const keptIn = (stdout: string): string => /kept in (.+\.bak)\.$/m.exec(stdout)?.[1] ?? '';

describe('restore-backup and the write lock (#14 items 1 and 2)', () => {
  it('waits while another process holds the write lock, then restores', async () => {
    const db = fresh('wait');
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    const restore = start(['--db', db, 'restore-backup', bk], { env: { NTM_BUSY_TIMEOUT: '20000' } });
    await sleep(600);
    holder.exec('ROLLBACK');
    holder.close();
    const r = await restore.done;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Restored ${FIRST} pairs`);
    expect(livePairs(db)).toBe(FIRST);
    expect(holds(db, second(0)[0])).toBe(false);
    const kept = keptIn(r.stdout);
    expect(livePairs(kept)).toBe(FIRST + SECOND);
  });

  it('gives up after the busy timeout with exit 2, the TM untouched and no copy left behind', async () => {
    const db = fresh('busy');
    const before = snapshotDb(db);
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    const r = await runAsync(['--db', db, 'restore-backup', bk], { env: { NTM_BUSY_TIMEOUT: '300' } });
    holder.exec('ROLLBACK');
    holder.close();
    expect(r.status, r.stdout).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ntm: .*busy/);
    expect(snapshotDb(db)).toBe(before);
    expect(besides(db)).toEqual([]);
  });

  it('an add that reports success while the restore runs ends up in the TM or in the kept copy', async () => {
    const db = fresh('adds');
    const restore = start(['--db', db, 'restore-backup', bk], {
      env: { NTM_TEST_STEPS: '1', NTM_TEST_PAUSE: 'restore:kept=1000' },
    });
    // The kept copy is written; the restore has not replaced the TM yet.
    await restore.waitFor(/ntm-step: restore:kept/);
    const quick = ['Snel toegevoegd tijdens het terugzetten.', 'Added quickly during the restore.'];
    const patient = ['Geduldig toegevoegd tijdens het terugzetten.', 'Added patiently during the restore.'];
    const quickAdd = runAsync(['--db', db, 'add', ...quick], { env: { NTM_BUSY_TIMEOUT: '200' } });
    const patientAdd = runAsync(['--db', db, 'add', ...patient], { env: { NTM_BUSY_TIMEOUT: '20000' } });
    const [r, q, p] = await Promise.all([restore.done, quickAdd, patientAdd]);
    expect(r.status, r.stderr).toBe(0);
    const kept = keptIn(r.stdout);
    expect(existsSync(kept)).toBe(true);
    // The quick add either waited out its 200 ms and was refused, or it is somewhere.
    if (q.status === 0) expect(holds(db, quick[0]!) || holds(kept, quick[0]!), 'an add that exited 0 was lost').toBe(true);
    else expect(q.stderr).toMatch(/busy/);
    // The patient one waited for the restore and went into the restored TM.
    expect(p.status, p.stderr).toBe(0);
    expect(holds(db, patient[0]!)).toBe(true);
    expect(livePairs(db)).toBe(FIRST + 1 + (q.status === 0 && holds(db, quick[0]!) ? 1 : 0));
  });
});

describe('a long-running lookup across a restore (#14 item 3)', () => {
  it('finds a sentence imported after the restore, as a fresh process does', async () => {
    const db = fresh('cache');
    const generation = (): number => query<number>(db, `SELECT generation FROM match_state`);
    const look = start(['--db', db, 'lookup', '-', '--json']);
    let seen = 0;
    const ask = async (q: string): Promise<{ score: number; target: string }[]> => {
      look.child.stdin!.write(`${q}\n`);
      for (let waited = 0; ; waited += 10) {
        const lines = (await new Promise<string[]>((r) => setImmediate(() => r(stdoutLines())))).slice(seen);
        if (lines.length > 0) {
          seen++;
          return (JSON.parse(lines[0]!) as { matches: { score: number; target: string }[] }).matches;
        }
        if (waited > 20_000) throw new Error('lookup - did not answer');
        await sleep(10);
      }
    };
    let out = '';
    look.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const stdoutLines = (): string[] => out.split('\n').filter(Boolean);

    const [nl, en] = second(5);
    expect((await ask(nl))[0]).toMatchObject({ score: 100, target: en });
    const cached = generation();

    expect((await cli(['--db', db, 'restore-backup', bk])).status).toBe(0);
    // The same Dutch with new English, imported into the restored TM after other pairs, so
    // that its id is one the lists cached before the restore never held; then more imports
    // until the index has changed as often as it had when the lookup cached its lists.
    const renewed = 'Sentence five of the second batch, on the caliphate.';
    const fillers = Array.from({ length: SECOND }, (_, i): [string, string] => [`Vulzin ${i} voor de index.`, `Filler ${i} for the index.`]);
    expect((await cli(['--db', db, 'import', tsv('c.tsv', [...fillers, [nl, renewed]])])).status).toBe(0);
    for (let i = 0; generation() < cached; i++) {
      expect((await cli(['--db', db, 'import', tsv(`filler-${i}.tsv`, [[`Vulzin ${i} voor de index.`, `Filler ${i} for the index.`]])])).status).toBe(0);
    }
    // A new process: no lists cached from before the restore.
    const fresh100 = ntm(['--db', db, 'lookup', nl, '--json']);
    expect(JSON.parse(fresh100.stdout).matches[0]).toMatchObject({ score: 100, target: renewed });
    expect((await ask(nl))[0]).toMatchObject({ score: 100, target: renewed });
    look.child.stdin!.end();
    expect((await look.done).status).toBe(0);
  });
});

describe('a backup cut off while it was written (#14 item 11)', () => {
  it('is refused as damaged, not as "read-only"', async () => {
    const sub = join(dir, 'cut');
    mkdirSync(sub);
    const cut = join(sub, 'cut.sqlite');
    copyFileSync(bk, cut);
    // A writer killed halfway through a rollback-journal transaction: the file holds some of
    // its pages and a -journal lies beside it, as a copy killed mid-write leaves it.
    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(${JSON.stringify(cut)});
      db.pragma('journal_mode = DELETE');
      db.pragma('cache_size = 1');
      db.exec('BEGIN');
      db.exec("UPDATE pairs SET note = 'half written'");
      process.kill(process.pid, 'SIGKILL');`;
    spawnSync(process.execPath, ['-e', script], { cwd: ROOT });
    expect(existsSync(`${cut}-journal`)).toBe(true);
    truncateSync(cut, Math.floor(statSync(cut).size / 2));
    const db = fresh('cut-target');
    const before = snapshotDb(db);
    const r = await cli(['--db', db, 'restore-backup', cut]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/damaged/);
    expect(r.stderr).not.toMatch(/read-only/);
    expect(snapshotDb(db)).toBe(before);
    expect(besides(db)).toEqual([]);
  });
});

describe('restore-backup while 4 processes add and 2 look up (#14 Done when)', () => {
  it('every add that exited 0 is in the TM or in the kept copy, and no lookup fails', async () => {
    const db = fresh('crowd');
    const stop = join(dir, 'crowd', 'stop');
    const helpers = join(ROOT, 'tests', 'helpers');
    const readers = [first(7)[0], second(7)[0]].map((q) => start([db, stop, q], { script: join(helpers, 'lookup-worker.mjs') }));
    const writers = Array.from({ length: 4 }, (_, w) => start([db, String(w + 1), '25'], { script: join(helpers, 'add-worker.mjs') }));
    // The restore starts once the writers are adding.
    const written = (): number => query<number>(db, `SELECT count(*) FROM pairs WHERE approved_by LIKE 'writer-%'`);
    for (let t = 0; written() < 8 && t < 2000; t++) await sleep(10);
    const restore = await runAsync(['--db', db, 'restore-backup', bk]);
    const adds = (await Promise.all(writers.map((w) => w.done))).map((r) => JSON.parse(r.stdout) as { worker: string; ok: number[]; errors: string[] });
    writeFileSync(stop, '');
    const looks = (await Promise.all(readers.map((r) => r.done))).map((r) => JSON.parse(r.stdout) as { runs: number; failures: unknown[] });

    expect(restore.status, restore.stderr).toBe(0);
    const kept = keptIn(restore.stdout);
    let lost = 0;
    let succeeded = 0;
    for (const { worker, ok } of adds) {
      for (const i of ok) {
        succeeded++;
        const nl = `Zin ${i} van schrijver ${worker}.`;
        if (!holds(db, nl) && !holds(kept, nl)) lost++;
      }
    }
    expect(lost, `${lost} of ${succeeded} adds that exited 0 are in neither the TM nor ${kept}`).toBe(0);
    expect(succeeded).toBeGreaterThan(0);
    // The restored TM holds the backup's pairs, not the second batch.
    expect(holds(db, first(1999)[0])).toBe(true);
    expect(holds(db, second(0)[0])).toBe(false);
    for (const l of looks) {
      expect(l.failures).toEqual([]);
      expect(l.runs).toBeGreaterThan(0);
    }
    const raw = new Database(db, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  });
});
