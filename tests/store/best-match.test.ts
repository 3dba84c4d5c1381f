// The exact-first shortcut of the article workflow must agree with a plain lookup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestMatches } from '../../src/store/best-match.js';
import { findMatches } from '../../src/store/lookup.js';
import { openStore, type Store } from '../../src/store/open.js';
import { addPair, deletePair } from '../../src/store/pairs.js';
import { loadRealPairs, type RealPair } from '../helpers/real-pairs.js';

let store: Store;
let pairs: RealPair[];

beforeAll(() => {
  pairs = loadRealPairs(1500);
  store = openStore(':memory:', { create: true });
  const { db } = store;
  db.transaction(() => {
    for (const p of pairs) addPair(db, { kind: 'segment', source: p.source, target: p.target, by: 'test' });
    // A sentence with two approved translations, one deleted and one forbidden pair.
    addPair(db, { kind: 'segment', source: pairs[10]!.source, target: 'another translation', by: 'test' });
    deletePair(db, addPair(db, { kind: 'segment', source: pairs[20]!.source, target: 'deleted one', by: 'test' }).id, 'test');
    addPair(db, { kind: 'segment', source: pairs[30]!.source, target: 'rejected', status: 'forbidden', by: 'test' });
  })();
});
afterAll(() => store.close());

describe('bestMatches', () => {
  it('gives the same best match as a lookup, for stored sentences and edited ones', () => {
    const queries = pairs.slice(0, 300).flatMap((p, i) => [p.source, i % 2 ? p.source.slice(1) : `${p.source} nu`]);
    for (const q of queries) {
      const best = bestMatches(store.db, q, { min: 50, limit: 1 });
      const plain = findMatches(store.db, q, { min: 50, limit: 1 });
      expect(
        best.map((m) => [m.pair.id, m.score]),
        q,
      ).toEqual(plain.map((m) => [m.pair.id, m.score]));
    }
  });

  it('returns every exact match, newest first, and nothing fuzzy, when there are exact ones', () => {
    const source = pairs[10]!.source;
    const best = bestMatches(store.db, `  ${source} `, { min: 50, limit: 5 });
    expect(best.map((m) => m.pair.target)).toEqual(['another translation', pairs[10]!.target]);
    expect(best.every((m) => m.score === 100)).toBe(true);
    const plain = findMatches(store.db, source, { min: 50, limit: 5 }).filter((m) => m.score === 100);
    expect(best.map((m) => m.pair.id)).toEqual(plain.map((m) => m.pair.id));
  });
});
