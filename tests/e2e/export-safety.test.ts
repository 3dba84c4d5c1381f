// export never crashes on what a TM holds and never leaves a partial file (#14 item 4), and
// --force replaces only the file a name stands for, keeping its permissions (#14 item 10).
import Database from 'better-sqlite3';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal, ntm, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let db: string;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
  const tsv = join(dir, 'many.tsv');
  writeFileSync(tsv, Array.from({ length: 5000 }, (_, i) => `Zin ${i} over de gevangenis in Hasaka.\tSentence ${i} about the prison in Hasaka.\n`).join(''));
  expect((await cli(['--db', db, 'import', tsv])).status).toBe(0);
  expect((await cli(['--db', db, 'add', '--term', 'kalifaat', 'caliphate'])).status).toBe(0);
});
afterAll(() => cleanup());

describe('a TM holding what a format cannot carry (#14 item 4)', () => {
  /** Pairs as an older ntm stored them, before control characters were refused at the door. */
  beforeAll(() => {
    const raw = new Database(db);
    const copy = (id: number, source: string, target: string, note: string | null) =>
      raw
        .prepare(
          `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status, approved_by, approved_at, changed_by, changed_at, note)
           SELECT kind, ?, ?, ? || source_norm, target_norm, source_len + 1, target_len, status, approved_by, approved_at, changed_by, changed_at, ? FROM pairs WHERE id = ?`,
        )
        .run(source, target, `x${id}`, note, id);
    copy(5001, 'kal\u0007ifaat', 'caliphate', null); // a term with U+0007, as from a real catalogue
    copy(4000, 'a\u0001b', 'a b', null);
    copy(4001, 'Een zin met een notitie.', 'A sentence with a note.', 'line one\nline two');
    raw.close();
  });

  for (const [file, pattern] of [
    ['out.tmx', /pair #\d+ contains the control character U\+0007.*pair #\d+ contains the control character U\+0001/],
    ['out.tbx', /pair #\d+ contains the control character U\+0007/],
    ['out.tsv', /tab or a line break/],
  ] as const) {
    it(`export ${file} refuses with one line naming the pairs, and writes nothing`, async () => {
      // TMX as a real process: the unhandled stream error of old killed the process itself.
      const r = file === 'out.tmx' ? ntm(['--db', db, 'export', join(dir, file)]) : await cli(['--db', db, 'export', join(dir, file)]);
      expectRefusal(r, pattern);
      expect(r.stderr).not.toMatch(/ERR_STREAM|at .*\(node:/);
      expect(readdirSync(dir).filter((f) => f.includes(file))).toEqual([]);
    });
  }

  it('export --force over an existing file leaves that file as it was', async () => {
    const out = join(dir, 'kept.tmx');
    writeFileSync(out, 'the export before\n');
    expectRefusal(await cli(['--db', db, 'export', out, '--force']), /control character/);
    expect(readFileSync(out, 'utf8')).toBe('the export before\n');
    expect(readdirSync(dir).filter((f) => f.includes('kept.tmx'))).toEqual(['kept.tmx']);
  });

  it('export - stops with the same one line, no stack trace', async () => {
    const r = await cli(['--db', db, 'export', '-', '--terms']);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^ntm: standard output: not exported: .*control character/);
  });

  it('CSV holds them all', async () => {
    const r = await cli(['--db', db, 'export', join(dir, 'all.csv')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Exported 5004 pairs');
  });
});

describe('export --force and what the name stands for (#14 item 10)', () => {
  const fresh = (name: string): string => {
    const sub = join(dir, name);
    mkdirSync(sub);
    return sub;
  };
  const exportTo = (file: string, ...more: string[]) => cli(['--db', db, 'export', file, '--format', 'csv', ...more]);

  it('writes through a symbolic link to its file: the link stays, the file keeps mode 0600', async () => {
    const sub = fresh('link');
    const real = join(sub, 'real.tsv');
    writeFileSync(real, 'before\n');
    chmodSync(real, 0o600);
    const link = join(sub, 'link.tsv');
    symlinkSync('real.tsv', link);
    const r = await exportTo(link, '--force');
    expect(r.status, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real.tsv');
    expect(readFileSync(real, 'utf8')).toMatch(/^nl,en/);
    expect(statSync(real).mode & 0o777).toBe(0o600);
    expect(readdirSync(sub).sort()).toEqual(['link.tsv', 'real.tsv']);
  });

  it('keeps the permissions of a plain file it replaces', async () => {
    const sub = fresh('mode');
    const file = join(sub, 'private.tsv');
    writeFileSync(file, 'before\n');
    chmodSync(file, 0o600);
    expect((await exportTo(file, '--force')).status).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('never replaces a device node, even with --force', async () => {
    const r = await exportTo('/dev/null', '--force');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ntm: \/dev\/null: is not a regular file/);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(existsSync('/dev/.null.ntm')).toBe(false);
  });
});
