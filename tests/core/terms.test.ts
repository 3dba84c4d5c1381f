// Finding terms the way a translator reads: whole words, inflections, compounds, longest first.
import { describe, expect, it } from 'vitest';
import { buildTermIndex, findPhrase, findTerms, type TermEntry } from '../../src/core/terms.js';
import { keyOf, tokenize } from '../../src/core/words.js';

const term = (source: string): TermEntry => ({ source, approved: ['x'], forbidden: [] });
const found = (terms: string[], text: string) => findTerms(buildTermIndex(terms.map(term)), text).map((o) => [o.term.source, o.text]);

describe('Snowball keys', () => {
  it('give inflections of a word one key, in Dutch and English', () => {
    expect(keyOf('autobommen', 'nl')).toBe(keyOf('autobom', 'nl'));
    expect(keyOf('zelfbenoemde', 'nl')).toBe(keyOf('zelfbenoemd', 'nl'));
    expect(keyOf('kalifaten', 'nl')).toBe(keyOf('kalifaat', 'nl'));
    expect(keyOf('bombs', 'en')).toBe(keyOf('bomb', 'en'));
    expect(keyOf("forces'", 'en')).toBe(keyOf('forces', 'en'));
    expect(keyOf('skies', 'en')).toBe('sky'); // Snowball English (Porter2), not the older Porter
  });

  it('tokenise with positions, apostrophes inside words, hyphens between words', () => {
    expect(tokenize("De IS-strijders' auto's", 'nl').map((t) => [t.text, t.start, t.base])).toEqual([
      ['De', 0, 'de'],
      ['IS', 3, 'is'],
      ['strijders', 6, 'strijders'],
      ["auto's", 17, 'auto'],
    ]);
  });
});

describe('findTerms', () => {
  it('finds a multi-word term only with its words in order', () => {
    expect(found(['Koerdische strijdkrachten'], 'Koerdische en Arabische strijdkrachten')).toEqual([]);
    expect(found(['Koerdische strijdkrachten'], 'de koerdische strijdkrachten')).toEqual([['Koerdische strijdkrachten', 'koerdische strijdkrachten']]);
  });

  it('prefers the longer term and drops the one inside it', () => {
    expect(found(['strijdkrachten', 'Koerdische strijdkrachten'], 'De Koerdische strijdkrachten en de strijdkrachten')).toEqual([
      ['Koerdische strijdkrachten', 'Koerdische strijdkrachten'],
      ['strijdkrachten', 'strijdkrachten'],
    ]);
  });

  it('finds terms as first part and as head of a compound, marking just the part', () => {
    expect(found(['kalifaat', 'strijders'], 'kalifaatstrijders')).toEqual([
      ['kalifaat', 'kalifaat'],
      ['strijders', 'strijders'],
    ]);
  });

  it('finds a term whose vowel is written double in one form and single in another', () => {
    expect(found(['raad'], 'De raden vergaderen.')).toEqual([['raad', 'raden']]);
    expect(found(['staat'], 'De lidstaten stemmen.')).toEqual([['staat', 'staten']]);
  });

  it('never finds a term as a bare substring', () => {
    expect(found(['IS'], 'de crisis')).toEqual([]);
    expect(found(['kant'], 'kantoor, kanten')).toEqual([['kant', 'kanten']]);
  });
});

describe('terms stored in forms that read the same', () => {
  it('are one term with the renderings of both', () => {
    const index = buildTermIndex([
      { source: 'Autobom', approved: ['car bomb'], forbidden: [] },
      { source: 'autobom', approved: ['vehicle bomb'], forbidden: ['auto bomb'] },
    ]);
    const [o] = findTerms(index, 'Een autobom ontplofte.');
    expect(o!.term).toMatchObject({ approved: ['car bomb', 'vehicle bomb'], forbidden: ['auto bomb'] });
    expect(findTerms(index, 'Een autobom ontplofte.')).toHaveLength(1);
  });
});

describe('findPhrase', () => {
  it('finds a rendering inflected, in any case, on whole words', () => {
    const tokens = tokenize('Two Car Bombs and a carbomb', 'en');
    expect(findPhrase(tokens, 'car bomb', 'en')).toEqual([{ start: 4, end: 13 }]);
  });
});
