// Schema 3 → 4: an existing translation memory gets its fuzzy-match index, built from the
// pairs it holds, and nothing else changes.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMatchIds, findMatchIdsExhaustive } from '../../../src/store/lookup.js';
import { SCHEMA_VERSION } from '../../../src/store/migrations/index.js';
import { indexState } from '../../../src/store/match-index/index.js';
import { openStore } from '../../../src/store/open.js';
import { tempDir } from '../../helpers/cli.js';
import { writeOldSchema } from '../../helpers/old-schema.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const rows: [string, string, string, string | null][] = [
  ['De gevangenis werd bestormd.', 'The prison was stormed.', 'approved', null],
  ['De gevangenis werd gisteren bestormd.', 'The prison was stormed yesterday.', 'approved', null],
  ['De gevangenis werd bestormd!', 'The jail was stormed!', 'forbidden', null],
  ['De gevangenis is bestormd.', 'The prison has been stormed.', 'approved', '2024-01-01T00:00:00.000Z'],
  ['zelfbenoemde kalifaat', 'self-proclaimed caliphate', 'approved', null],
];

function schema3(path: string): void {
  writeOldSchema(path, 3, (db) => {
    const insert = db.prepare(
      `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status,
         approved_by, approved_at, changed_by, changed_at, deleted_at)
       VALUES ('segment', ?, ?, ?, ?, ?, ?, ?, 'anna', '2022-01-24T10:00:00.000Z', 'anna', '2022-01-24T10:00:00.000Z', ?)`,
    );
    for (const [s, t, status, deleted] of rows) insert.run(s, t, s, t, s.length, t.length, status, deleted);
  });
}

describe('migration 004', () => {
  it('indexes the pairs of an existing TM, and lookups find exactly what a full scan finds', () => {
    const path = join(dir, 'tm.sqlite');
    schema3(path);
    const store = openStore(path, { create: false });
    try {
      const db = store.db;
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare(`SELECT count(*) FROM pairs`).pluck().get()).toBe(rows.length);
      expect(indexState(db).through).toBe(rows.length);
      expect(db.prepare(`SELECT count(*) FROM match_pending`).pluck().get()).toBe(0);
      expect(db.prepare(`SELECT count(*) FROM match_postings`).pluck().get()).toBeGreaterThan(0);
      const indexes = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'pairs'`).pluck().all();
      expect(indexes).not.toContain('pairs_len');
      expect(indexes).not.toContain('pairs_target_len');

      const opts = { min: 50, limit: 10 };
      const found = findMatchIds(db, 'De gevangenis werd bestormd.', opts);
      expect(found.map((m) => m.id)).toEqual([1, 2]); // not the forbidden #3 nor the deleted #4
      expect(found).toEqual(findMatchIdsExhaustive(db, 'De gevangenis werd bestormd.', opts));
      const reverse = { min: 50, limit: 10, reverse: true };
      expect(findMatchIds(db, 'The prison was stormed', reverse)).toEqual(findMatchIdsExhaustive(db, 'The prison was stormed', reverse));
    } finally {
      store.close();
    }
  });

  it('keeps the index right when pairs change afterwards, through its triggers', () => {
    const path = join(dir, 'tm.sqlite');
    schema3(path);
    const store = openStore(path, { create: false });
    try {
      const db = store.db;
      db.prepare(`UPDATE pairs SET deleted_at = NULL WHERE id = 4`).run();
      db.prepare(`UPDATE pairs SET source_norm = 'geheel anders', source_len = 13 WHERE id = 2`).run();
      expect(db.prepare(`SELECT pair_id, source_norm, indexed FROM match_pending ORDER BY pair_id`).raw().all()).toEqual([
        [2, 'De gevangenis werd gisteren bestormd.', 1],
        [4, 'De gevangenis is bestormd.', 0],
      ]);
      const opts = { min: 50, limit: 10 };
      expect(findMatchIds(db, 'De gevangenis werd bestormd.', opts).map((m) => m.id)).toEqual([1, 4]);
      expect(findMatchIds(db, 'De gevangenis werd bestormd.', opts)).toEqual(findMatchIdsExhaustive(db, 'De gevangenis werd bestormd.', opts));
    } finally {
      store.close();
    }
  });
});
