// The exact matches of a lookup (a sentence stored word for word: 100 %, context, conflicts)
// are found through the unique index of live pairs, not by reading every pair of the TM: the
// server and the CLI run this on every lookup, and a scan grows with the TM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open.js';
import { addPair } from '../../src/store/pairs.js';
import { exactRowsSql, searchTm } from '../../src/store/search.js';

let store: Store;

beforeAll(() => {
  store = openStore(':memory:', { create: true });
  const { db } = store;
  db.transaction(() => {
    addPair(db, { kind: 'segment', source: 'De gevangenis werd bestormd.', target: 'The prison was stormed.', by: 'anna' });
    addPair(db, { kind: 'segment', source: 'De gevangenis werd bestormd.', target: 'The jail was stormed.', by: 'bob' });
    addPair(db, { kind: 'term', source: 'gevangenis', target: 'prison', by: 'anna' });
    addPair(db, { kind: 'segment', source: 'Het is rustig.', target: 'It is quiet.', status: 'proposed', by: 'carl' });
  })();
});
afterAll(() => store.close());

describe('exact matches of a lookup', () => {
  it('are read through the index of live pairs, for every set of statuses', () => {
    for (const statuses of [['approved', 'proposed'], ['approved'], ['proposed'], ['forbidden']] as const) {
      const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${exactRowsSql(statuses)}`).all('x', ...statuses) as { detail: string }[];
      const details = plan.map((r) => r.detail).join(' | ');
      expect(details, statuses.join(',')).toMatch(/USING (COVERING )?INDEX pairs_unique_live/);
      expect(details).not.toMatch(/^SCAN pairs|\| SCAN pairs/);
    }
  });

  it('still find segments and terms, of the statuses asked for, newest first, marked as conflicts', () => {
    const sentence = searchTm(store.db, 'De gevangenis werd bestormd.', { min: 70, limit: 5 });
    expect(sentence.map((m) => [m.pair.target, m.score, m.conflict])).toEqual([
      ['The jail was stormed.', 100, true],
      ['The prison was stormed.', 100, true],
    ]);
    expect(searchTm(store.db, 'gevangenis', { min: 100, limit: 5 }).map((m) => [m.pair.kind, m.pair.target])).toEqual([['term', 'prison']]);
    expect(searchTm(store.db, 'Het is rustig.', { min: 100, limit: 5 }).map((m) => m.pair.status)).toEqual(['proposed']);
    expect(searchTm(store.db, 'Het is rustig.', { min: 100, limit: 5, filter: { status: 'approved' } })).toEqual([]);
  });
});
