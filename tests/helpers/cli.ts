// Helpers for end-to-end tests: a temp folder per test, and bin/ntm.js run as a real process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'ntm.js');

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs ntm with a clean environment (no user database, no colour unless asked). */
export function ntm(args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string } = {}): RunResult {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: opts.env?.HOME ?? join(tmpdir(), 'ntm-test-home-does-not-exist'),
    NTM_USER: 'tester',
    NTM_TEST_NO_FSYNC: '1',
    ...opts.env,
  };
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '',
    env,
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temp folder; `cleanup` removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ntm-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Everything a user could lose, as one comparable value: rows of every table and the schema version. */
export function snapshotDb(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[];
    const out: Record<string, unknown> = { user_version: db.pragma('user_version', { simple: true }) };
    for (const { name } of tables) {
      out[name] = db
        .prepare(`SELECT * FROM "${name}"`)
        .all()
        .map((row) => JSON.stringify(row))
        .sort();
    }
    return JSON.stringify(out);
  } finally {
    db.close();
  }
}

/** How every refusal must look: exit 2, nothing on stdout, one "ntm: …" line on stderr. */
export function expectRefusal(r: RunResult, pattern: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^ntm: /);
  expect(r.stderr).toMatch(pattern);
}
