// Hostile and broken input through the real CLI: every file in tests/fixtures/hostile/, and
// the cases too big or too environmental to commit (a 10 MB line, a read-only database, a
// full disk). Each must be refused with one line on stderr, exit 2, and the database
// unchanged, well within 5 seconds.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, ntm, ROOT, snapshotDb, tempDir, type RunResult, expectRefusal } from '../helpers/cli.js';

const HOSTILE = join(ROOT, 'tests', 'fixtures', 'hostile');
/** The bound; the real times are printed at the end. */
const SANITY_MS = 5000;

let dir: string;
let db: string;
let cleanup: () => void;
/** A small translation memory made once; each test works on its own copy. */
let seed: { dir: string; cleanup: () => void };
beforeAll(() => {
  seed = tempDir();
  const file = join(seed.dir, 'tm.sqlite');
  expect(ntm(['--db', file, 'add', 'autobom', 'car bomb', '--term']).status).toBe(0);
  expect(ntm(['--db', file, 'add', 'De gevangenis werd bestormd.', 'The prison was stormed.']).status).toBe(0);
});
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
  copyFileSync(join(seed.dir, 'tm.sqlite'), db);
});
afterEach(() => cleanup());

const times: { name: string; ms: number }[] = [];
afterAll(() => {
  seed.cleanup();
  const slowest = times.reduce((a, b) => (b.ms > a.ms ? b : a), { name: '-', ms: 0 });
  console.log(`hostile input: ${times.length} refusals, slowest ${slowest.ms} ms (${slowest.name})`);
});

function timed(name: string, run: () => RunResult): RunResult {
  const started = Date.now();
  const r = run();
  const ms = Date.now() - started;
  times.push({ name, ms });
  expect(ms, `${name} took ${ms} ms`).toBeLessThan(SANITY_MS);
  return r;
}


// XML files are refused by the XML readers (saxes): a cut-off file as not well-formed, with
// the line and what is unclosed; a file using an entity its DOCTYPE declares (XXE, billion
// laughs) because ntm never expands entity definitions nor fetches external ones. The
// database being unchanged shows nothing of them was stored.
const NOT_EXPANDED = 'uses an entity that is not one of the five XML predefines; ntm never expands DOCTYPE entity definitions nor fetches external ones';
const IMPORTS: Record<string, RegExp> = {
  'empty.tsv': /empty\.tsv: is empty/,
  'blank-lines.tsv': /blank-lines\.tsv: is empty/,
  'bom-only.tsv': /bom-only\.tsv: is empty/,
  'binary.tsv': /binary\.tsv:1: (is not valid UTF-8|contains NUL bytes)/,
  'gzip.tsv': /gzip\.tsv:1: (is not valid UTF-8|contains NUL bytes)/,
  'nul-bytes.tsv': /nul-bytes\.tsv:2: contains NUL bytes/,
  'invalid-utf8.tsv': /invalid-utf8\.tsv:2: is not valid UTF-8/,
  'latin1.tsv': /latin1\.tsv:1: is not valid UTF-8/,
  'utf16.tsv': /utf16\.tsv:1: is UTF-16 text/,
  'wrong-columns.tsv': /wrong-columns\.tsv:2: expected 2 columns .* found 4/,
  'one-column.tsv': /one-column\.tsv:1: expected 2 columns/,
  'header-mismatch.tsv': /header-mismatch\.tsv:2: expected 3 columns as in the header/,
  'unclosed-quote.csv': /unclosed-quote\.csv:\d+: a quoted field is never closed/,
  'truncated.tmx': /truncated\.tmx:3: is not well-formed XML \(unclosed tag: seg, column \d+\)/,
  'truncated.xlf': /truncated\.xlf:3: is not well-formed XML \(unclosed tag: target, column \d+\)/,
  'truncated.tbx': /truncated\.tbx:3: is not well-formed XML \(unclosed tag: term, column \d+\)/,
  'xxe.tmx': new RegExp(`xxe\\.tmx:4: ${NOT_EXPANDED}`),
  'xxe.xlf': new RegExp(`xxe\\.xlf:4: ${NOT_EXPANDED}`),
  'billion-laughs.tmx': new RegExp(`billion-laughs\\.tmx:15: ${NOT_EXPANDED}`),
  'billion-laughs.tbx': new RegExp(`billion-laughs\\.tbx:14: ${NOT_EXPANDED}`),
};
/** XML files that are also drafts: check and approve read them with the same readers. */
const XML_DRAFTS = ['truncated.tmx', 'truncated.xlf', 'xxe.tmx', 'xxe.xlf', 'billion-laughs.tmx'];
/** Files that are handed to ntm as the database itself. */
const DATABASES: Record<string, RegExp> = {
  'not-sqlite.sqlite': /not a SQLite database/,
  'not-sqlite-tmx.sqlite': /not a SQLite database/,
};

