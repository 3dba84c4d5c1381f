// Real Dutch–English pairs that nobody on this project wrote, for recall tests: the sample in
// tests/fixtures/corpus/ (its sources and licences are in tests/fixtures/SOURCES.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncTransaction, importUnits } from '../../src/store/import.js';
import { openStore, type Store } from '../../src/store/open.js';
import { ROOT, tempDir } from './cli.js';

export interface RealPair {
  source: string;
  target: string;
}

export const REAL_PAIRS_FILE = join(ROOT, 'tests', 'fixtures', 'corpus', 'nl-en-sample.tsv');

/** The first `max` pairs of the sample, in file order (distinct, none over 300 characters). */
export function loadRealPairs(max: number): RealPair[] {
  const pairs: RealPair[] = [];
  for (const line of readFileSync(REAL_PAIRS_FILE, 'utf8').split('\n')) {
    if (pairs.length >= max) break;
    const [source, target] = line.split('\t');
    if (source && target) pairs.push({ source, target });
  }
  return pairs;
}

/** A TM in a temp folder holding the first `max` real pairs; `close` removes it. */
export async function realTm(max: number): Promise<{ store: Store; pairs: RealPair[]; close: () => void }> {
  const t = tempDir();
  const pairs = loadRealPairs(max);
  const store = openStore(join(t.dir, 'tm.sqlite'), { create: true });
  await asyncTransaction(store.db, () =>
    importUnits(
      store.db,
      pairs.map((p, i) => ({ line: i + 1, source: p.source, target: p.target })),
      { kind: 'segment', by: 'corpus' },
    ),
  );
  return {
    store,
    pairs,
    close: () => {
      store.close();
      t.cleanup();
    },
  };
}

/** Deterministic small edits of a real sentence: what a near-repeat in the news looks like. */
export function variant(s: string, i: number): string {
  const words = s.split(' ');
  switch (i % 5) {
    case 0:
      return s;
    case 1:
      return words.slice(1).join(' ') || `${s} en`;
    case 2:
      return s.replace(/[aeiou]/, 'ë');
    case 3:
      return [...words.slice(0, -1), 'gisteren', ...words.slice(-1)].join(' ');
    default:
      return s.toUpperCase().slice(0, Math.max(3, Math.floor(s.length * 0.8)));
  }
}
