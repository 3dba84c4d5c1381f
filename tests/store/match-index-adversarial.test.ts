// The parts of a lookup that skip work (lists left unread, the probe's raised floor, bigrams
// counted only where they can reappear, texts ruled out by the positional bound) must never
// cost a match, above all on texts built to stress them: every bigram common, one bigram
// repeated well past the count a posting stores in one byte, texts of one character, and
// stored texts exactly at the edges of a query's length window. Each lookup is compared with
// the exhaustive scan.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lengthWindow, maxDistance } from '../../src/core/score.js';
import { findMatchIds, findMatchIdsExhaustive } from '../../src/store/lookup.js';
import { setSkipFromBytes, syncMatchIndex } from '../../src/store/match-index/index.js';
import { openStore, type Store } from '../../src/store/open.js';
import { addPair, deletePair, editPair } from '../../src/store/pairs.js';

const common = fc.string({ unit: fc.constantFrom('e', 'n', ' '), minLength: 1, maxLength: 60 });
const repeated = fc
  .record({
    unit: fc.constantFrom('ab', 'a', 'ee', 'ab '),
    times: fc.integer({ min: 1, max: 160 }),
    tail: fc.string({ unit: fc.constantFrom('a', 'b', 'x'), maxLength: 4 }),
  })
  .map(({ unit, times, tail }) => unit.repeat(times) + tail);
const single = fc.constantFrom('a', 'b', 'e', 'é', ' ', '.', 'ab');
const anyText = fc.oneof(common, repeated, single);

/** Texts of the lengths at the edges of the window of `query` at `min`, and just inside the edit budget. */
function atTheBounds(query: string, min: number): string[] {
  const L = query.length;
  const { lo, hi } = lengthWindow(L, min);
  const k = maxDistance(L, min);
  const out: string[] = [];
  for (const len of [lo, lo - 1, Math.min(hi, L * 3), Math.min(hi, L * 3) + 1, L - k, L + k, L]) {
    if (len < 1 || len > 400) continue;
    // A stretch of the query, padded with its own first unit: as close as a text of that length gets.
    out.push(len <= L ? query.slice(0, len) : query + query[0]!.repeat(len - L));
  }
  return out;
}

function expectExact(store: Store, text: string, min: number, limit: number): void {
  for (const reverse of [false, true]) {
    const opts = { min, limit, reverse };
    const exact = findMatchIdsExhaustive(store.db, text, opts);
    expect(findMatchIds(store.db, text, opts), JSON.stringify({ text, ...opts })).toEqual(exact);
    // analyze's near mode (no probe; guesses below min) must be exact from min up too.
    const near = findMatchIds(store.db, text, { ...opts, near: { min: Math.floor(min / 2), budget: limit * 3 } });
    expect(
      near.filter((m) => m.score >= min),
      JSON.stringify({ text, near: true, ...opts }),
    ).toEqual(exact);
  }
}

describe('lookups on adversarial texts equal the exhaustive scan', () => {
  for (const skipAll of [false, true]) {
    describe(skipAll ? 'with any list allowed to go unread' : 'with lists read as in a small TM', () => {
      beforeAll(() => setSkipFromBytes(skipAll ? 1 : undefined));
      afterAll(() => setSkipFromBytes());

      it('all-common, repeated and one-character texts, texts at the window edges, before and after edits', () => {
        fc.assert(
          fc.property(
            fc.array(anyText, { minLength: 5, maxLength: 40 }),
            fc.array(fc.record({ text: anyText, min: fc.constantFrom(0, 1, 30, 50, 51, 70, 75, 90, 99, 100), limit: fc.integer({ min: 1, max: 6 }) }), {
              minLength: 1,
              maxLength: 4,
            }),
            (stored, queries) => {
              const store = openStore(':memory:', { create: true });
              try {
                const texts = [...stored, ...queries.flatMap((q) => atTheBounds(q.text, q.min || 1))];
                store.db.transaction(() => {
                  texts.forEach((source, i) => {
                    try {
                      addPair(store.db, { kind: 'segment', by: 't', source, target: `${i} ${source}` });
                    } catch {
                      // the same pair twice: refused, as it should be
                    }
                  });
                })();
                syncMatchIndex(store.db, { force: true });
                for (const q of queries) expectExact(store, q.text, q.min, q.limit);
                // Edits and deletes wait in the backlog, then are folded in.
                const ids = store.db.prepare(`SELECT id FROM pairs ORDER BY id`).pluck().all() as number[];
                if (ids.length > 2) {
                  editPair(store.db, ids[0]!, { source: `${queries[0]!.text}e` }, 't');
                  deletePair(store.db, ids[1]!, 't');
                }
                for (const q of queries) expectExact(store, q.text, q.min, q.limit);
                syncMatchIndex(store.db, { force: true });
                for (const q of queries) expectExact(store, q.text, q.min, q.limit);
              } finally {
                store.close();
              }
            },
          ),
          { numRuns: 25 },
        );
      });
    });
  }

  it('with ids whose gaps need four bytes, and a bigram repeated past a byte', () => {
    const store = openStore(':memory:', { create: true });
    try {
      const insert = store.db.prepare(
        `INSERT INTO pairs (id, kind, source, target, source_norm, target_norm, source_len, target_len, status,
           approved_by, approved_at, changed_by, changed_at)
         VALUES (?, 'segment', ?, ?, ?, ?, ?, ?, 'approved', 't', 't', 't', 't')`,
      );
      const texts = ['ab'.repeat(130), `${'ab'.repeat(129)}x`, 'ba'.repeat(131), 'a', `${'ab'.repeat(120)}abab`];
      texts.forEach((s, i) => {
        insert.run(1 + i * 2 ** 25, s, `t${i}`, s, `t${i}`, s.length, `t${i}`.length);
      });
      syncMatchIndex(store.db, { force: true });
      for (const min of [0, 50, 70, 90, 99]) for (const q of [texts[0]!, 'ab'.repeat(128), 'a']) expectExact(store, q, min, 3);
    } finally {
      store.close();
    }
  });
});
