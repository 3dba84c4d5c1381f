// Schema 10 (the number the lead may change): the previous sentences pairs were approved
// after, and the TM's settings. A TM from the schema before keeps every pair, tag and history
// row; the new tables are there, empty, and work. Written against "the schema before
// migrate010" so that a renumbering does not break it.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inContext, recordContext } from '../../../src/store/context.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/store/migrations/index.js';
import { migrate010 } from '../../../src/store/migrations/010-context.js';
import { openStore } from '../../../src/store/open.js';
import { referenceTms } from '../../../src/store/settings.js';
import { tempDir } from '../../helpers/cli.js';
import { writeOldSchema } from '../../helpers/old-schema.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** The schema a TM has just before this migration runs: the version of the one before it. */
const BEFORE = MIGRATIONS[MIGRATIONS.findIndex((m) => m.up === migrate010) - 1]!.version;

describe('migration 010', () => {
  it('keeps every pair, adds empty contexts and settings that then work', () => {
    const path = join(dir, 'tm.sqlite');
    writeOldSchema(path, BEFORE, (db) => {
      const insert = db.prepare(
        `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status,
           approved_by, approved_at, changed_by, changed_at, ref)
         VALUES ('segment', ?, ?, ?, ?, ?, ?, 'approved', 'anna', '2022-01-24T10:00:00.000Z', 'anna', '2022-01-24T10:00:00.000Z', 'nos-1')`,
      );
      for (let i = 0; i < 50; i++) {
        const s = `Het vuur in straat ${i} is geblust.`;
        const t = `The fire in street ${i} is out.`;
        insert.run(s, t, s, t, s.length, t.length);
      }
      db.prepare(`INSERT INTO pair_tags (pair_id, tag) SELECT id, 'brand' FROM pairs`).run();
      db.prepare(`INSERT INTO pair_history (pair_id, action, at, by) SELECT id, 'add', approved_at, approved_by FROM pairs`).run();
    });
    const old = new Database(path, { readonly: true });
    const before = old.prepare(`SELECT * FROM pairs ORDER BY id`).all();
    old.close();

    const store = openStore(path, { create: false });
    try {
      const db = store.db;
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare(`SELECT * FROM pairs ORDER BY id`).all()).toEqual(before);
      expect(db.prepare(`SELECT count(*) FROM pair_tags`).pluck().get()).toBe(50);
      expect(db.prepare(`SELECT count(*) FROM pair_history`).pluck().get()).toBe(50);
      expect(db.prepare(`SELECT count(*) FROM pair_contexts`).pluck().get()).toBe(0);
      expect(referenceTms(db)).toEqual([]);
      recordContext(db, 3, '  De brandweer  rukte uit. ');
      expect(inContext(db, [2, 3], 'De brandweer rukte uit.')).toEqual(new Set([3]));
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      store.close();
    }
  });
});