describe('tests/fixtures/hostile/', () => {
  it('has an expectation for every file in it (and a README)', () => {
    const files = readdirSync(HOSTILE).filter((f) => f !== 'README.md');
    expect(files.sort()).toEqual([...Object.keys(IMPORTS), ...Object.keys(DATABASES)].sort());
    const readme = readFileSync(join(HOSTILE, 'README.md'), 'utf8');
    for (const f of files) expect(readme, `README.md describes ${f}`).toContain(f);
  });

  for (const [file, message] of Object.entries(IMPORTS)) {
    it(`import ${file} is refused`, () => {
      const before = snapshotDb(db);
      expectRefusal(timed(file, () => ntm(['--db', db, 'import', join(HOSTILE, file)])), message);
      expect(snapshotDb(db)).toBe(before);
    });
  }

  it('the XML ones given as drafts are refused the same way by approve and check', () => {
    const before = snapshotDb(db);
    for (const file of XML_DRAFTS) {
      expectRefusal(timed(`approve ${file}`, () => ntm(['--db', db, 'approve', join(HOSTILE, file)])), IMPORTS[file]!);
    }
    for (const file of ['truncated.xlf', 'xxe.xlf']) {
      expectRefusal(timed(`check ${file}`, () => ntm(['--db', db, 'check', join(HOSTILE, file)])), IMPORTS[file]!);
    }
    expect(snapshotDb(db)).toBe(before);
  });

  it('a refused import into a new database leaves no file behind', () => {
    const fresh = join(dir, 'new.sqlite');
    for (const file of ['empty.tsv', 'nul-bytes.tsv', 'truncated.tmx']) {
      expectRefusal(ntm(['--db', fresh, 'import', join(HOSTILE, file)]), IMPORTS[file]!);
      expect(readdirSync(dir).filter((f) => f.startsWith('new.sqlite'))).toEqual([]);
    }
  });

  for (const [file, message] of Object.entries(DATABASES)) {
    it(`${file} as the database is refused by reading and writing commands, and left as it was`, () => {
      const copy = join(dir, file);
      copyFileSync(join(HOSTILE, file), copy);
      const bytes = readFileSync(copy);
      for (const args of [['lookup', 'autobom'], ['import', join(ROOT, 'data', 'hasaka-2022.tsv')]]) {
        expectRefusal(timed(`${file} ${args[0]}`, () => ntm(['--db', copy, ...args])), message);
      }
      expect(readFileSync(copy).equals(bytes)).toBe(true);
      expect(readdirSync(dir).filter((f) => f.startsWith(file) && f !== file)).toEqual([]);
    });
  }
});

describe('generated at test time', () => {
  it('a 10 MB single line, with and without a tab in it', () => {
    const before = snapshotDb(db);
    const plain = join(dir, 'one-line.tsv');
    writeFileSync(plain, 'a'.repeat(10 * 1024 * 1024));
    expectRefusal(timed('10 MB line', () => ntm(['--db', db, 'import', plain])), /one-line\.tsv:1: a line is longer than 100000 characters/);
    const tabbed = join(dir, 'one-pair.tsv');
    writeFileSync(tabbed, 'nl '.repeat(1_700_000) + '\t' + 'en '.repeat(1_700_000) + '\n');
    expectRefusal(timed('10 MB pair', () => ntm(['--db', db, 'import', tabbed])), /one-pair\.tsv:1: a line is longer than 100000 characters/);
    expect(snapshotDb(db)).toBe(before);
  });

  it('a SQLite database of another program, and a truncated translation memory', () => {
    const other = join(dir, 'recipes.sqlite');
    const raw = new Database(other);
    raw.exec(`CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('stamppot')`);
    raw.close();
    const otherBytes = readFileSync(other);
    expectRefusal(timed('other SQLite', () => ntm(['--db', other, 'add', 'autobom', 'car bomb'])), /SQLite database, but not an ntm translation memory/);
    expect(readFileSync(other).equals(otherBytes)).toBe(true);

    const truncated = join(dir, 'truncated.sqlite');
    writeFileSync(truncated, readFileSync(db).subarray(0, 3 * 4096));
    const truncatedBytes = readFileSync(truncated);
    for (const args of [['lookup', 'autobom'], ['add', 'luchtdekking', 'air cover']]) {
      expectRefusal(timed(`truncated ${args[0]}`, () => ntm(['--db', truncated, ...args])), /damaged/);
    }
    expect(readFileSync(truncated).equals(truncatedBytes)).toBe(true);
  });

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
      expectRefusal(timed('read-only add', () => run(['add', 'luchtdekking', 'air cover'])), /read-only/);
      expectRefusal(timed('read-only import', () => run(['import', join(ROOT, 'data', 'hasaka-2022.tsv')])), /read-only/);
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
    expect(readFileSync(join(out, 'files'), 'utf8').split('\n').filter((f) => f.startsWith('tm.sqlite'))).toEqual(['tm.sqlite']);
    expect(existsSync(join(mnt, 'tm.sqlite'))).toBe(false);
  });
});
