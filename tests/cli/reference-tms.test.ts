// Reference TMs (#18): --also <file> and the TM's default list (ntm settings also) add
// read-only TMs to a lookup; each match names its TM, the main TM's first at equal score. A
// reference TM is never written or migrated, whatever its schema.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { expectRefusal, tempDir } from '../helpers/cli.js';
import { writeOldSchema } from '../helpers/old-schema.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let main: string;
let archive: string;
const FIRE = 'Het vuur is geblust.';
const lookup = async (args: string[]) => {
  const r = await cli(['--db', main, 'lookup', '--json', ...args]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { matches: { target: string; score: number; tm: string }[] };
};
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A TM as an older ntm left it (schema 5, before trust's), with one pair. */
function olderTm(path: string, target: string): void {
  writeOldSchema(path, 5, (db) => {
    db.prepare(
      `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status, approved_by, approved_at, changed_by, changed_at)
       VALUES ('segment', ?, ?, ?, ?, ?, ?, 'approved', 'old', '2015-01-01T00:00:00.000Z', 'old', '2015-01-01T00:00:00.000Z')`,
    ).run(FIRE, target, FIRE, target, FIRE.length, target.length);
  });
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  main = join(dir, 'desk.sqlite');
  archive = join(dir, 'archive.sqlite');
  expect((await cli(['--db', main, 'add', FIRE, 'The fire is out.'])).status).toBe(0);
  // Added after the desk's pair: newer, yet ranked after it at equal score.
  expect((await cli(['--db', archive, 'add', FIRE, 'The blaze was put out.'])).status).toBe(0);
  expect((await cli(['--db', archive, 'add', 'Het vuur is bijna geblust.', 'The fire is almost out.'])).status).toBe(0);
});
afterAll(() => cleanup());

describe('--also', () => {
  it('adds a reference TM: each match names its TM, the main TM first at equal score', async () => {
    const before = digest(archive);
    const doc = await lookup([FIRE, '--also', archive, '--min', '60']);
    expect(doc.matches.map((m) => [m.target, m.score, m.tm])).toEqual([
      ['The fire is out.', 100, main],
      ['The blaze was put out.', 100, archive],
      ['The fire is almost out.', 76, archive],
    ]);
    expect(digest(archive)).toBe(before);
    const shown = await cli(['--db', main, 'lookup', FIRE, '--also', archive]);
    expect(shown.stdout).toContain(`from ${archive}`);
  });

  it('reads a reference TM of an older or a newer schema without changing it', async () => {
    const old = join(dir, 'old.sqlite');
    olderTm(old, 'The fire was extinguished (2015).');
    // A TM a newer ntm wrote: this one cannot know its index, and must not refuse it.
    const newer = join(dir, 'newer.sqlite');
    expect((await cli(['--db', newer, 'add', FIRE, 'The fire is out, says a newer ntm.'])).status).toBe(0);
    const bump = new Database(newer);
    bump.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    bump.close();
    const doc = await lookup([FIRE, '--also', old, '--also', newer]);
    expect(doc.matches.map((m) => [m.target, m.tm])).toEqual([
      ['The fire is out.', main],
      ['The fire was extinguished (2015).', old],
      ['The fire is out, says a newer ntm.', newer],
    ]);
    for (const [file, version] of [
      [old, 5],
      [newer, SCHEMA_VERSION + 1],
    ] as const) {
      const db = new Database(file, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(version);
      db.close();
    }
  });

  it('refuses a file that is not an ntm TM, or the TM itself, with exit 2', async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database');
    expectRefusal(await cli(['--db', main, 'lookup', FIRE, '--also', text]), /notes\.txt/);
    expectRefusal(await cli(['--db', main, 'lookup', FIRE, '--also', join(dir, 'missing.sqlite')]), /no such reference TM/);
    expectRefusal(await cli(['--db', main, 'lookup', FIRE, '--also', main]), /the TM itself/);
  });
});

describe('ntm settings also', () => {
  it('keeps a default list every lookup uses (--no-also leaves it out), and undo takes a change back', async () => {
    const added = await cli(['--db', main, 'settings', 'also', 'add', archive]);
    expect(added.status, added.stderr).toBe(0);
    expect(JSON.parse((await cli(['--db', main, 'settings', '--json'])).stdout)).toEqual({ also: [archive] });
    expect((await lookup([FIRE, '--min', '100'])).matches.map((m) => m.tm)).toEqual([main, archive]);
    expect((await lookup([FIRE, '--no-also'])).matches.map((m) => m.tm)).toEqual([main]);

    const changes = JSON.parse((await cli(['--db', main, 'changes', '--json'])).stdout).changes;
    expect(changes[0]).toMatchObject({ command: 'settings also add' });
    expect((await cli(['--db', main, 'undo', String(changes[0].id)])).status).toBe(0);
    expect(JSON.parse((await cli(['--db', main, 'settings', 'also', 'list', '--json'])).stdout)).toEqual({ also: [] });
  });

  it('leaves out a default that has gone missing, with a warning, and refuses to add one that is no TM', async () => {
    const moved = join(dir, 'moved.sqlite');
    expect((await cli(['--db', moved, 'add', FIRE, 'The fire was doused.'])).status).toBe(0);
    expect((await cli(['--db', main, 'settings', 'also', 'add', moved])).status).toBe(0);
    renameSync(moved, join(dir, 'elsewhere.sqlite'));
    const r = await cli(['--db', main, 'lookup', FIRE, '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/default reference TM is left out: .*moved\.sqlite: no such reference TM/);
    expect(JSON.parse(r.stdout).matches.map((m: { tm: string }) => m.tm)).toEqual([main]);
    expectRefusal(await cli(['--db', main, 'settings', 'also', 'add', join(dir, 'nothing.sqlite')]), /no such reference TM/);
    expect((await cli(['--db', main, 'settings', 'also', 'remove', moved])).status).toBe(0);
  });
});
