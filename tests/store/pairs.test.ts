import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open.js';
import { addPair, deletePair, editPair, getPair, pairHistory, restorePair } from '../../src/store/pairs.js';
import { findMatches } from '../../src/store/lookup.js';
import { stats } from '../../src/store/stats.js';
import { tempDir } from '../helpers/cli.js';

let store: Store;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  store = openStore(join(t.dir, 'tm.sqlite'), { create: true });
});
afterEach(() => {
  store.close();
  cleanup();
});

const base = { kind: 'segment' as const, by: 'anna' };

describe('adding pairs', () => {
  it('keeps one copy of a pair added twice (also when white space differs)', () => {
    const a = addPair(store.db, { ...base, source: 'De gevangenis werd bestormd.', target: 'The prison was stormed.' });
    const b = addPair(store.db, { ...base, source: ' De  gevangenis werd bestormd. ', target: 'The prison was stormed.' });
    expect(a.outcome).toBe('added');
    expect(b).toEqual({ outcome: 'duplicate', id: a.id });
    expect(stats(store.db).pairs).toBe(1);
  });

  it('keeps a second approved target for the same source and counts it as a conflict', () => {
    addPair(store.db, { ...base, source: 'Het is onduidelijk.', target: 'It is unclear.' });
    addPair(store.db, { ...base, source: 'Het is onduidelijk.', target: 'It is not clear.' });
    expect(stats(store.db).conflicts).toBe(1);
  });

  it('refuses empty text and a source equal to its target', () => {
    expect(() => addPair(store.db, { ...base, source: '  ', target: 'x' })).toThrow(/Dutch text is empty/);
    expect(() => addPair(store.db, { ...base, source: 'Reuters', target: ' Reuters ' })).toThrow(/same as the Dutch/);
  });

  it('records provenance: who, when, article, note, tags', () => {
    const { id } = addPair(store.db, {
      ...base,
      source: 'Beeld EPA',
      target: 'Photo EPA',
      ref: 'hasaka-2022',
      note: 'caption',
      tags: ['syria', ' caption ', 'syria'],
    });
    const p = getPair(store.db, id);
    expect(p).toMatchObject({ approvedBy: 'anna', changedBy: 'anna', ref: 'hasaka-2022', note: 'caption', status: 'approved' });
    expect(p.tags).toEqual(['caption', 'syria']);
    expect(Date.parse(p.approvedAt)).not.toBeNaN();
  });
});

describe('edits and deletes are recoverable', () => {
  it('keeps the earlier version of an edited pair in its history', () => {
    const { id } = addPair(store.db, { ...base, source: 'Koerdische strijders', target: 'Kurdish warriors' });
    editPair(store.db, id, { target: 'Kurdish fighters', addTags: ['fixed'] }, 'bram');
    const p = getPair(store.db, id);
    expect(p.target).toBe('Kurdish fighters');
    expect(p.changedBy).toBe('bram');
    expect(p.approvedBy).toBe('anna');
    const h = pairHistory(store.db, id);
    expect(h.map((e) => e.action)).toEqual(['add', 'edit']);
    expect(h[1]!.before).toMatchObject({ target: 'Kurdish warriors', tags: [] });
    expect(h[1]!.after).toMatchObject({ target: 'Kurdish fighters', tags: ['fixed'] });
  });

  it('lookup no longer finds the old wording after an edit, and finds the new one', () => {
    const { id } = addPair(store.db, { ...base, source: 'Koerdische strijders', target: 'Kurdish warriors' });
    editPair(store.db, id, { source: 'Koerdische strijdkrachten', target: 'Kurdish forces' }, 'bram');
    expect(findMatches(store.db, 'Koerdische strijders', { min: 95, limit: 5 })).toEqual([]);
    expect(findMatches(store.db, 'Koerdische strijdkrachten', { min: 95, limit: 5 })[0]!.pair.id).toBe(id);
  });

  it('hides a deleted pair from lookup and brings it back with restore', () => {
    const { id } = addPair(store.db, { ...base, source: 'De aanval werd afgeslagen.', target: 'The attack was repelled.' });
    deletePair(store.db, id, 'bram');
    expect(findMatches(store.db, 'De aanval werd afgeslagen.', { min: 70, limit: 5 })).toEqual([]);
    expect(getPair(store.db, id).deletedBy).toBe('bram');
    restorePair(store.db, id, 'anna');
    expect(findMatches(store.db, 'De aanval werd afgeslagen.', { min: 70, limit: 5 })[0]!.score).toBe(100);
    expect(pairHistory(store.db, id).map((e) => e.action)).toEqual(['add', 'delete', 'restore']);
  });

  it('refuses to restore a pair that has been added again since, and to edit into a duplicate', () => {
    const { id } = addPair(store.db, { ...base, source: 'Toen al.', target: 'Even then.' });
    deletePair(store.db, id, 'bram');
    const again = addPair(store.db, { ...base, source: 'Toen al.', target: 'Even then.' });
    expect(again.outcome).toBe('added');
    expect(() => restorePair(store.db, id, 'anna')).toThrow(/stored again as #/);
    const other = addPair(store.db, { ...base, source: 'Toen al.', target: 'Already then.' });
    expect(() => editPair(store.db, other.id, { target: 'Even then.' }, 'anna')).toThrow(/same pair as #/);
  });
});
