// The lookup index records the format of its posting lists. Lists in another format (written
// by another version of ntm, or before formats were recorded) are never read: opening the TM
// for writing rebuilds them, a write rebuilds them, and a lookup that meets them refuses and
// names the doctor, which rebuilds them too. And the keys of the lists stay exact doubles.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { examine } from '../../src/store/doctor.js';
import { findMatchIds, findMatchIdsExhaustive } from '../../src/store/lookup.js';
import { CHUNK_SLOTS, listKey } from '../../src/store/match-index/codec.js';
import { dumpMatchIndex, indexState, POSTING_FORMAT, syncMatchIndex } from '../../src/store/match-index/index.js';
import { SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open.js';
import { addPair } from '../../src/store/pairs.js';
import { cli } from '../helpers/run.js';
import { tempDir } from '../helpers/cli.js';

let dir: string;
let path: string;
let cleanup: () => void;
let fresh: Map<string, string[]>;

const sentences = [
  'De gevangenis werd bestormd.',
  'De gevangenis werd gisteren bestormd.',
  'Koerdische strijdkrachten heroverden de gevangenis.',
  'Honderden gevangenen ontsnapten uit de gevangenis.',
  'zelfbenoemde kalifaat',
];
const query = 'De gevangenis werd gisteren niet bestormd.';
const opts = { min: 50, limit: 5 };

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  path = join(dir, 'tm.sqlite');
  const s = openStore(path, { create: true });
  sentences.forEach((source, i) => {
    addPair(s.db, { kind: 'segment', source, target: `English ${i}`, by: 'anna' });
  });
  syncMatchIndex(s.db, { force: true });
  fresh = dumpMatchIndex(s.db);
  expect(fresh.size).toBeGreaterThan(100);
  s.close();
});
afterEach(() => cleanup());

/**
 * Marks the stored lists as written in another format, and makes them what that format's
 * lists could be: bytes this ntm would decode into wrong ids. A lookup that read them would
 * answer wrongly (or not at all).
 */
function writtenByAnotherVersion(db: Database.Database): void {
  db.prepare(`UPDATE match_state SET format = ?`).run(POSTING_FORMAT + 1);
  db.prepare(`UPDATE match_postings SET ids = x'0105'`).run();
}

describe('an index in another posting format', () => {
  it('is rebuilt when the TM is opened for writing, and lookups are exact', () => {
    const raw = new Database(path);
    writtenByAnotherVersion(raw);
    raw.close();
    const notices: string[] = [];
    const s = openStore(path, { create: false, onNotice: (m) => notices.push(m) });
    try {
      expect(indexState(s.db).format).toBe(POSTING_FORMAT);
      expect(dumpMatchIndex(s.db)).toEqual(fresh);
      expect(findMatchIds(s.db, query, opts)).toEqual(findMatchIdsExhaustive(s.db, query, opts));
      expect(findMatchIds(s.db, query, opts).length).toBeGreaterThan(1);
      expect(notices).toEqual([`rebuilt the lookup index of ${path} for this version of ntm (5 pairs)`]);
    } finally {
      s.close();
    }
  });

  it('is rebuilt through the CLI too: ntm lookup says so and answers right', async () => {
    const raw = new Database(path);
    writtenByAnotherVersion(raw);
    raw.close();
    const r = await cli(['--db', path, 'lookup', '--json', '--min', '50', query]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('rebuilt the lookup index');
    const s = openStore(path, { create: false });
    try {
      const ids = (JSON.parse(r.stdout) as { matches: { id: number }[] }).matches.map((m) => m.id);
      expect(ids).toEqual(findMatchIdsExhaustive(s.db, query, opts).map((m) => m.id));
    } finally {
      s.close();
    }
  });

  it('met by a lookup of a process that already had the TM open: refused with the doctor named; the doctor rebuilds it', () => {
    const s = openStore(path, { create: false });
    try {
      const other = new Database(path);
      writtenByAnotherVersion(other);
      other.close();
      expect(() => findMatchIds(s.db, query, opts)).toThrow(/another version of ntm.*ntm doctor --repair/);

      const report = examine(s.db, { knownSchemaVersion: SCHEMA_VERSION });
      expect(report.ok).toBe(false);
      expect(report.derived.find((d) => d.name === 'match-index')!.stale).toBeGreaterThan(0);
      const repaired = examine(s.db, { knownSchemaVersion: SCHEMA_VERSION, repair: true });
      expect(repaired.ok).toBe(true);
      expect(dumpMatchIndex(s.db)).toEqual(fresh);
      expect(findMatchIds(s.db, query, opts)).toEqual(findMatchIdsExhaustive(s.db, query, opts));
    } finally {
      s.close();
    }
  });

  it('is rebuilt, not added to, by the next write', () => {
    const s = openStore(path, { create: false });
    try {
      writtenByAnotherVersion(s.db);
      addPair(s.db, { kind: 'segment', source: 'De gevangenis werd opnieuw bestormd.', target: 'English 5', by: 'anna' });
      expect(indexState(s.db).format).toBe(POSTING_FORMAT);
      expect(findMatchIds(s.db, query, opts)).toEqual(findMatchIdsExhaustive(s.db, query, opts));
      expect(findMatchIds(s.db, query, opts).length).toBeGreaterThan(2);
    } finally {
      s.close();
    }
  });
});

describe('posting list keys', () => {
  it('stay within the 53 bits a double holds exactly, and refuse parts out of range', () => {
    const top = listKey(3, 2 ** 32 - 1, 63) * CHUNK_SLOTS + CHUNK_SLOTS - 1;
    expect(top).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
    expect(top).toBeGreaterThan(2 ** 52);
    expect(listKey(0, 0, 0)).toBe(0);
    for (const [side, gram, band] of [
      [4, 0, 0],
      [0, 2 ** 32, 0],
      [0, 0, 64],
      [-1, 0, 0],
      [0, -1, 0],
    ] as const) {
      expect(() => listKey(side, gram, band)).toThrow(RangeError);
    }
  });
});
