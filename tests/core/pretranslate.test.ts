import { describe, expect, it } from 'vitest';
import { draftRow } from '../../src/core/pretranslate.js';
import type { Segment } from '../../src/core/segment/segment.js';
import type { Match, Pair } from '../../src/core/types.js';

const seg = (text: string, translatable = true): Segment => ({
  number: 4,
  paragraph: 2,
  text,
  translatable,
  ...(translatable ? {} : { nonTranslatable: 'link' }),
});

let nextId = 1;
const match = (source: string, target: string, score: number): Match => ({
  score,
  pair: { id: nextId++, source, target } as Pair,
});

describe('draftRow', () => {
  it('takes the English of a 100% match', () => {
    const m = match('Beeld EPA', 'Photo EPA', 100);
    expect(draftRow(seg('Beeld EPA'), [m])).toEqual({
      segment: 4,
      paragraph: 2,
      source: 'Beeld EPA',
      target: 'Photo EPA',
      score: 100,
      match: 'exact',
      pairId: m.pair.id,
      pairSource: null,
      note: '',
    });
  });

  it('says when a sentence has several approved translations', () => {
    const row = draftRow(seg('Beeld EPA'), [match('Beeld EPA', 'Picture EPA', 100), match('Beeld EPA', 'Photo EPA', 100), match('Beeld', 'Photo', 55)]);
    expect(row.target).toBe('Picture EPA');
    expect(row.note).toMatch(/^2 approved translations of this sentence/);
  });

  it('takes a fuzzy match with its Dutch, adapting numbers when only they differ', () => {
    const plain = draftRow(seg('Er vielen achttien doden.'), [match('Er vielen zeventien doden.', 'Seventeen people died.', 80)]);
    expect(plain).toMatchObject({ match: 'fuzzy', target: 'Seventeen people died.', pairSource: 'Er vielen zeventien doden.', note: '' });
    const adapted = draftRow(seg('Er vielen 18 doden.'), [match('Er vielen 17 doden.', '17 people died.', 94)]);
    expect(adapted).toMatchObject({ match: 'adapted', target: '18 people died.', score: 94, note: 'numbers adapted: 17 → 18' });
    const words = draftRow(seg('Er vielen 18 doden.'), [match('Er vielen 17 doden.', 'Seventeen people died.', 94)]);
    expect(words).toMatchObject({ match: 'fuzzy', target: 'Seventeen people died.' });
    expect(words.note).toMatch(/only numbers differ \(17 → 18\).*by hand/);
  });

  it('leaves the English empty without a match, and copies what is not translated', () => {
    expect(draftRow(seg('Iets nieuws.'), [])).toMatchObject({ match: 'none', target: '', score: null, pairId: null });
    expect(draftRow(seg('https://t.co/x', false), [])).toMatchObject({ match: 'copy', target: 'https://t.co/x', note: 'not translated (link): copied' });
  });
});
