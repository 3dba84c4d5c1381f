// Schema 3 (pair_extras): a translation memory at schema 2 keeps its pairs and gains the table.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { saveExtras, exportUnits } from '../../src/store/interchange.js';
import { openStore } from '../../src/store/open.js';
import { tempDir } from '../helpers/cli.js';
import { writeOldSchema } from '../helpers/old-schema.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('migration 003: interchange extras', () => {
  it('upgrades a schema-2 database: pairs kept, extras stored and read back with them', () => {
    const path = join(dir, 'tm.sqlite');
    writeOldSchema(path, 2, (raw) =>
      raw
        .prepare(
          `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status,
             approved_by, approved_at, changed_by, changed_at) VALUES ('segment', 'autobom', 'car bomb', 'autobom', 'car bomb', 7, 8, 'approved', 'desk', '2022-01-24T10:00:00.000Z', 'desk', '2022-01-24T10:00:00.000Z')`,
        )
        .run(),
    );

    const s = openStore(path, { create: false });
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    saveExtras(s.db, 1, {
      line: 1,
      source: 'autobom',
      target: 'car bomb',
      targetMarkup: '<ph>&lt;b/&gt;</ph>car bomb',
      props: [{ type: 'x-domain', value: 'news' }],
      attrs: { tuid: '7' },
    });
    const [u] = [...exportUnits(s.db, {})];
    expect(u).toMatchObject({
      source: 'autobom',
      by: 'desk',
      targetMarkup: '<ph>&lt;b/&gt;</ph>car bomb',
      props: [{ type: 'x-domain', value: 'news' }],
      attrs: { tuid: '7' },
    });
    // The extras go with their pair.
    expect(() => s.db.prepare(`INSERT INTO pair_extras (pair_id, props) VALUES (99, '[]')`).run()).toThrow(/FOREIGN KEY/);
    expect(() => s.db.prepare(`UPDATE pair_extras SET props = 'not json' WHERE pair_id = 1`).run()).toThrow(/CHECK/);
    s.close();
  });
});
