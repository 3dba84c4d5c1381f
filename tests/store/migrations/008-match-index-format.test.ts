// Schema 7 → 8 (the version before this one → this one): the index's state gains the format
// of its lists; an index from before has none recorded, so it is rebuilt once, right after
// the upgrade, and the pairs stay as they were.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMatchIds, findMatchIdsExhaustive } from '../../../src/store/lookup.js';
import { dumpMatchIndex, indexState, POSTING_FORMAT, rebuildMatchIndex } from '../../../src/store/match-index/index.js';
import { migrate008 } from '../../../src/store/migrations/008-match-index-format.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/store/migrations/index.js';
import { openStore } from '../../../src/store/open.js';
import { tempDir } from '../../helpers/cli.js';
import { writeOldSchema } from '../../helpers/old-schema.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const mine = MIGRATIONS.find((m) => m.up === migrate008)!.version;
const sources = ['De gevangenis werd bestormd.', 'De gevangenis werd gisteren bestormd.', 'zelfbenoemde kalifaat', 'Honderden gevangenen ontsnapten.'];

describe('migration 008 (index format)', () => {
  it('records the format, rebuilds the index once after the upgrade, and keeps every pair', () => {
    const path = join(dir, 'tm.sqlite');
    writeOldSchema(path, mine - 1, (db) => {
      const insert = db.prepare(
        `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status,
           approved_by, approved_at, changed_by, changed_at)
         VALUES ('segment', ?, ?, ?, ?, ?, ?, 'approved', 'anna', '2022-01-24T10:00:00.000Z', 'anna', '2022-01-24T10:00:00.000Z')`,
      );
      sources.forEach((s, i) => {
        insert.run(s, `English ${i}`, s, `English ${i}`, s.length, `English ${i}`.length);
      });
    });
    const notices: string[] = [];
    const store = openStore(path, { create: false, onNotice: (m) => notices.push(m) });
    try {
      const db = store.db;
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare(`SELECT source FROM pairs ORDER BY id`).pluck().all()).toEqual(sources);
      expect(indexState(db)).toMatchObject({ format: POSTING_FORMAT, through: sources.length });
      expect(notices.some((n) => n.includes(`rebuilt the lookup index of ${path}`))).toBe(true);
      const built = dumpMatchIndex(db);
      db.exec('BEGIN');
      rebuildMatchIndex(db);
      expect(dumpMatchIndex(db)).toEqual(built);
      db.exec('ROLLBACK');
      const opts = { min: 50, limit: 5 };
      expect(findMatchIds(db, 'De gevangenis werd bestormd', opts)).toEqual(findMatchIdsExhaustive(db, 'De gevangenis werd bestormd', opts));
    } finally {
      store.close();
    }
    // Opened again: nothing left to rebuild, nothing said.
    const again: string[] = [];
    openStore(path, { create: false, onNotice: (m) => again.push(m) }).close();
    expect(again).toEqual([]);
  });
});
