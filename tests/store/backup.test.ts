// Backups taken while others write, checked before they are trusted, and restores that
// never lose the translation memory they replace.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupTo, checkBackup, restoreBackup } from '../../src/store/backup.js';
import { SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { openStore, type Store } from '../../src/store/open.js';
import { addPair } from '../../src/store/pairs.js';
import { snapshotDb, tempDir } from '../helpers/cli.js';

let dir: string;
let path: string;
let store: Store;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  path = join(dir, 'tm.sqlite');
  store = openStore(path, { create: true });
  for (let i = 0; i < 200; i++) addPair(store.db, { kind: 'segment', source: `Zin ${i}.`, target: `Sentence ${i}.`, by: 'anna' });
});
afterEach(() => {
  if (store.db.open) store.close();
  cleanup();
});

const pairsIn = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM pairs`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('backupTo', () => {
  it('takes a whole, self-contained copy while another connection keeps writing', async () => {
    const writer = openStore(path, { create: false });
    let written = 0;
    let stop = false;
    const writing = (async () => {
      while (!stop) {
        addPair(writer.db, { kind: 'segment', source: `Later ${written}.`, target: `Later ${written} en.`, by: 'bram' });
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const file = join(dir, 'backup.sqlite');
    const info = await backupTo(store.db, path, file);
    stop = true;
    await writing;
    writer.close();
    expect(info.pairs).toBeGreaterThanOrEqual(200);
    expect(info.pairs).toBeLessThanOrEqual(200 + written);
    expect(pairsIn(file)).toBe(info.pairs);
    const copy = new Database(file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    expect(readdirSync(dir).filter((f) => f.startsWith('backup.sqlite'))).toEqual(['backup.sqlite']);
  });

  it('refuses to replace a file unless forced, and never writes the database onto itself', async () => {
    const file = join(dir, 'backup.sqlite');
    writeFileSync(file, 'mijn aantekeningen');
    await expect(backupTo(store.db, path, file)).rejects.toThrow(/already exists.*--force/);
    await expect(backupTo(store.db, path, path, { force: true })).rejects.toThrow(/cannot be the translation memory itself/);
    const info = await backupTo(store.db, path, file, { force: true });
    expect(info.pairs).toBe(200);
  });
});

describe('checkBackup', () => {
  it('accepts an ntm backup and refuses what is not one', async () => {
    const file = join(dir, 'backup.sqlite');
    await backupTo(store.db, path, file);
    expect(checkBackup(file, SCHEMA_VERSION)).toMatchObject({ pairs: 200, schemaVersion: SCHEMA_VERSION });

    const text = join(dir, 'notes.sqlite');
    writeFileSync(text, 'geen database\n'.repeat(100));
    expect(() => checkBackup(text, SCHEMA_VERSION)).toThrow(/notes\.sqlite: cannot be (opened|read): .*not a SQLite database/);

    const other = join(dir, 'other.sqlite');
    const o = new Database(other);
    o.exec('CREATE TABLE recipes (name TEXT)');
    o.close();
    expect(() => checkBackup(other, SCHEMA_VERSION)).toThrow(/is not an ntm translation memory/);

    const future = join(dir, 'future.sqlite');
    await backupTo(store.db, path, future);
    const f = new Database(future);
    f.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    f.close();
    expect(() => checkBackup(future, SCHEMA_VERSION)).toThrow(/newer ntm/);
    expect(() => checkBackup(join(dir, 'missing.sqlite'), SCHEMA_VERSION)).toThrow(/no such file/);
  });
});

describe('restoreBackup', () => {
  /** A snapshot without the lookup index's generation, which a restore moves on. */
  const contents = (file: string): string => snapshotDb(file).replace(/\\"generation\\":\d+/g, '');
  /** Every table, index, trigger and view, as its CREATE statement. */
  const schemaOf = (file: string): string[] => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare(`SELECT type || ' ' || name || ': ' || sql FROM sqlite_schema ORDER BY name`).pluck().all() as string[];
    } finally {
      db.close();
    }
  };

  it('restores the backup into the live database and keeps the replaced one', async () => {
    const file = join(dir, 'backup.sqlite');
    await backupTo(store.db, path, file);
    const backupSnapshot = contents(file);
    addPair(store.db, { kind: 'term', source: 'autobom', target: 'car bomb', by: 'anna' });
    const current = contents(path);
    const generation = () => store.db.prepare(`SELECT generation FROM match_state`).pluck().get() as number;
    const before = generation();

    const r = await restoreBackup(file, path);
    expect(r.kept).toMatch(/tm\.sqlite\.before-restore-.*\.bak$/);
    expect(r.pairs).toBe(200);
    expect(contents(path)).toBe(backupSnapshot);
    expect(schemaOf(path)).toEqual(schemaOf(file));
    expect(contents(r.kept!)).toBe(current);
    // The connection that was open all along sees the restored contents, and an index
    // generation it has never seen.
    expect((store.db.prepare(`SELECT count(*) AS n FROM pairs`).get() as { n: number }).n).toBe(200);
    expect(generation()).toBeGreaterThan(before);
    // Nothing else is left beside the TM.
    expect(readdirSync(dir).filter((f) => /restoring|partial/.test(f))).toEqual([]);
  });

  it('replaces a damaged database file, keeping its bytes', async () => {
    const file = join(dir, 'backup.sqlite');
    await backupTo(store.db, path, file);
    store.close();
    writeFileSync(path, 'kapot');
    const r = await restoreBackup(file, path);
    expect(pairsIn(path)).toBe(200);
    expect(readFileSync(r.kept!, 'utf8')).toBe('kapot');
  });

  it('keeps nothing when there is no database (nor its folder) yet', async () => {
    const file = join(dir, 'backup.sqlite');
    await backupTo(store.db, path, file);
    const elsewhere = join(dir, 'new', 'folder', 'tm.sqlite');
    expect(await restoreBackup(file, elsewhere)).toEqual({ kept: null, pairs: 200 });
    expect(pairsIn(elsewhere)).toBe(200);
  });
});
