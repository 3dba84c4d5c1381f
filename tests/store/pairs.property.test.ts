// Property-based tests for add and lookup through the store: random Unicode text, random
// sizes. A pair that can be stored is found again at 100; nothing ever throws anything but
// the typed errors the CLI explains.
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { findMatches } from '../../src/store/lookup.js';
import { openStore, type Store } from '../../src/store/open.js';
import { addPair, getPair, invalidPairReason } from '../../src/store/pairs.js';
import { tempDir } from '../helpers/cli.js';

let store: Store;
let cleanup: () => void;
beforeAll(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  store = openStore(join(t.dir, 'tm.sqlite'), { create: true });
});
afterAll(() => {
  store.close();
  cleanup();
});

/** Any well-formed Unicode: every plane, combining marks, white space of every kind. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u3000', 'e\u0301', 'é', 'ĳ', '𝔸', 'a'), maxLength: 12 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 200, maxLength: 2000 }),
);

describe('add and lookup, on random Unicode', () => {
  it('a pair that can be stored is found at 100 by its own Dutch (and English, reversed)', () => {
    fc.assert(
      fc.property(text, text, fc.constantFrom('segment', 'term') as fc.Arbitrary<'segment' | 'term'>, (source, target, kind) => {
        const reason = invalidPairReason(source, target, kind);
        if (reason) {
          expect(() => addPair(store.db, { kind, source, target, by: 'prop' })).toThrow(InputError);
          return;
        }
        const r = addPair(store.db, { kind, source, target, by: 'prop' });
        expect(['added', 'duplicate']).toContain(r.outcome);
        const stored = getPair(store.db, r.id);
        expect(stored.source).toBe(source.normalize('NFC').trim());
        const forward = findMatches(store.db, source, { min: 100, limit: 10_000 });
        expect(forward.find((m) => m.pair.id === r.id)?.score).toBe(100);
        const back = findMatches(store.db, target, { min: 100, limit: 10_000, reverse: true });
        expect(back.find((m) => m.pair.id === r.id)?.score).toBe(100);
      }),
      { numRuns: 200 },
    );
  });

  it('any query, at any --min and --limit, returns sorted scores within bounds and never throws', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 50 }), fc.boolean(), (query, min, limit, reverse) => {
        const matches = findMatches(store.db, query, { min, limit, reverse });
        expect(matches.length).toBeLessThanOrEqual(limit);
        for (const m of matches) {
          expect(m.score).toBeGreaterThanOrEqual(min);
          expect(m.score).toBeLessThanOrEqual(100);
        }
        const scores = matches.map((m) => m.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
      }),
      { numRuns: 100 },
    );
  });
});
