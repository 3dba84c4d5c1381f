// Several ntm processes on one translation memory at once: writers wait their turn and
// every write lands; readers are never held up by a writer; a writer that waits too long
// gives up with one clear line.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, ntm, ROOT, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
});
afterEach(() => cleanup());

const WORKER = join(ROOT, 'tests', 'helpers', 'add-worker.mjs');

/** Runs a process to its end without blocking the test's event loop. */
function runAsync(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', NTM_USER: 'tester', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

function count(sql: string): number {
  const raw = new Database(db, { readonly: true });
  try {
    return (raw.prepare(sql).get() as { n: number }).n;
  } finally {
    raw.close();
  }
}

describe('eight writers at once', () => {
  // Each worker process runs 50 separate `ntm add` commands through the CLI entry point:
  // 400 separate opens, write transactions and closes racing for one file.
  async function eightWriters(before: number): Promise<void> {
    const results = await Promise.all(Array.from({ length: 8 }, (_, w) => runAsync([WORKER, db, String(w + 1), '50'])));
    for (const r of results) {
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ failed: 0, errors: [] });
    }
    expect(count(`SELECT count(*) AS n FROM pairs WHERE approved_by LIKE 'writer-%'`)).toBe(400);
    expect(count(`SELECT count(DISTINCT source) AS n FROM pairs`)).toBe(before + 400);
    expect(count(`SELECT count(*) AS n FROM pair_history WHERE action = 'add'`)).toBe(before + 400);
    const raw = new Database(db, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  }

  it('store all 400 pairs in an existing database', async () => {
    expect((await cli(['--db', db, 'add', 'autobom', 'car bomb'])).status).toBe(0);
    await eightWriters(1);
  });

  it('store all 400 pairs when they all create the same new database at once', async () => {
    await eightWriters(0);
  });
});

describe('locks', () => {
  /** Holds the write lock with an uncommitted pair, as an import in progress does. */
  async function holdWriteLock(): Promise<Database.Database> {
    expect((await cli(['--db', db, 'add', 'autobom', 'car bomb'])).status).toBe(0);
    const writer = new Database(db);
    writer.exec('BEGIN IMMEDIATE');
    writer
      .prepare(
        `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status,
                            approved_by, approved_at, changed_by, changed_at)
         VALUES ('segment', 'onaf', 'unfinished', 'onaf', 'unfinished', 4, 10, 'approved', 'x', 'now', 'x', 'now')`,
      )
      .run();
    return writer;
  }

  it('readers are not blocked by a writer, and do not see its uncommitted pairs', async () => {
    const writer = await holdWriteLock();
    try {
      // A 1 ms busy timeout: any wait for the writer would fail these.
      const env = { NTM_BUSY_TIMEOUT: '1' };
      const look = ntm(['--db', db, 'lookup', 'autobom', '--json'], { env });
      expect(look.status, look.stderr).toBe(0);
      expect(JSON.parse(look.stdout).matches[0].target).toBe('car bomb');
      const stats = ntm(['--db', db, 'stats', '--json'], { env });
      expect(stats.status, stats.stderr).toBe(0);
      expect(JSON.parse(stats.stdout).pairs).toBe(1);
      expect(ntm(['--db', db, 'concordance', 'onaf', '--json'], { env }).stdout).toContain('"pairs":[]');
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });

  it('a writer that waits longer than the busy timeout gives up with one line, exit 2, nothing written', async () => {
    const writer = await holdWriteLock();
    try {
      const r = ntm(['--db', db, 'add', 'luchtdekking', 'air cover'], { env: { NTM_BUSY_TIMEOUT: '200' } });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/database is busy.*try again/);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    expect(count(`SELECT count(*) AS n FROM pairs`)).toBe(1);
  });

  it('a writer waits for the lock to be released and then succeeds', async () => {
    const writer = await holdWriteLock();
    const pending = runAsync([BIN, '--db', db, 'add', 'luchtdekking', 'air cover']);
    await new Promise((r) => setTimeout(r, 400));
    writer.exec('COMMIT');
    writer.close();
    const r = await pending;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Added pair #3/);
    expect(count(`SELECT count(*) AS n FROM pairs`)).toBe(3);
  });
});
