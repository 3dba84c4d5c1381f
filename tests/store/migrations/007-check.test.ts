// The check's schema (term rules, accepted findings) on a TM an older ntm wrote: the pairs
// stay, every term keeps being found as before, and the new rules and acceptances can be
// stored. Written against "the version before this one", so renumbering it changes nothing.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTermIndex, findTerms } from '../../../src/core/terms.js';
import { acceptancesOf, acceptFindings } from '../../../src/store/accepted.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/store/migrations/index.js';
import { migrate007 } from '../../../src/store/migrations/007-check.js';
import { openStore } from '../../../src/store/open.js';
import { loadTermEntries, setTermRules } from '../../../src/store/terms.js';
import { tempDir } from '../../helpers/cli.js';
import { writeOldSchema } from '../../helpers/old-schema.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** The schema a TM has just before this migration runs: the version of the one before it. */
const BEFORE = MIGRATIONS[MIGRATIONS.findIndex((m) => m.up === migrate007) - 1]!.version;

describe('migration 007 (term rules, accepted findings)', () => {
  it('keeps every term as it was found, and takes rules and acceptances afterwards', () => {
    expect(BEFORE).toBeGreaterThan(0);
    const path = join(dir, 'tm.sqlite');
    writeOldSchema(path, BEFORE, (db) => {
      const insert = db.prepare(
        `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status,
           approved_by, approved_at, changed_by, changed_at)
         VALUES ('term', ?, ?, ?, ?, ?, ?, ?, 'anna', '2022-01-24T10:00:00.000Z', 'anna', '2022-01-24T10:00:00.000Z')`,
      );
      for (const [s, t, status] of [
        ['raad', 'council', 'approved'],
        ['Kamer', 'House', 'approved'],
        ['trainer', 'coach', 'approved'],
      ])
        insert.run(s, t, s, t, s!.length, t!.length, status);
    });
    const store = openStore(path, { create: false });
    try {
      const db = store.db;
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const before = loadTermEntries(db);
      expect(before.map((t) => [t.source, t.approved, t.matchCase, t.compounds])).toEqual([
        ['raad', ['council'], undefined, undefined],
        ['Kamer', ['House'], undefined, undefined],
        ['trainer', ['coach'], undefined, undefined],
      ]);
      // Without rules a term is found in any case and in compounds, as before.
      const found = (text: string) => findTerms(buildTermIndex(loadTermEntries(db)), text).map((o) => o.text);
      expect(found('De raadpleging en de hotelkamer.')).toEqual(['raad', 'kamer']);
      db.transaction(() => {
        setTermRules(db, 'raad', { compounds: 'last' }, 'bob', '2024-03-01T09:00:00.000Z');
        setTermRules(db, 'Kamer', { matchCase: true }, 'bob', '2024-03-01T09:00:00.000Z');
      })();
      expect(found('De raadpleging en de hotelkamer.')).toEqual([]);
      expect(found('De gemeenteraad en de Kamerleden.')).toEqual(['raad', 'Kamer']);
      acceptFindings(db, [{ id: '0123456789ab', kind: 'term-missing', term: 'raad' }], { by: 'bob', at: '2024-03-01T09:00:00.000Z', note: 'fine' });
      expect(acceptancesOf(db, ['0123456789ab', 'ffffffffffff'])).toEqual(
        new Map([['0123456789ab', { by: 'bob', at: '2024-03-01T09:00:00.000Z', note: 'fine' }]]),
      );
    } finally {
      store.close();
    }
  });
});
