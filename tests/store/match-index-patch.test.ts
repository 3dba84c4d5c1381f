// Folding a backlog into the fuzzy index in place (match-index/patch.ts) must leave exactly the
// index a build from scratch makes, with lists split over many chunks, postings in band lists
// and in mixed lists, texts whose length moves them to another band, and a mixed list that grows
// past its cap; and `ntm replace` over more pairs than the backlog holds (so that it folds)
// followed by lookups and its undo must answer as the exhaustive scan does.
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asyncTransaction, importUnits } from '../../src/store/import.js';
import { findMatchIds, findMatchIdsExhaustive } from '../../src/store/lookup.js';
import { CHUNK_SLOTS, listKey, MIXED, MIXED_CAP, TARGET_SIDE } from '../../src/store/match-index/codec.js';
import { dumpMatchIndex, setIndexBuildMemory, setPatchUpTo, SYNC_BACKLOG, syncMatchIndex } from '../../src/store/match-index/index.js';
import { openStore, type Store } from '../../src/store/open.js';
import { addPair, deletePair, editPair, restorePair } from '../../src/store/pairs.js';
import { tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

const words = ['click', 'the', 'button', 'toolbar', 'dialog box', 'select', 'a', 'file', 'menu', 'open', 'zq', 'é'];
function sentences(seed: number, n: number): string[] {
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, (_, i) => {
    const k = 1 + Math.floor(rnd() * (rnd() < 0.2 ? 30 : 8));
    return `${Array.from({ length: k }, () => words[Math.floor(rnd() * words.length)]).join(' ')} ${i}`;
  });
}

/** The index as maintained equals the index built anew (checked, then rolled back). */
function expectSameAsRebuilt(store: Store): void {
  const db = store.db;
  const maintained = dumpMatchIndex(db);
  db.exec('BEGIN');
  try {
    db.exec(`DELETE FROM match_postings; DELETE FROM match_pending; UPDATE match_state SET indexed_through = 0`);
    syncMatchIndex(db, { force: true });
    expect(maintained).toEqual(dumpMatchIndex(db));
  } finally {
    db.exec('ROLLBACK');
  }
}

function expectLookupsExact(store: Store, queries: string[]): void {
  for (const text of queries) {
    for (const reverse of [false, true]) {
      const opts = { min: 40, limit: 5, reverse };
      expect(findMatchIds(store.db, text, opts), text).toEqual(findMatchIdsExhaustive(store.db, text, opts));
    }
  }
}

const change = fc.record({
  op: fc.constantFrom('target' as const, 'source' as const, 'delete' as const, 'restore' as const, 'forbid' as const, 'add' as const),
  pick: fc.nat(),
  text: fc.constantFrom(...sentences(11, 40)),
});

