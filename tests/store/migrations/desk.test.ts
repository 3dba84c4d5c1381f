// The desk migration: a TM from the version before it keeps its pairs, history and change
// sets, gains the (empty) desk link, and its pairs are not yet shared (no uuid, no desk order).
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskLink, pendingCount, tmIsEmpty } from '../../../src/store/desk.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/store/migrations/index.js';
import { migrate009 } from '../../../src/store/migrations/009-desk.js';
import { openStore } from '../../../src/store/open.js';
import { getPair, pairHistory } from '../../../src/store/pairs.js';
import { listChanges } from '../../../src/store/changes.js';
import { tempDir } from '../../helpers/cli.js';
import { writeOldSchema } from '../../helpers/old-schema.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('migration: desk link', () => {
  it('keeps pairs, history and change sets of the version before, and starts unlinked', () => {
    const path = join(dir, 'tm.sqlite');
    // The schema a TM has just before this migration runs: the version of the one before it.
    const before = MIGRATIONS[MIGRATIONS.findIndex((m) => m.up === migrate009) - 1]!.version;
    writeOldSchema(path, before, (db) => {
      db.prepare(
        `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status,
           approved_by, approved_at, changed_by, changed_at)
         VALUES ('segment', 'Goedemorgen.', 'Good morning.', 'Goedemorgen.', 'Good morning.', 12, 13, 'proposed', 'anna',
           '2022-01-24T10:00:00.000Z', 'anna', '2022-01-24T10:00:00.000Z')`,
      ).run();
      db.prepare(`INSERT INTO change_sets (uuid, command, by, at, pairs) VALUES ('6f1c…', 'add', 'anna', '2022-01-24T10:00:00.000Z', 1)`).run();
      db.prepare(`INSERT INTO pair_history (pair_id, action, at, by, change_id) VALUES (1, 'add', '2022-01-24T10:00:00.000Z', 'anna', 1)`).run();
    });
    const s = openStore(path, { create: false });
    try {
      expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(getPair(s.db, 1)).toMatchObject({ source: 'Goedemorgen.', target: 'Good morning.', approvedBy: 'anna', status: 'proposed' });
      expect(pairHistory(s.db, 1)).toMatchObject([{ action: 'add', change: 1 }]);
      expect(listChanges(s.db, { limit: 10 })).toMatchObject([{ id: 1, command: 'add', by: 'anna', pairs: 1 }]);
      expect(s.db.prepare(`SELECT uuid, desk_seq, desk_hidden FROM pairs`).get()).toEqual({ uuid: null, desk_seq: null, desk_hidden: 0 });
      expect(deskLink(s.db)).toBeNull();
      expect(pendingCount(s.db)).toBe(0);
      expect(tmIsEmpty(s.db)).toBe(false);
    } finally {
      s.close();
    }
  });
});
