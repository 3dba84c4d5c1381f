// A laptop dying mid-import, simulated: `ntm import` killed with SIGKILL at 20 moments.
// Every time, the database must pass SQLite's integrity check and hold either none or all
// of that import's pairs, and everything stored before must still be there.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
});
afterEach(() => cleanup());

const PAIRS = 3_000;
const KILLS = 20;

/** A small seeded generator (mulberry32): the same kill moments on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function importFile(i: number): string {
  const file = join(dir, `import-${i}.tsv`);
  let text = '';
  for (let n = 0; n < PAIRS; n++) text += `Zin ${n} van import ${i} over de gevangenis.\tSentence ${n} of import ${i} about the prison.\n`;
  writeFileSync(file, text);
  return file;
}

/** Starts an import; kills it after `ms` (if it is still running). Resolves with how it ended. */
function importKilledAfter(file: string, ref: string, ms: number | null): Promise<{ signal: NodeJS.Signals | null; status: number | null; took: number }> {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, '--db', db, 'import', file, '--ref', ref], {
      env: { PATH: process.env.PATH ?? '', NTM_USER: 'tester' },
      stdio: 'ignore',
    });
    const timer = ms === null ? null : setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (status, signal) => {
      if (timer) clearTimeout(timer);
      done({ signal, status, took: Date.now() - started });
    });
  });
}

function inspect(ref: string): { integrity: unknown; imported: number; before: number } {
  const raw = new Database(db);
  try {
    return {
      integrity: raw.pragma('integrity_check', { simple: true }),
      imported: (raw.prepare(`SELECT count(*) AS n FROM pairs WHERE ref = ?`).get(ref) as { n: number }).n,
      before: (raw.prepare(`SELECT count(*) AS n FROM pairs WHERE ref = 'earlier'`).get() as { n: number }).n,
    };
  } finally {
    raw.close();
  }
}

it(`an import killed at ${KILLS} random moments leaves none or all of its pairs, and a whole database`, async () => {
  expect((await cli(['--db', db, 'add', 'autobom', 'car bomb', '--ref', 'earlier'])).status).toBe(0);
  expect((await cli(['--db', db, 'add', 'luchtdekking', 'air cover', '--ref', 'earlier'])).status).toBe(0);

  // How long a whole import takes here, so that the kills land across its whole run.
  const full = await importKilledAfter(importFile(0), 'calibration', null);
  expect(full.status).toBe(0);
  expect(inspect('calibration').imported).toBe(PAIRS);

  const random = seeded(20240611);
  const outcomes = { none: 0, all: 0, killed: 0 };
  // The moments are fractions of how long an import takes now; an import that finishes
  // before its kill tells us that duration again (the machine may be busier or idler).
  let estimate = full.took;
  for (let i = 1; i <= KILLS; i++) {
    const ms = Math.round(estimate * (0.1 + random() * 0.95));
    const ref = `kill-${i}`;
    const r = await importKilledAfter(importFile(i), ref, ms);
    if (r.signal === 'SIGKILL') outcomes.killed++;
    else estimate = r.took;
    const after = inspect(ref);
    expect(after.integrity, `kill ${i} after ${ms} ms`).toBe('ok');
    expect([0, PAIRS], `kill ${i} after ${ms} ms`).toContain(after.imported);
    expect(after.before).toBe(2);
    if (after.imported === 0) outcomes.none++;
    else outcomes.all++;
  }
  console.log(
    `crash test: a whole import took ${full.took} ms; ${outcomes.killed} of ${KILLS} imports were killed; ` +
      `${outcomes.none} left none of their pairs, ${outcomes.all} all of them`,
  );
  // Kills must land while the import runs, or the test proves little.
  expect(outcomes.killed).toBeGreaterThanOrEqual(KILLS / 2);
  expect(outcomes.none).toBeGreaterThan(0);
}, 120_000);

// A first import into an empty TM (the file created by the import itself): the same guarantee
// must hold, and the TM stays in WAL mode (readers go on during any import).
it('a first import into an empty TM, killed at random moments, leaves none or all of its pairs', async () => {
  const fresh = (i: number): string => join(dir, `fresh-${i}.sqlite`);
  db = fresh(0);
  const full = await importKilledAfter(importFile(0), 'calibration', null);
  expect(full.status).toBe(0);
  const raw = new Database(db, { readonly: true });
  expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
  raw.close();

  const random = seeded(20261125);
  const outcomes = { none: 0, all: 0, killed: 0 };
  let estimate = full.took;
  const kills = 8;
  for (let i = 1; i <= kills; i++) {
    db = fresh(i);
    const ms = Math.round(estimate * (0.3 + random() * 0.75));
    const r = await importKilledAfter(importFile(i), `kill-${i}`, ms);
    if (r.signal === 'SIGKILL') outcomes.killed++;
    else estimate = r.took;
    // Killed before it created the file: nothing to check.
    if (!existsSync(db)) {
      outcomes.none++;
      continue;
    }
    // The import itself runs in WAL mode; a rollback journal can only be left by a kill in the
    // moment the new file was being set up, before any pair was written.
    const journal = existsSync(`${db}-journal`);
    // ntm opens it again (rolling back what a journal holds) and counts its pairs.
    const stats = await cli(['--db', db, 'stats', '--json']);
    expect(stats.status, `kill ${i} after ${ms} ms: ${stats.stderr}`).toBe(0);
    const pairs = (JSON.parse(stats.stdout) as { pairs: number }).pairs;
    expect([0, PAIRS], `kill ${i} after ${ms} ms`).toContain(pairs);
    if (journal) expect(pairs, `kill ${i} after ${ms} ms left a rollback journal`).toBe(0);
    const after = new Database(db);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    after.close();
    if (pairs === 0) outcomes.none++;
    else outcomes.all++;
  }
  console.log(`crash test (empty TM): ${outcomes.killed} of ${kills} killed; ` + `${outcomes.none} none, ${outcomes.all} all`);
  expect(outcomes.killed).toBeGreaterThanOrEqual(kills / 2);
  expect(outcomes.none).toBeGreaterThan(0);
}, 120_000);
