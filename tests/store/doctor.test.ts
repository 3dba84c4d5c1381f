// The doctor: finds derived data out of step with the pairs and rebuilds it on request;
// finds duplicates it cannot rebuild away; leaves everything alone without --repair.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DERIVED_DATA, type DerivedData } from '../../src/store/derived.js';
import { examine } from '../../src/store/doctor.js';
import { findMatches } from '../../src/store/lookup.js';
import { syncMatchIndex } from '../../src/store/match-index/index.js';
import { SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { openStore, type Store } from '../../src/store/open.js';
import { addPair } from '../../src/store/pairs.js';
import { snapshotDb, tempDir } from '../helpers/cli.js';

let store: Store;
let path: string;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  path = join(t.dir, 'tm.sqlite');
  store = openStore(path, { create: true });
  addPair(store.db, { kind: 'segment', source: 'De gevangenis werd bestormd.', target: 'The prison was stormed.', by: 'anna' });
  addPair(store.db, { kind: 'segment', source: 'De gevangenis werd bestormd.', target: 'The jail was stormed.', by: 'anna' });
  addPair(store.db, { kind: 'term', source: 'autobom', target: 'car bomb', by: 'anna' });
});
afterEach(() => {
  store.close();
  cleanup();
});

const known = { knownSchemaVersion: SCHEMA_VERSION };

describe('examine', () => {
  it('finds a healthy database healthy, conflicts noted but not a fault', () => {
    const r = examine(store.db, known);
    expect(r).toMatchObject({
      ok: true,
      integrity: { ok: true, messages: [] },
      foreignKeys: { ok: true, violations: 0 },
      schemaVersion: SCHEMA_VERSION,
      applicationIdOk: true,
      journalMode: 'wal',
      duplicates: 0,
      conflicts: 1,
      pairs: 3,
    });
    expect(r.derived.map((d) => [d.name, d.stale])).toEqual(DERIVED_DATA.map((d) => [d.name, 0]));
  });

  it('finds normal forms and lengths out of step, changes nothing, and rebuilds them with repair', () => {
    store.db.prepare(`UPDATE pairs SET source_norm = 'autoboom', source_len = 8 WHERE source = 'autobom'`).run();
    expect(findMatches(store.db, 'autobom', { min: 100, limit: 5 })).toEqual([]);
    const before = snapshotDb(path);
    const r = examine(store.db, known);
    expect(r.ok).toBe(false);
    expect(r.derived.find((d) => d.name === 'pair-norms')).toMatchObject({ stale: 1, repaired: 0 });
    expect(snapshotDb(path)).toBe(before);

    const fixed = examine(store.db, { ...known, repair: true });
    expect(fixed.ok).toBe(true);
    expect(fixed.derived.find((d) => d.name === 'pair-norms')).toMatchObject({ stale: 1, repaired: 1, unfixable: [] });
    expect(findMatches(store.db, 'autobom', { min: 100, limit: 5 })[0]?.pair.target).toBe('car bomb');
  });

  it('counts duplicates from the text itself, and says which pair it cannot repair', () => {
    // A pair whose text was changed behind ntm's back into another stored pair.
    store.db.prepare(`UPDATE pairs SET target = 'The prison was stormed.' WHERE target = 'The jail was stormed.'`).run();
    const r = examine(store.db, { ...known, repair: true });
    expect(r.ok).toBe(false);
    expect(r.duplicates).toBe(1);
    expect(r.derived[0]!.unfixable).toEqual([expect.stringMatching(/^#2 is the same pair as another stored pair/)]);
  });

  it('finds a synced lookup index healthy while changes wait in its backlog, without writing', () => {
    syncMatchIndex(store.db, { force: true });
    // Changes after the sync: the index still holds the old texts, the backlog says so.
    store.db.prepare(`UPDATE pairs SET source_norm = 'De gevangenis is bestormd.', source_len = 26 WHERE id = 1`).run();
    store.db.prepare(`UPDATE pairs SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE id = 2`).run();
    addPair(store.db, { kind: 'segment', source: 'Een nieuwe zin.', target: 'A new sentence.', by: 'anna' });
    expect(store.db.prepare(`SELECT count(*) FROM match_pending`).pluck().get()).toBe(2);
    const before = snapshotDb(path);
    const r = examine(store.db, known);
    expect(r.derived.find((d) => d.name === 'match-index')).toMatchObject({ stale: 0 });
    expect(snapshotDb(path)).toBe(before);
  });

  it('finds a damaged lookup index, changes nothing, and rebuilds it with repair', () => {
    syncMatchIndex(store.db, { force: true }); // the three pairs into the posting lists
    expect(store.db.prepare(`SELECT count(*) FROM match_postings`).pluck().get()).toBeGreaterThan(3);
    // Posting lists lost (a bad copy, a hand edit): the index would no longer find the pairs.
    store.db.prepare(`DELETE FROM match_postings WHERE rowid IN (SELECT rowid FROM match_postings LIMIT 3)`).run();
    const before = snapshotDb(path);
    const r = examine(store.db, known);
    expect(r.ok).toBe(false);
    expect(r.derived.find((d) => d.name === 'match-index')!.stale).toBeGreaterThan(0);
    expect(snapshotDb(path)).toBe(before);

    const fixed = examine(store.db, { ...known, repair: true });
    expect(fixed.ok).toBe(true);
    expect(fixed.derived.find((d) => d.name === 'match-index')).toMatchObject({ repaired: r.derived.find((d) => d.name === 'match-index')!.stale });
    expect(
      findMatches(store.db, 'De gevangenis werd bestormd', { min: 70, limit: 5 })
        .map((m) => m.pair.target)
        .sort(),
    ).toEqual(['The jail was stormed.', 'The prison was stormed.']);
  });

  it('runs every kind of derived data in the list it is given', () => {
    const calls: string[] = [];
    const fake: DerivedData = {
      name: 'fake-index',
      description: 'a candidate index',
      check: () => {
        calls.push('check');
        return calls.includes('rebuild') ? 0 : 2;
      },
      rebuild: () => {
        calls.push('rebuild');
        return { fixed: 2, unfixable: [] };
      },
    };
    const r = examine(store.db, { ...known, repair: true, derived: [...DERIVED_DATA, fake] });
    expect(r.ok).toBe(true);
    expect(r.derived.at(-1)).toMatchObject({ name: 'fake-index', stale: 2, repaired: 2 });
    expect(calls).toEqual(['check', 'rebuild', 'check']);
  });
});
