// Bulk import: the fast path must behave exactly like adding the pairs one by one.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import type { ReadItem } from '../../src/core/units.js';
import { asyncTransaction, importUnits } from '../../src/store/import.js';
import { findMatchIds, findMatchIdsExhaustive } from '../../src/store/lookup.js';
import { indexState } from '../../src/store/match-index/index.js';
import { openStore, type Store } from '../../src/store/open.js';
import { addPair, pairHistory } from '../../src/store/pairs.js';
import { tempDir } from '../helpers/cli.js';

let store: Store;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  store = openStore(join(t.dir, 'tm.sqlite'), { create: true });
});
afterEach(() => {
  store.close();
  cleanup();
});

const units = (n: number, from = 0): ReadItem[] =>
  Array.from({ length: n }, (_, i) => ({ line: i + 1, source: `Zin nummer ${from + i} over de stad`, target: `Sentence number ${from + i} about the city` }));

function indexesOnPairs(): string[] {
  return store.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'pairs' ORDER BY name`).pluck().all() as string[];
}

describe('importing many pairs', () => {
  it('keeps every index, writes the history of each pair and brings the lookup index up to date', async () => {
    addPair(store.db, { kind: 'segment', source: 'Zin nummer 7 over de stad', target: 'Sentence number 7 about the city', by: 'anna' });
    const before = indexesOnPairs();
    const report = await asyncTransaction(store.db, () => importUnits(store.db, units(5000), { kind: 'segment', by: 'desk', tags: ['bulk'] }));
    expect(report).toEqual({ imported: 4999, duplicates: 1, skipped: [] });
    expect(indexesOnPairs()).toEqual(before);
    expect(store.db.prepare(`SELECT count(*) FROM pair_history WHERE action = 'add'`).pluck().get()).toBe(5000);
    const last = store.db.prepare(`SELECT max(id) FROM pairs`).pluck().get() as number;
    expect(pairHistory(store.db, last)).toMatchObject([{ action: 'add', by: 'desk', before: null, after: null }]);
    expect(store.db.prepare(`SELECT count(*) FROM pair_tags WHERE tag = 'bulk'`).pluck().get()).toBe(4999);
    expect(indexState(store.db).through).toBe(last);
    const opts = { min: 60, limit: 7 };
    expect(findMatchIds(store.db, 'Zin nummer 12 over de staat', opts)).toEqual(findMatchIdsExhaustive(store.db, 'Zin nummer 12 over de staat', opts));
  });

  it('finds duplicates and conflicts late in a large import as early ones', async () => {
    const items: ReadItem[] = [
      ...units(4000),
      { line: 4001, source: 'Zin nummer 10 over de stad', target: 'Sentence number 10 about the city' },
      { line: 4002, source: 'Zin  nummer 11 over de stad ', target: 'Sentence number 11 about the city' },
      { line: 4003, source: 'Zin nummer 12 over de stad', target: 'Sentence number 12 about the city', status: 'forbidden' },
      { line: 4004, source: 'Zin nummer 12 over de stad', target: 'Sentence number 12 about the city', kind: 'term' },
      { line: 4005, source: 'Nog een zin', target: 'One more sentence' },
      { line: 4006, source: 'Nog een zin', target: 'One more sentence' },
    ];
    const report = await asyncTransaction(store.db, () => importUnits(store.db, items, { kind: 'segment', by: 'desk' }));
    expect(report.imported).toBe(4002);
    expect(report.duplicates).toBe(3);
    expect(report.skipped).toEqual([{ line: 4003, reason: 'the same pair is stored as approved (#13); edit #13 to change it' }]);
    expect(indexesOnPairs()).toContain('pairs_unique_live');
    expect(addPair(store.db, { kind: 'segment', source: 'Nog een zin', target: 'One more sentence', by: 'anna' }).outcome).toBe('duplicate');
  });

  it('leaves the database as it was when a file fails after thousands of good lines', async () => {
    const before = indexesOnPairs();
    async function* failing(): AsyncGenerator<ReadItem> {
      yield* units(4000);
      throw new InputError('expected 2 columns (Dutch tab English), found 3', 'big.tsv', 4001);
    }
    await expect(asyncTransaction(store.db, () => importUnits(store.db, failing(), { kind: 'segment', by: 'desk' }))).rejects.toThrow(/found 3/);
    expect(store.db.prepare(`SELECT count(*) FROM pairs`).pluck().get()).toBe(0);
    expect(store.db.prepare(`SELECT count(*) FROM match_postings`).pluck().get()).toBe(0);
    expect(indexesOnPairs()).toEqual(before);
  });
});
