// A large import builds the lookup index in a second thread (src/store/index-build.ts): the
// index it writes must be the one the same pairs make in one thread, lookups must stay exact,
// and a failed import must still leave nothing behind.
import Database from 'better-sqlite3';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchIndexDigest, rebuildMatchIndex } from '../../src/store/match-index/index.js';
import { expectRefusal, ntm, snapshotDb, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';
import { syntheticPairsTsv } from '../helpers/synthetic-pairs.js';

/**
 * An import starts its index thread from 20,000 pairs; the test lowers that to 2,000 (a
 * switch for the suite only) so that files of a few thousand pairs take the thread's path,
 * more than one message of 4,096 pairs included.
 */
const THREAD = { NTM_TEST_INDEX_THREAD_FROM: '2000' };

const WORDS = (
  'de het een van in op met voor niet aan ook als bij maar door naar over dan nog zijn werd ' +
  'minister regering stad politie brand zondag verkiezingen onderzoek gemeente school water'
).split(' ');

/** Deterministic pairs of many lengths (a few long), more than the parallel threshold. */
function pairsFile(count: number, seed: number): string {
  return syntheticPairsTsv(count, seed, {
    vocabulary: WORDS,
    longEvery: 97,
    longWords: 120,
    shortWords: 18,
    number: (i) => i,
    english: (dutch) => `${dutch.toUpperCase()} (en)`,
  });
}

/** The index as the same pairs make it in one thread, from scratch. */
function rebuiltIndex(path: string, dir: string): Map<number, number> {
  const copy = join(dir, 'rebuilt.sqlite');
  copyFileSync(path, copy);
  const db = new Database(copy);
  try {
    db.transaction(() => rebuildMatchIndex(db))();
    return matchIndexDigest(db);
  } finally {
    db.close();
  }
}

function storedIndex(path: string): Map<number, number> {
  const db = new Database(path, { readonly: true });
  try {
    return matchIndexDigest(db);
  } finally {
    db.close();
  }
}

describe('an import large enough for the index thread', () => {
  let t: { dir: string; cleanup: () => void };
  let db: string;
  beforeAll(() => {
    t = tempDir();
    db = join(t.dir, 'tm.sqlite');
    writeFileSync(join(t.dir, 'a.tsv'), pairsFile(6_000, 1));
    writeFileSync(join(t.dir, 'b.tsv'), pairsFile(5_500, 2));
  });
  afterAll(() => t.cleanup());

  it('writes the index one thread would, into an empty TM and on top of one', async () => {
    let r = ntm(['--db', db, 'import', join(t.dir, 'a.tsv'), '--json'], { env: THREAD });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files[0].imported).toBe(6_000);
    expect(storedIndex(db)).toEqual(rebuiltIndex(db, t.dir));

    r = ntm(['--db', db, 'import', join(t.dir, 'b.tsv'), '--json'], { env: THREAD });
    expect(r.status, r.stderr).toBe(0);
    // A few of b's short pairs are a's too (duplicates), which the index must not take twice.
    expect(JSON.parse(r.stdout).files[0].imported).toBeGreaterThan(5_000);
    expect(storedIndex(db)).toEqual(rebuiltIndex(db, t.dir));

    const hit = await cli(['--db', db, 'lookup', 'minister regering stad politie 17', '--min', '50', '--json']);
    expect(hit.status, hit.stderr).toBe(0);
    expect((await cli(['--db', db, 'doctor'])).stdout).toMatch(/ok\s+fuzzy-lookup index/);
  });

  it('leaves nothing behind when the file turns out broken at the end', () => {
    const before = snapshotDb(db);
    writeFileSync(join(t.dir, 'broken.tsv'), `${pairsFile(5_000, 3)}one\ttwo\tthree\n`);
    expectRefusal(ntm(['--db', db, 'import', join(t.dir, 'broken.tsv')], { env: THREAD }), /broken\.tsv:5001: expected 2 columns/);
    expect(snapshotDb(db)).toBe(before);
  });
});
