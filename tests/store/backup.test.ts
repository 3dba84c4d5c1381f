// Backups taken while others write, checked before they are trusted, and restores that
// never lose the translation memory they replace.
import Database from 'better-sqlite3';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupTo, checkBackup, keepCurrent, restoreFrom } from '../../src/store/backup.js';
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

describe('keepCurrent and restoreFrom', () => {
  it('restore the backup into the live database and keep the replaced one', async () => {
    const file = join(dir, 'backup.sqlite');
    await backupTo(store.db, path, file);
    const backupSnapshot = snapshotDb(file);
    addPair(store.db, { kind: 'term', source: 'autobom', target: 'car bomb', by: 'anna' });
    const current = snapshotDb(path);

    const kept = await keepCurrent(path, 'before-restore');
    expect(kept).toMatch(/tm\.sqlite\.before-restore-.*\.bak$/);
    await restoreFrom(file, path);
    expect(snapshotDb(path)).toBe(backupSnapshot);
    expect(snapshotDb(kept!)).toBe(current);
    // The connection that was open all along sees the restored contents.
    expect((store.db.prepare(`SELECT count(*) AS n FROM pairs`).get() as { n: number }).n).toBe(200);
  });

  it('replace a damaged database file, keeping its bytes', async () => {
    const file = join(dir, 'backup.sqlite');
    await backupTo(store.db, path, file);
    store.close();
    writeFileSync(path, 'kapot');
    const kept = await keepCurrent(path, 'before-restore');
    await restoreFrom(file, path);
    expect(pairsIn(path)).toBe(200);
    expect(existsSync(kept!)).toBe(true);
  });

  it('keep nothing when there is no database yet', async () => {
    const file = join(dir, 'backup.sqlite');
    await backupTo(store.db, path, file);
    const elsewhere = join(dir, 'new', 'tm.sqlite');
    expect(await keepCurrent(elsewhere, 'before-restore')).toBeNull();
  });
});
