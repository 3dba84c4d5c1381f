// Hostile conditions only a real process meets: a database the user may not write to, and a
// disk that fills up during an import. Each must be refused with one line on stderr, exit 2,
// and the database unchanged. (Hostile files: tests/cli/hostile.test.ts.)
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, snapshotDb, tempDir, type RunResult, expectRefusal } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let db: string;
let cleanup: () => void;
/** A small translation memory made once; each test works on its own copy. */
let seed: { dir: string; cleanup: () => void };
beforeAll(async () => {
  seed = tempDir();
  const file = join(seed.dir, 'tm.sqlite');
  expect((await cli(['--db', file, 'add', 'autobom', 'car bomb', '--term'])).status).toBe(0);
  expect((await cli(['--db', file, 'add', 'De gevangenis werd bestormd.', 'The prison was stormed.'])).status).toBe(0);
});

/** The issue's bound; the real times are printed at the end. */
const SANITY_MS = 5000;
const times: { name: string; ms: number }[] = [];
afterAll(() => {
  seed.cleanup();
  console.log(`hostile conditions: ${times.map((t) => `${t.name} ${t.ms} ms`).join(', ')}`);
});

function timed(name: string, run: () => RunResult): RunResult {
  const started = Date.now();
  const r = run();
  const ms = Date.now() - started;
  times.push({ name, ms });
  expect(ms, `${name} took ${ms} ms`).toBeLessThan(SANITY_MS);
  return r;
}
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
  copyFileSync(join(seed.dir, 'tm.sqlite'), db);
});
afterEach(() => cleanup());

describe('the operating system says no', () => {
  it('a read-only database: writes are refused, the file stays as it was', () => {
    // As root, file permissions stop nothing; then the commands run in a new user namespace
    // with no user mapped, where root keeps its files (so a checkout in a private folder still
    // runs) but loses the power to override their permissions. Otherwise chmod is enough.
    const asRoot = process.getuid?.() === 0;
    const share = join(dir, 'share');
    mkdirSync(share);
    const ro = join(share, 'tm.sqlite');
    copyFileSync(db, ro);
    chmodSync(ro, 0o444);
    chmodSync(share, 0o555);
    chmodSync(dir, 0o755);
    const before = snapshotDb(ro);
    const run = (args: string[]): RunResult => {
      const argv = [process.execPath, BIN, '--db', ro, ...args];
      const r = spawnSync(asRoot ? 'unshare' : argv[0]!, asRoot ? ['--user', ...argv] : argv.slice(1), {
        env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), NTM_USER: 'tester' },
        cwd: ROOT,
        encoding: 'utf8',
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    try {
      expectRefusal(
        timed('read-only add', () => run(['add', 'luchtdekking', 'air cover'])),
        /read-only/,
      );
      expectRefusal(
        timed('read-only import', () => run(['import', join(ROOT, 'data', 'hasaka-2022.tsv')])),
        /read-only/,
      );
      expect(snapshotDb(ro)).toBe(before);
    } finally {
      chmodSync(share, 0o755);
    }
  });

  it('a full disk: the import is refused as "disk is full" and nothing is written', () => {
    // A real ENOSPC: the database is copied onto a 256 KB tmpfs mounted in a private user
    // and mount namespace (no privileges needed), and the import runs there.
    const mnt = join(dir, 'mnt');
    const out = join(dir, 'out');
    mkdirSync(mnt);
    mkdirSync(out);
    const big = join(dir, 'big.tsv');
    let text = '';
    for (let i = 0; i < 20_000; i++) text += `Zin ${i} over de gevangenis in Hasaka.\tSentence ${i} about the prison in Hasaka.\n`;
    writeFileSync(big, text);
    const script = [
      'set -e',
      'mount -t tmpfs -o size=256k ntm-full "$MNT"',
      'cp "$DB" "$MNT/tm.sqlite"',
      'set +e',
      '"$NODE" "$BIN" --db "$MNT/tm.sqlite" import "$FILE" > "$OUT/stdout" 2> "$OUT/stderr"',
      'echo $? > "$OUT/status"',
      'cp "$MNT/tm.sqlite" "$OUT/tm.sqlite"',
      'ls -a "$MNT" > "$OUT/files"',
    ].join('\n');
    const before = snapshotDb(db);
    const started = Date.now();
    const r = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script], {
      env: { PATH: process.env.PATH ?? '', MNT: mnt, DB: db, NODE: process.execPath, BIN, FILE: big, OUT: out, NTM_USER: 'tester', HOME: tmpdir() },
      encoding: 'utf8',
    });
    // Recorded, not bounded: this time includes setting up the namespace and the disk.
    times.push({ name: 'full disk (with mount and copies)', ms: Date.now() - started });
    expect(r.status, `unshare could not set up the tiny disk: ${r.stderr}`).toBe(0);
    const result: RunResult = {
      status: Number(readFileSync(join(out, 'status'), 'utf8')),
      stdout: readFileSync(join(out, 'stdout'), 'utf8'),
      stderr: readFileSync(join(out, 'stderr'), 'utf8'),
    };
    expectRefusal(result, /disk is full/);
    expect(snapshotDb(join(out, 'tm.sqlite'))).toBe(before);
    // The rolled-back transaction left no -wal or -shm behind on the full disk.
    expect(
      readFileSync(join(out, 'files'), 'utf8')
        .split('\n')
        .filter((f) => f.startsWith('tm.sqlite')),
    ).toEqual(['tm.sqlite']);
    expect(existsSync(join(mnt, 'tm.sqlite'))).toBe(false);
  });
});