describe('a fold in place', () => {
  // Little build memory: lists of the initial build come in several chunks.
  beforeAll(() => setIndexBuildMemory(64 * 1024));
  afterAll(() => setIndexBuildMemory());
  afterEach(() => setPatchUpTo());

  for (const [name, upTo] of [
    ['patched in place', undefined],
    ['through a bulk build (large backlogs)', 0],
  ] as const) {
    it(`leaves the index a fresh build makes, ${name}`, async () => {
      setPatchUpTo(upTo);
      const initial = sentences(3, 300);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.array(change, { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 3 }), async (rounds) => {
          const store = openStore(':memory:', { create: true });
          try {
            await asyncTransaction(store.db, () =>
              importUnits(
                store.db,
                initial.map((t, i) => ({ line: i + 1, source: `nl ${t}`, target: t, status: 'approved' as const })),
                { kind: 'segment', by: 't' },
              ),
            );
            syncMatchIndex(store.db, { force: true });
            const ids = () => store.db.prepare(`SELECT id FROM pairs ORDER BY id`).pluck().all() as number[];
            for (const round of rounds) {
              for (const c of round) {
                const all = ids();
                const id = all[c.pick % all.length]!;
                try {
                  if (c.op === 'target') editPair(store.db, id, { target: `${c.text} ${id}` }, 't');
                  else if (c.op === 'source') editPair(store.db, id, { source: `nl ${c.text} ${id}` }, 't');
                  else if (c.op === 'delete') deletePair(store.db, id, 't');
                  else if (c.op === 'restore') restorePair(store.db, id, 't');
                  else if (c.op === 'forbid') editPair(store.db, id, { status: 'forbidden' }, 't');
                  else addPair(store.db, { kind: 'segment', by: 't', source: `nl new ${c.text} ${c.pick}`, target: `${c.text} new ${c.pick}` });
                } catch {
                  // A refused change (a duplicate, an already deleted pair) changes nothing.
                }
              }
              syncMatchIndex(store.db, { force: true });
              expectSameAsRebuilt(store);
            }
            expectLookupsExact(store, ['click the toolbar button 7', 'nl select a file 12', 'open the menu dialog box']);
          } finally {
            store.close();
          }
        }),
        { numRuns: 4 },
      );
    });
  }

  it("takes a text out wherever its postings are: its band list or its token's mixed list", async () => {
    const store = openStore(':memory:', { create: true });
    try {
      const texts = sentences(9, 400);
      await asyncTransaction(store.db, () =>
        importUnits(
          store.db,
          texts.map((t, i) => ({ line: i + 1, source: `nl ${i}`, target: t, status: 'approved' as const })),
          { kind: 'segment', by: 't' },
        ),
      );
      syncMatchIndex(store.db, { force: true });
      // A few more pairs folded by a bulk build: their lists are too small for rows of their
      // own, so they go to their tokens' mixed lists, beside the band lists of the first build.
      setPatchUpTo(0);
      for (let i = 0; i < 6; i++) addPair(store.db, { kind: 'segment', by: 't', source: `nl later ${i}`, target: `${texts[i]} later` });
      syncMatchIndex(store.db, { force: true });
      setPatchUpTo();
      const mixedAndBand = store.db
        .prepare(
          `SELECT count(*) FROM (SELECT key / 524288 AS token FROM match_postings GROUP BY token HAVING max((key / 128) % 64 = ?) AND max((key / 128) % 64 < ?))`,
        )
        .pluck()
        .get(MIXED, MIXED) as number;
      expect(mixedAndBand).toBeGreaterThan(0);
      // Those and every tenth of the others changed, as a replace does.
      for (let id = 1; id <= texts.length + 6; id += id > texts.length ? 1 : 10) editPair(store.db, id, { target: `edited ${id}` }, 't');
      syncMatchIndex(store.db, { force: true });
      expectSameAsRebuilt(store);
    } finally {
      store.close();
    }
  });

  it('spreads a mixed list that outgrows its cap over its bands, and stays exact', () => {
    const store = openStore(':memory:', { create: true });
    try {
      // "zq" is rare: its postings start in its mixed list, one per length.
      addPair(store.db, { kind: 'segment', by: 't', source: 'nl 0', target: 'zq' });
      syncMatchIndex(store.db, { force: true });
      for (let round = 0; round < 8; round++) {
        for (let i = 0; i < 150; i++) {
          const n = round * 150 + i;
          addPair(store.db, { kind: 'segment', by: 't', source: `nl ${n}`, target: `zq ${'x'.repeat((n * 7) % 300)} ${n}` });
        }
        syncMatchIndex(store.db, { force: true });
      }
      const zq = listKey(TARGET_SIDE, 'z'.charCodeAt(0) * 65536 + 'q'.charCodeAt(0), 0) * CHUNK_SLOTS;
      const rows = store.db
        .prepare(`SELECT key, length(ids) FROM match_postings WHERE key BETWEEN ? AND ?`)
        .raw()
        .all(zq, zq + (MIXED + 1) * CHUNK_SLOTS - 1) as [number, number][];
      const mixed = rows.filter(([k]) => Math.floor(k / CHUNK_SLOTS) % 64 === MIXED);
      // Spread: the token has lists of its own bands now, and what stays mixed is within the cap.
      expect(rows.length - mixed.length).toBeGreaterThan(0);
      for (const [, size] of mixed) expect(size).toBeLessThanOrEqual(MIXED_CAP);
      expectSameAsRebuilt(store);
      expectLookupsExact(store, ['zq xxxxxxxxxx 10', 'zq xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx 62']);
    } finally {
      store.close();
    }
  });
});

describe('ntm replace over more pairs than the backlog holds', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  it('folds the change into the index, and lookups after it and after its undo equal the exhaustive scan', async () => {
    const db = join(dir, 'tm.sqlite');
    const texts = sentences(5, 700).map((t) => `${t} click`);
    const tsv = join(dir, 'pairs.tsv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(tsv, `nl\ten\n${texts.map((t, i) => `de zin ${i} met ${t.split(' ').length} woorden\t${t}`).join('\n')}\n`);
    const run = async (...args: string[]) => {
      const r = await cli(['--db', db, ...args]);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    await run('import', tsv, '--by', 'bench');
    const replaced = JSON.parse((await run('replace', 'click', 'select', '--json')).stdout);
    expect(replaced.pairs).toBeGreaterThan(SYNC_BACKLOG);
    const check = () => {
      const store = openStore(db, { create: false });
      try {
        // Folded: nothing left for lookups to score outside the index.
        expect(store.db.prepare(`SELECT count(*) FROM match_pending`).pluck().get()).toBe(0);
        expectSameAsRebuilt(store);
        expectLookupsExact(store, [texts[3]!, texts[3]!.replace(/click/g, 'select'), 'select the toolbar button', 'click a file menu']);
      } finally {
        store.close();
      }
    };
    check();
    await run('undo', String(replaced.change));
    check();
  });
});
