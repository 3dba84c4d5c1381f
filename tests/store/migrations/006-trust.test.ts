// Schema 5 → 6: the pairs table is rebuilt for the status 'proposed'. Every pair is kept,
// as approved (or forbidden, as it was), with its id, tags, history and extras (nothing may
// cascade away with the old table), the lookup index still exact, and the new tables there.
// Written against "the schema before 006" so that a renumbering does not break it.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMatchIds, findMatchIdsExhaustive } from '../../../src/store/lookup.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/store/migrations/index.js';
import { migrate006 } from '../../../src/store/migrations/006-trust.js';
import { openStore } from '../../../src/store/open.js';
import { addPair, getPair, pairHistory } from '../../../src/store/pairs.js';
import { tempDir } from '../../helpers/cli.js';
import { writeOldSchema } from '../../helpers/old-schema.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** The schema a TM has just before this migration runs: the version of the one before it. */
const BEFORE = MIGRATIONS[MIGRATIONS.findIndex((m) => m.up === migrate006) - 1]!.version;

function oldTm(path: string): void {
  writeOldSchema(path, BEFORE, (db) => {
    const insert = db.prepare(
      `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status,
         approved_by, approved_at, changed_by, changed_at, ref)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'anna', '2022-01-24T10:00:00.000Z', 'anna', '2022-01-24T10:00:00.000Z', 'nos-1')`,
    );
    for (let i = 0; i < 200; i++) {
      const s = `De brand in straat ${i} is geblust.`;
      const t = `The fire in street ${i} is out.`;
      insert.run('segment', s, t, s, t, s.length, t.length, 'approved');
    }
    insert.run('term', 'autobom', 'car bomb', 'autobom', 'car bomb', 7, 8, 'approved');
    insert.run('term', 'autobom', 'vehicle bomb', 'autobom', 'vehicle bomb', 7, 12, 'forbidden');
    db.prepare(`INSERT INTO pair_tags (pair_id, tag) SELECT id, 'brand' FROM pairs`).run();
    db.prepare(`INSERT INTO pair_history (pair_id, action, at, by) SELECT id, 'add', approved_at, approved_by FROM pairs`).run();
    db.prepare(`INSERT INTO pair_extras (pair_id, source_lang, target_lang) VALUES (1, 'nl-NL', 'en-GB')`).run();
    db.prepare(`UPDATE pairs SET deleted_at = '2023-01-01T00:00:00.000Z', deleted_by = 'bob' WHERE id = 5`).run();
  });
}

describe('migration 006', () => {
  it('keeps every pair as it was (approved ones approved), with tags, history and extras', () => {
    const path = join(dir, 'tm.sqlite');
    oldTm(path);
    const old = new Database(path, { readonly: true });
    const before = old.prepare(`SELECT * FROM pairs ORDER BY id`).all();
    old.close();
    const store = openStore(path, { create: false });
    try {
      const db = store.db;
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      // The columns the old table had (later migrations may add more).
      const columns = Object.keys(before[0] as object).join(', ');
      expect(db.prepare(`SELECT ${columns} FROM pairs ORDER BY id`).all()).toEqual(before);
      expect(db.prepare(`SELECT status, count(*) AS n FROM pairs GROUP BY status ORDER BY status`).all()).toEqual([
        { status: 'approved', n: 201 },
        { status: 'forbidden', n: 1 },
      ]);
      expect(db.prepare(`SELECT count(*) FROM pair_tags`).pluck().get()).toBe(202);
      expect(db.prepare(`SELECT count(*) FROM pair_history`).pluck().get()).toBe(202);
      expect(db.prepare(`SELECT source_lang FROM pair_extras WHERE pair_id = 1`).pluck().get()).toBe('nl-NL');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      // The lookup index and its triggers are whole again: a change is seen, lookups exact.
      const q = 'De brand in straat 77 is geblust!';
      expect(findMatchIds(db, q, { min: 60, limit: 5 })).toEqual(findMatchIdsExhaustive(db, q, { min: 60, limit: 5 }));
      const added = addPair(db, { kind: 'segment', source: 'De brand is uit.', target: 'The fire is out.', status: 'proposed', by: 'junior' });
      expect(getPair(db, added.id).status).toBe('proposed');
      expect(pairHistory(db, 1).map((h) => h.change)).toEqual([null]);
      expect(db.prepare(`SELECT count(*) FROM change_sets`).pluck().get()).toBe(0);
      expect(db.prepare(`SELECT count(*) FROM reviewers`).pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  });
});
