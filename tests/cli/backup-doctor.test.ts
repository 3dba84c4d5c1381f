// backup, restore-backup and doctor as a user runs them (in-process; the busy writers are real processes).
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { ROOT, snapshotDb, tempDir, expectRefusal } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let db: string;
let cleanup: () => void;
/** The sample TM, imported once; each test works on its own copy. */
let seed: { dir: string; cleanup: () => void };
beforeAll(async () => {
  seed = tempDir();
  expect((await cli(['--db', join(seed.dir, 'tm.sqlite'), 'import', join(ROOT, 'data', 'hasaka-2022.tsv')])).status).toBe(0);
});
afterAll(() => seed.cleanup());
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
  copyFileSync(join(seed.dir, 'tm.sqlite'), db);
});
afterEach(() => cleanup());

const run = (args: string[]) => cli(['--db', db, ...args], { cwd: dir });

describe('backup and restore-backup', () => {
  it('back up, lose work, restore: the backup comes back and the replaced TM is kept', async () => {
    const pairs = JSON.parse((await run(['stats', '--json'])).stdout).pairs as number;
    const b = await run(['backup', 'tm-backup.sqlite', '--json']);
    expect(b.status, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ backup: join(dir, 'tm-backup.sqlite'), pairs });
    expect((await run(['backup', 'tm-backup.sqlite'])).stderr).toMatch(/already exists.*--force/);
    const backedUp = snapshotDb(db);

    expect((await run(['add', 'Een toevoeging na de backup.', 'An addition after the backup.'])).status).toBe(0);
    expect((await run(['delete', '1'])).status).toBe(0);
    const afterwards = snapshotDb(db);

    const r = await run(['restore-backup', 'tm-backup.sqlite']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Restored ${pairs} pairs from ${join(dir, 'tm-backup.sqlite')}`);
    const kept = /kept in (.*\.bak)\./.exec(r.stdout)?.[1];
    expect(kept).toBeDefined();
    // A restore moves the lookup index's generation on (so no process takes its cached lists
    // for the restored ones); everything else is as backed up.
    const generation = /\\"generation\\":\d+/g;
    expect(snapshotDb(db).replace(generation, '')).toBe(backedUp.replace(generation, ''));
    expect(snapshotDb(kept!)).toBe(afterwards);
    expect(JSON.parse((await run(['lookup', 'zelfbenoemde kalifaat', '--json'])).stdout).matches[0].target).toBe('self-proclaimed caliphate');
  });

  it('a backup taken while two writers are busy is whole', async () => {
    const worker = join(ROOT, 'tests', 'helpers', 'add-worker.mjs');
    const writers = [1, 2].map(
      (w) =>
        new Promise<number | null>((done) => {
          const child = spawn(process.execPath, [worker, db, String(w), '40'], { stdio: 'ignore' });
          child.on('close', done);
        }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const b = await run(['backup', 'busy.sqlite', '--json']);
    expect(await Promise.all(writers)).toEqual([0, 0]);
    expect(b.status, b.stderr).toBe(0);
    const copy = new Database(join(dir, 'busy.sqlite'), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const n = (copy.prepare(`SELECT count(*) AS n FROM pairs`).get() as { n: number }).n;
    copy.close();
    expect(n).toBe(JSON.parse(b.stdout).pairs);
    expect(n).toBeGreaterThanOrEqual(73);
    expect(n).toBeLessThanOrEqual(73 + 80);
  });

  it('refuses a file that is not an ntm backup, with the current TM untouched', async () => {
    const before = snapshotDb(db);
    writeFileSync(join(dir, 'notes.sqlite'), 'boodschappen\n'.repeat(100));
    expectRefusal(await run(['restore-backup', 'notes.sqlite']), /notes\.sqlite: .*not a SQLite database/);
    const other = new Database(join(dir, 'other.sqlite'));
    other.exec('CREATE TABLE recipes (name TEXT)');
    other.close();
    expectRefusal(await run(['restore-backup', 'other.sqlite']), /other\.sqlite: is not an ntm translation memory/);
    expectRefusal(await run(['restore-backup', 'missing.sqlite']), /missing\.sqlite: no such file/);
    expectRefusal(await run(['restore-backup', db]), /translation memory itself/);
    expect(snapshotDb(db)).toBe(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });

  it('backup of a missing database says so and writes nothing', async () => {
    expectRefusal(await cli(['--db', join(dir, 'nope.sqlite'), 'backup', join(dir, 'b.sqlite')]), /No translation memory at/);
    expect(readdirSync(dir).filter((f) => f.startsWith('b.sqlite'))).toEqual([]);
  });
});

describe('doctor', () => {
  it('reports a healthy TM with exit 0, and JSON for scripts', async () => {
    const r = await run(['doctor']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ok\s+integrity check/);
    expect(r.stdout).toMatch(/ok\s+duplicates: 0/);
    const j = JSON.parse((await run(['doctor', '--json'])).stdout);
    expect(j).toMatchObject({ ok: true, integrity: { ok: true }, duplicates: 0, schemaVersion: SCHEMA_VERSION });
  });

  it('finds derived data out of step (exit 1, nothing changed) and --repair rebuilds it (exit 0)', async () => {
    const raw = new Database(db);
    raw.prepare(`UPDATE pairs SET source_norm = 'iets anders', source_len = 11 WHERE id IN (1, 2)`).run();
    raw.close();
    const before = snapshotDb(db);
    const r = await run(['doctor']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL normal forms and lengths of sources and targets: 2 out of step/);
    expect(r.stderr).toMatch(/ntm doctor --repair/);
    expect(snapshotDb(db)).toBe(before);
    const fixed = await run(['doctor', '--repair']);
    expect(fixed.status, fixed.stdout + fixed.stderr).toBe(0);
    expect(fixed.stdout).toMatch(/2 of 2 rebuilt/);
    expect((await run(['doctor'])).status).toBe(0);
  });

  it('every new command has --help with examples', async () => {
    for (const cmd of ['backup', 'restore-backup', 'doctor']) {
      const r = await cli([cmd, '--help']);
      expect(r.status, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Examples:/);
    }
  });
});
