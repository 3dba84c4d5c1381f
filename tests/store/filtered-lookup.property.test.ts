// A filtered lookup is exact in recall (SPEC): for any filter, query, --min and --limit, the
// indexed lookup returns exactly the N best of an exhaustive scan over the pairs the filter
// admits — the filter acts before the top-N cut, inside the lookup. The admitted set is
// worked out here from the pairs' own fields, independently of the store's SQL.
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PairFilter } from '../../src/core/filter.js';
import { rankExhaustive } from '../../src/core/match.js';
import { norm } from '../../src/core/normalize.js';
import { filterAdmits } from '../../src/store/filter.js';
import { asyncTransaction, importUnits } from '../../src/store/import.js';
import { findMatchIds } from '../../src/store/lookup.js';
import { setSkipFromBytes } from '../../src/store/match-index/index.js';
import { openStore, type Store } from '../../src/store/open.js';
import { addPair } from '../../src/store/pairs.js';
import { tempDir } from '../helpers/cli.js';
import { loadRealPairs } from '../helpers/real-pairs.js';

const REAL = loadRealPairs(175);
const SOURCES = REAL.map((p) => p.source);
const loadedTargets = REAL.map((p) => p.target);

interface Known {
  id: number;
  source: string;
  ref: string;
  by: string;
  at: string;
  tags: string[];
}

const REFS = ['nos-1', 'nos-2', 'vk-3'];
const PEOPLE = ['anna', 'bob', 'cees'];
const TAGS = ['syria', 'iraq', 'brexit'];
const dateOf = (i: number) => `202${i % 4}-0${1 + (i % 9)}-1${i % 10}T10:00:00.000Z`;

let store: Store;
let cleanup: () => void;
const known: Known[] = [];

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  store = openStore(join(t.dir, 'tm.sqlite'), { create: true });
  // Real sentences, each also stored in near variants with other fields: a query has many
  // matches close together, admitted and not, which is where a cut before the filter shows.
  const pairs = SOURCES.slice(0, 175).flatMap((source, i) =>
    [source, source.slice(0, Math.max(4, source.length - 6)), `${source} gisteren`, source.replace(/[aeiou]/, 'y')].map((v, k) => ({
      source: v,
      target: `${loadedTargets[i]} (${k})`,
    })),
  );
  const attrs = (i: number) => ({ ref: REFS[i % 3]!, by: PEOPLE[(i >> 1) % 3]!, at: dateOf(i), tags: TAGS.filter((_, k) => (i >> k) % 2 === 1) });
  // Most pairs through the index; the last hundred after it, so they are scored from the backlog.
  const indexed = pairs.slice(0, 600);
  await asyncTransaction(store.db, () =>
    importUnits(
      store.db,
      indexed.map((p, i) => ({ line: i + 1, source: p.source, target: p.target, ...attrs(i) })),
      { kind: 'segment', by: 'corpus' },
    ),
  );
  const indexOf = new Map(pairs.map((p, i) => [norm(p.target), i]));
  const rows = store.db.prepare(`SELECT id, source_norm, target_norm FROM pairs ORDER BY id`).all() as {
    id: number;
    source_norm: string;
    target_norm: string;
  }[];
  for (const r of rows) known.push({ id: r.id, source: r.source_norm, ...attrs(indexOf.get(r.target_norm)!) });
  expect(known.length).toBeGreaterThan(590);
  store.db.transaction(() => {
    for (const [k, p] of pairs.slice(600).entries()) {
      const i = 600 + k;
      const a = attrs(i);
      const r = addPair(store.db, { kind: 'segment', source: p.source, target: p.target, by: a.by, at: a.at, ref: a.ref, tags: a.tags });
      if (r.outcome === 'added') known.push({ id: r.id, source: norm(p.source), ...a });
    }
  })();
});
afterAll(() => {
  setSkipFromBytes();
  store.close();
  cleanup();
});

function admits(f: PairFilter, k: Known): boolean {
  return (
    (f.ref === undefined || k.ref === f.ref) &&
    (f.by === undefined || k.by === f.by) &&
    (f.tag === undefined || k.tags.includes(f.tag)) &&
    (f.since === undefined || k.at >= f.since)
  );
}

const filterArb = fc.record(
  {
    ref: fc.constantFrom(...REFS),
    by: fc.constantFrom(...PEOPLE),
    tag: fc.constantFrom(...TAGS),
    since: fc.integer({ min: 0, max: 40 }).map(dateOf),
  },
  { requiredKeys: [] },
);

/** A query near a stored sentence: itself, cut, a letter changed, a word added. */
const queryArb = fc.tuple(fc.integer({ min: 0, max: 174 }), fc.integer({ min: 0, max: 3 })).map(([i, how]) => {
  const s = SOURCES[i]!;
  if (how === 0) return s;
  if (how === 1) return s.slice(0, Math.max(4, Math.floor(s.length * 0.85)));
  if (how === 2) return s.replace(/[aeiou]/g, 'y');
  return `${s} vandaag`;
});

describe('a filtered lookup', () => {
  it('equals the exhaustive scan over the pairs the filter admits, at any --min and --limit', () => {
    for (const skipFrom of [undefined, 1]) {
      // 1: any posting list may be left uncounted, so that path is taken too.
      setSkipFromBytes(skipFrom);
      fc.assert(
        fc.property(filterArb, queryArb, fc.constantFrom(50, 70, 90), fc.integer({ min: 1, max: 6 }), (f, query, min, limit) => {
          const admit = filterAdmits(store.db, f);
          const fast = findMatchIds(store.db, query, { min, limit, admit });
          const candidates = known.filter((k) => admits(f, k)).map((k) => ({ id: k.id, source: k.source }));
          expect(fast).toEqual(rankExhaustive(norm(query), candidates, { min, limit }));
        }),
        { numRuns: 60, seed: 18 },
      );
    }
  });
});
