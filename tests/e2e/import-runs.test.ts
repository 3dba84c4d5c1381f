// An import whose index build fills its memory several times keeps the lists built so far in
// a scratch file and writes them all at the end, in key order (src/store/index-worker.ts).
// The rows it writes must be byte for byte those the same build makes in one thread, writing
// each batch as it comes; nothing may be left beside the TM, and a failed import writes
// nothing.
import Database from 'better-sqlite3';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal, ntm, snapshotDb, tempDir } from '../helpers/cli.js';
import { syntheticPairsTsv } from '../helpers/synthetic-pairs.js';

/** The thread from 500 pairs, and a build memory that a few hundred pairs fill. */
const SMALL = { NTM_TEST_INDEX_BUILD_MEMORY: String(96 * 1024) };
const THREAD = { ...SMALL, NTM_TEST_INDEX_THREAD_FROM: '500' };
/** The same build, in the importing thread. */
const ONE_THREAD = { ...SMALL, NTM_TEST_INDEX_THREAD_FROM: '1000000000' };

const WORDS = 'de het een van in op met voor niet aan ook als bij maar door naar over minister regering stad politie brand zondag'.split(' ');

/** Deterministic pairs of many lengths, some long, some sharing their texts with `seed`'s neighbours. */
function pairsFile(count: number, seed: number): string {
  return syntheticPairsTsv(count, seed, {
    vocabulary: WORDS,
    longEvery: 53,
    longWords: 90,
    shortWords: 14,
    number: (i) => i % 700,
    english: (dutch, i) => `${dutch.toUpperCase()} (en ${i % 3})`,
  });
}

/** Every row of the index, as stored. */
function rows(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(`SELECT key, hex(ids) FROM match_postings ORDER BY key`).raw().all() as [number, string][]).map(([k, v]) => `${k}:${v}`);
  } finally {
    db.close();
  }
}

describe('an import whose index build fills its memory many times', () => {
  let t: { dir: string; cleanup: () => void };
  beforeAll(() => {
    t = tempDir();
    writeFileSync(join(t.dir, 'a.tsv'), pairsFile(3_000, 7));
    writeFileSync(join(t.dir, 'b.tsv'), pairsFile(1_500, 8));
  });
  afterAll(() => t.cleanup());

  it('writes the rows one thread writes, into an empty TM and on top of one, and leaves no scratch file', () => {
    const threaded = join(t.dir, 'threaded', 'tm.sqlite');
    const single = join(t.dir, 'single', 'tm.sqlite');
    for (const file of ['a.tsv', 'b.tsv']) {
      for (const [db, env] of [
        [threaded, THREAD],
        [single, ONE_THREAD],
      ] as const) {
        const r = ntm(['--db', db, 'import', join(t.dir, file), '--json'], { env });
        expect(r.status, r.stderr).toBe(0);
      }
      const got = rows(threaded);
      // Lists in several chunks: the build wrote several runs.
      expect(got.filter((r) => Number(r.split(':')[0]) % 128 > 0).length).toBeGreaterThan(100);
      expect(got).toEqual(rows(single));
    }
    expect(readdirSync(join(t.dir, 'threaded')).filter((f) => !/^tm\.sqlite(-wal|-shm)?$/.test(f))).toEqual([]);
  });

  it('leaves nothing behind when the file turns out broken after many runs', () => {
    const db = join(t.dir, 'threaded', 'tm.sqlite');
    const before = snapshotDb(db);
    writeFileSync(join(t.dir, 'broken.tsv'), `${pairsFile(2_000, 9)}one\ttwo\tthree\n`);
    expectRefusal(ntm(['--db', db, 'import', join(t.dir, 'broken.tsv')], { env: THREAD }), /broken\.tsv:2001: expected 2 columns/);
    expect(snapshotDb(db)).toBe(before);
    expect(readdirSync(join(t.dir, 'threaded')).filter((f) => !/^tm\.sqlite(-wal|-shm)?$/.test(f))).toEqual([]);
  });
});
