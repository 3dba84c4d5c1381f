// The term pane's one source: the stored terms a query holds, with approved and forbidden
// renderings, found as check finds them; kept indexed while the TM is open, never stale.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTermIndex, termsInText } from '../../src/core/terms.js';
import { openStore, type Store } from '../../src/store/open.js';
import { addPair, deletePair } from '../../src/store/pairs.js';
import { storedTermsIn, termIndexOf } from '../../src/store/terms.js';
import { tempDir } from '../helpers/cli.js';

describe('termsInText', () => {
  const index = buildTermIndex([
    { source: 'Koerdische strijdkrachten', approved: ['Kurdish forces'], forbidden: ['Kurdish armed forces'], note: 'SDF' },
    { source: 'kalifaat', approved: ['caliphate'], forbidden: [] },
    { source: 'strijdkrachten', approved: ['armed forces'], forbidden: [] },
  ]);

  it('lists each term once, in text order, with every place it stands and its renderings', () => {
    const text = 'Het kalifaat en de Koerdische strijdkrachten; weer het kalifaat.';
    const found = termsInText(index, text);
    expect(found.map((t) => t.term)).toEqual(['kalifaat', 'Koerdische strijdkrachten']);
    expect(found[0]!.spans.map((s) => text.slice(s.start, s.end))).toEqual(['kalifaat', 'kalifaat']);
    expect(found[1]).toEqual({
      term: 'Koerdische strijdkrachten',
      approved: ['Kurdish forces'],
      forbidden: ['Kurdish armed forces'],
      note: 'SDF',
      spans: [{ start: 19, end: 44 }],
    });
  });

  it('finds terms in compounds and inflected, and nothing in a text without them', () => {
    expect(termsInText(index, 'De kalifaatstrijders vluchtten.').map((t) => t.term)).toEqual(['kalifaat']);
    expect(termsInText(index, 'Er was niets aan de hand.')).toEqual([]);
  });
});

describe('storedTermsIn', () => {
  let store: Store;
  let path: string;
  let cleanup: () => void;
  beforeEach(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    path = join(t.dir, 'tm.sqlite');
    store = openStore(path, { create: true });
  });
  afterEach(() => {
    store.close();
    cleanup();
  });
  const term = (source: string, target: string, status: 'approved' | 'forbidden' = 'approved') =>
    addPair(store.db, { kind: 'term', source, target, status, by: 'anna' });

  it('gives approved and forbidden renderings from the TM', () => {
    term('Koerdische strijdkrachten', 'Kurdish forces');
    term('Koerdische strijdkrachten', 'Kurdish armed forces', 'forbidden');
    expect(storedTermsIn(store.db, 'De Koerdische strijdkrachten melden doden.')).toMatchObject([
      { term: 'Koerdische strijdkrachten', approved: ['Kurdish forces'], forbidden: ['Kurdish armed forces'] },
    ]);
  });

  it('reuses its index while nothing changes, and sees this connection’s and other connections’ writes', () => {
    term('kalifaat', 'caliphate');
    const first = termIndexOf(store.db);
    expect(termIndexOf(store.db)).toBe(first);

    const added = term('gevangenis', 'prison');
    expect(storedTermsIn(store.db, 'De gevangenis van het kalifaat.').map((t) => t.term)).toEqual(['gevangenis', 'kalifaat']);

    const other = openStore(path, { create: false });
    try {
      addPair(other.db, { kind: 'term', source: 'bestorming', target: 'storming', by: 'ben' });
      deletePair(other.db, added.id, 'ben');
    } finally {
      other.close();
    }
    expect(storedTermsIn(store.db, 'De bestorming van de gevangenis.').map((t) => t.term)).toEqual(['bestorming']);
  });
});
