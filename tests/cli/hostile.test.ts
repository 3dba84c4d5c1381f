// Hostile and broken input through the CLI (in-process): every file in tests/fixtures/hostile/,
// and the cases too big to commit (a 10 MB line, another program's database, a cut-off TM).
// Each must be refused with one line on stderr, exit 2, and the database unchanged, well
// within 5 seconds. A read-only database and a full disk need a real process of their own:
// tests/e2e/hostile-os.test.ts.
import Database from 'better-sqlite3';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, snapshotDb, tempDir, type RunResult, expectRefusal } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

const HOSTILE = join(ROOT, 'tests', 'fixtures', 'hostile');
/** The bound; the real times are printed at the end. */
const SANITY_MS = 5000;

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

async function timed(name: string, run: () => Promise<RunResult>): Promise<RunResult> {
  const started = Date.now();
  const r = await run();
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
    it(`import ${file} is refused`, async () => {
      const before = snapshotDb(db);
      expectRefusal(await timed(file, () => cli(['--db', db, 'import', join(HOSTILE, file)])), message);
      expect(snapshotDb(db)).toBe(before);
    });
  }

  it('the XML ones given as drafts are refused the same way by approve and check', async () => {
    const before = snapshotDb(db);
    for (const file of XML_DRAFTS) {
      expectRefusal(await timed(`approve ${file}`, () => cli(['--db', db, 'approve', join(HOSTILE, file)])), IMPORTS[file]!);
    }
    for (const file of ['truncated.xlf', 'xxe.xlf']) {
      expectRefusal(await timed(`check ${file}`, () => cli(['--db', db, 'check', join(HOSTILE, file)])), IMPORTS[file]!);
    }
    expect(snapshotDb(db)).toBe(before);
  });

  it('a refused import into a new database leaves no file behind', async () => {
    const fresh = join(dir, 'new.sqlite');
    for (const file of ['empty.tsv', 'nul-bytes.tsv', 'truncated.tmx']) {
      expectRefusal(await cli(['--db', fresh, 'import', join(HOSTILE, file)]), IMPORTS[file]!);
      expect(readdirSync(dir).filter((f) => f.startsWith('new.sqlite'))).toEqual([]);
    }
  });

  for (const [file, message] of Object.entries(DATABASES)) {
    it(`${file} as the database is refused by reading and writing commands, and left as it was`, async () => {
      const copy = join(dir, file);
      copyFileSync(join(HOSTILE, file), copy);
      const bytes = readFileSync(copy);
      for (const args of [
        ['lookup', 'autobom'],
        ['import', join(ROOT, 'data', 'hasaka-2022.tsv')],
      ]) {
        expectRefusal(await timed(`${file} ${args[0]}`, () => cli(['--db', copy, ...args])), message);
      }
      expect(readFileSync(copy).equals(bytes)).toBe(true);
      expect(readdirSync(dir).filter((f) => f.startsWith(file) && f !== file)).toEqual([]);
    });
  }
});

describe('generated at test time', () => {
  it('a 10 MB single line, with and without a tab in it', async () => {
    const before = snapshotDb(db);
    const plain = join(dir, 'one-line.tsv');
    writeFileSync(plain, 'a'.repeat(10 * 1024 * 1024));
    expectRefusal(await timed('10 MB line', () => cli(['--db', db, 'import', plain])), /one-line\.tsv:1: a line is longer than 100000 characters/);
    const tabbed = join(dir, 'one-pair.tsv');
    writeFileSync(tabbed, `${'nl '.repeat(1_700_000)}\t${'en '.repeat(1_700_000)}\n`);
    expectRefusal(await timed('10 MB pair', () => cli(['--db', db, 'import', tabbed])), /one-pair\.tsv:1: a line is longer than 100000 characters/);
    expect(snapshotDb(db)).toBe(before);
  });

  it('a SQLite database of another program, and a truncated translation memory', async () => {
    const other = join(dir, 'recipes.sqlite');
    const raw = new Database(other);
    raw.exec(`CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('stamppot')`);
    raw.close();
    const otherBytes = readFileSync(other);
    expectRefusal(await timed('other SQLite', () => cli(['--db', other, 'add', 'autobom', 'car bomb'])), /SQLite database, but not an ntm translation memory/);
    expect(readFileSync(other).equals(otherBytes)).toBe(true);

    const truncated = join(dir, 'truncated.sqlite');
    writeFileSync(truncated, readFileSync(db).subarray(0, 3 * 4096));
    const truncatedBytes = readFileSync(truncated);
    for (const args of [
      ['lookup', 'autobom'],
      ['add', 'luchtdekking', 'air cover'],
    ]) {
      expectRefusal(await timed(`truncated ${args[0]}`, () => cli(['--db', truncated, ...args])), /damaged/);
    }
    expect(readFileSync(truncated).equals(truncatedBytes)).toBe(true);
  });
});
