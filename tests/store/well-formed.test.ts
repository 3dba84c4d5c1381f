// Text that is not well-formed UTF-16 (a lone surrogate, which only the library API can hand
// over) is refused by the store, never stored as invalid UTF-8 that reads back as U+FFFD
// (#14 item 13). Real SQLite files; the same checks every command goes through.
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { asyncTransaction, importUnits } from '../../src/store/import.js';
import { openStore, type Store } from '../../src/store/open.js';
import { addPair, editPair } from '../../src/store/pairs.js';
import { snapshotDb, tempDir } from '../helpers/cli.js';

let store: Store;
let path: string;
let cleanup: () => void;
beforeEach(() => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  path = join(dir, 'tm.sqlite');
  store = openStore(path, { create: true });
  addPair(store.db, { kind: 'segment', source: 'Een zin.', target: 'A sentence.', by: 'anna' });
});
afterEach(() => {
  store.close();
  cleanup();
});

const half = '\uD83D'; // the first half of 😀, alone

it('add refuses a lone surrogate in any text it stores, and stores nothing', () => {
  const before = snapshotDb(path);
  const base = { kind: 'segment' as const, source: 'Twee zinnen.', target: 'Two sentences.', by: 'anna' };
  for (const bad of [
    { source: `Twee ${half}zinnen.` },
    { target: `Two ${half}` },
    { by: `anna${half}` },
    { note: `let op ${half}` },
    { ref: `${half}x` },
    { tags: ['ok', `tag${half}`] },
  ]) {
    expect(() => store.db.transaction(() => addPair(store.db, { ...base, ...bad }))(), JSON.stringify(bad)).toThrow(InputError);
    expect(() => addPair(store.db, { ...base, ...bad })).toThrow(/half of a character/);
  }
  expect(snapshotDb(path)).toBe(before);
  // A whole surrogate pair is a character like any other.
  expect(addPair(store.db, { ...base, target: 'Two sentences 😀.' }).outcome).toBe('added');
});

it('edit refuses one too', () => {
  const before = snapshotDb(path);
  expect(() => editPair(store.db, 1, { target: `A ${half}sentence.` }, 'anna')).toThrow(/half of a character/);
  expect(() => editPair(store.db, 1, { note: half }, 'anna')).toThrow(/half of a character/);
  expect(snapshotDb(path)).toBe(before);
});

it('an import skips such a unit with the reason, and stores the rest', async () => {
  const units = [
    { line: 1, source: `Kapot ${half}.`, target: 'Broken.' },
    { line: 2, source: 'Heel.', target: 'Whole.' },
  ];
  const report = await asyncTransaction(store.db, () => importUnits(store.db, units, { kind: 'segment', by: 'anna' }));
  expect(report.imported).toBe(1);
  expect(report.skipped).toEqual([{ line: 1, reason: expect.stringMatching(/half of a character/) }]);
  const stored = store.db.prepare(`SELECT source FROM pairs ORDER BY id`).pluck().all();
  expect(stored).toEqual(['Een zin.', 'Heel.']);
});
