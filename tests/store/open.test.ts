import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import { SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { APPLICATION_ID, openStore } from '../../src/store/open.js';
import { addPair } from '../../src/store/pairs.js';
import { tempDir } from '../helpers/cli.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('openStore', () => {
  it('creates the folder and a WAL database with foreign keys and the current schema', () => {
    const path = join(dir, 'nested', 'tm.sqlite');
    const s = openStore(path, { create: true });
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(s.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    s.close();
  });

  it('refuses to create a database for a read command', () => {
    expect(() => openStore(join(dir, 'missing.sqlite'), { create: false })).toThrow(/No translation memory at/);
  });

  it('refuses a database from a newer ntm and leaves it untouched', () => {
    const path = join(dir, 'future.sqlite');
    const s = openStore(path, { create: true });
    s.db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    s.close();
    expect(() => openStore(path, { create: true })).toThrow(StoreError);
    expect(() => openStore(path, { create: true })).toThrow(/newer ntm/);
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5);
    raw.close();
  });

  it('refuses a SQLite database that is not a translation memory', () => {
    const path = join(dir, 'other.sqlite');
    const raw = new Database(path);
    raw.exec('CREATE TABLE recipes (name TEXT)');
    raw.close();
    expect(() => openStore(path, { create: true })).toThrow(/not an ntm translation memory/);
  });

  it('refuses a file that is not SQLite at all, with a reason', () => {
    const path = join(dir, 'notes.sqlite');
    writeFileSync(path, 'Dit is geen database, maar een boodschappenlijst.\n'.repeat(20));
    expect(() => openStore(path, { create: true })).toThrow(/not a SQLite database/);
  });

  it('keeps pairs across close and reopen', () => {
    const path = join(dir, 'tm.sqlite');
    const s = openStore(path, { create: true });
    addPair(s.db, { kind: 'term', source: 'autobom', target: 'car bomb', by: 'tester' });
    s.close();
    const again = openStore(path, { create: false });
    expect((again.db.prepare('SELECT count(*) AS n FROM pairs').get() as { n: number }).n).toBe(1);
    again.close();
  });
});
