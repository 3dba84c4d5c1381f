// Opening safely: a backup before every schema upgrade, an upgrade that fails leaves the
// database as it was, and a new database is only removed when nobody could lose anything.
import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../src/store/migrations/index.js';
import { discardNewStore, openStore } from '../../src/store/open.js';
import { addPair } from '../../src/store/pairs.js';
import { snapshotDb, tempDir } from '../helpers/cli.js';

let dir: string;
let path: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  path = join(dir, 'tm.sqlite');
});
afterEach(() => cleanup());

const count = (db: Database.Database, sql: string) => (db.prepare(sql).get() as { n: number }).n;

/** A made-up next schema version, to exercise an upgrade from the current one. */
const addGlossaryTable: Migration = {
  version: SCHEMA_VERSION + 1,
  up: (db) => db.exec(`CREATE TABLE glossary_notes (id INTEGER PRIMARY KEY, note TEXT) STRICT`),
};
const failing: Migration = {
  version: SCHEMA_VERSION + 1,
  up: (db) => {
    db.exec(`CREATE TABLE half_done (x INTEGER)`);
    throw new Error('migration bug');
  },
};

function storeWithPair(): void {
  const s = openStore(path, { create: true });
  addPair(s.db, { kind: 'term', source: 'autobom', target: 'car bomb', by: 'anna' });
  s.close();
}

describe('schema upgrades', () => {
  it('copy the database to a backup beside it first, and say where', () => {
    storeWithPair();
    const notices: string[] = [];
    const next = [...MIGRATIONS, addGlossaryTable];
    const s = openStore(path, { create: false, migrations: next, onNotice: (m) => notices.push(m) });
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    s.close();
    const backup = `${path}.before-schema-${SCHEMA_VERSION + 1}.bak`;
    expect(notices).toEqual([`upgraded ${path} from schema ${SCHEMA_VERSION} to ${SCHEMA_VERSION + 1}; the earlier version is kept in ${backup}`]);
    const old = new Database(backup, { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(count(old, `SELECT count(*) AS n FROM pairs`)).toBe(1);
    expect(old.pragma('integrity_check', { simple: true })).toBe('ok');
    old.close();

    // Already upgraded: no second backup, no notice.
    openStore(path, { create: false, migrations: next, onNotice: (m) => notices.push(m) }).close();
    expect(notices).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.includes('.bak'))).toHaveLength(1);
  });

  it('that fail leave the database exactly as it was, and no backup file', () => {
    storeWithPair();
    const before = snapshotDb(path);
    expect(() => openStore(path, { create: false, migrations: [...MIGRATIONS, failing] })).toThrow(/migration bug/);
    expect(snapshotDb(path)).toBe(before);
    expect(readdirSync(dir).filter((f) => f.includes('.bak'))).toEqual([]);
  });

  it('do not back up a brand-new database (there is nothing to keep)', () => {
    const notices: string[] = [];
    openStore(path, { create: true, onNotice: (m) => notices.push(m) }).close();
    expect(notices).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.includes('.bak'))).toEqual([]);
  });
});

describe('discardNewStore (a failed first write)', () => {
  it('removes an empty database nobody else has open', () => {
    const s = openStore(path, { create: true });
    expect(discardNewStore(s)).toBe(true);
    expect(s.db.open).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps a database that holds any row', () => {
    const s = openStore(path, { create: true });
    addPair(s.db, { kind: 'segment', source: 'ja', target: 'yes', by: 'anna' });
    expect(discardNewStore(s)).toBe(false);
    expect(existsSync(path)).toBe(true);
    const again = openStore(path, { create: false });
    expect(count(again.db, `SELECT count(*) AS n FROM pairs`)).toBe(1);
    again.close();
  });

  it('keeps an empty database that another process (connection) has open', () => {
    const s = openStore(path, { create: true });
    const other = openStore(path, { create: false });
    expect(discardNewStore(s)).toBe(false);
    expect(existsSync(path)).toBe(true);
    // The other one can still write, and its pair is kept.
    addPair(other.db, { kind: 'segment', source: 'ja', target: 'yes', by: 'bram' });
    other.close();
    const again = openStore(path, { create: false });
    expect(count(again.db, `SELECT count(*) AS n FROM pairs`)).toBe(1);
    again.close();
  });

  it('marks the file before removing it, so that an ntm that had just opened it starts over', () => {
    const s = openStore(path, { create: true });
    // Opened, but not read yet: the moment between another process's open() and its first read.
    const late = new Database(path);
    expect(discardNewStore(s)).toBe(true);
    expect(existsSync(path)).toBe(false);
    expect(late.pragma('application_id', { simple: true })).toBe(0x6e746d30); // 'ntm0': abandoned
    late.close();
    // And a fresh open simply creates a new, working database.
    const fresh = openStore(path, { create: true });
    addPair(fresh.db, { kind: 'segment', source: 'ja', target: 'yes', by: 'bram' });
    fresh.close();
  });
});
