// Schema 4 → 5: the single-column text indexes go; the pairs, the checks they served (an
// exact match, "already stored?", conflicts) and their answers stay.
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bestMatches } from '../../../src/store/best-match.js';
import { countConflicts } from '../../../src/store/stats.js';
import { SCHEMA_VERSION } from '../../../src/store/migrations/index.js';
import { openStore } from '../../../src/store/open.js';
import { addPair } from '../../../src/store/pairs.js';
import { tempDir } from '../../helpers/cli.js';
import { writeOldSchema } from '../../helpers/old-schema.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function schema4(path: string): void {
  writeOldSchema(path, 4, (db) => {
    const insert = db.prepare(
      `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status,
         approved_by, approved_at, changed_by, changed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'approved', 'anna', '2022-01-24T10:00:00.000Z', 'anna', '2022-01-24T10:00:00.000Z')`,
    );
    for (const [kind, s, t] of [
      ['segment', 'De gevangenis werd bestormd.', 'The prison was stormed.'],
      ['segment', 'De gevangenis werd bestormd.', 'The jail was stormed.'],
      ['term', 'autobom', 'car bomb'],
    ])
      insert.run(kind, s, t, s, t, s!.length, t!.length);
  });
}

const indexNames = (db: Database.Database): string[] =>
  db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'pairs'`).pluck().all() as string[];

describe('migration 005', () => {
  it('drops the single-column text indexes and keeps every answer they gave', () => {
    const path = join(dir, 'tm.sqlite');
    schema4(path);
    const store = openStore(path, { create: false });
    try {
      const db = store.db;
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(indexNames(db)).not.toContain('pairs_source');
      expect(indexNames(db)).not.toContain('pairs_target');
      expect(indexNames(db)).toContain('pairs_unique_live');
      expect(db.prepare(`SELECT count(*) FROM pairs`).pluck().get()).toBe(3);
      // An exact match of either kind, newest first; a pair stored again is a duplicate.
      expect(bestMatches(db, 'autobom', { min: 50, limit: 5 }).map((m) => m.pair.target)).toEqual(['car bomb']);
      expect(bestMatches(db, 'De gevangenis werd bestormd.', { min: 50, limit: 5 }).map((m) => m.pair.target)).toEqual([
        'The jail was stormed.',
        'The prison was stormed.',
      ]);
      expect(addPair(db, { kind: 'term', source: 'autobom', target: 'car bomb', by: 'bob' })).toMatchObject({ outcome: 'duplicate', id: 3 });
      expect(countConflicts(db)).toBe(1);
      // Those look-ups use the unique index, not a scan of every pair.
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT id FROM pairs WHERE kind IN ('segment', 'term') AND source_norm = ? AND deleted_at IS NULL AND status = 'approved'`)
        .all('autobom') as { detail: string }[];
      expect(plan.map((r) => r.detail).join(' ')).toMatch(/USING INDEX pairs_unique_live/);
    } finally {
      store.close();
    }
  });
});
