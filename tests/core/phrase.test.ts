// Where concordance finds a phrase: anywhere in any case, or as whole words, or in the case given.
import { describe, expect, it } from 'vitest';
import { hasPhrase, phraseNeedle, phraseSpans } from '../../src/core/phrase.js';

const find = (text: string, phrase: string, mode = {}) => phraseSpans(text, phraseNeedle(phrase, mode), mode).map((s) => text.slice(s.start, s.end));

describe('phraseSpans', () => {
  const text = 'IS eist de aanval op; het is een crisis, zegt de Islamitische Staat (IS-strijders).';

  it('finds the phrase anywhere in any case by default', () => {
    // eist, is, crisis (twice), Islamitische (twice): all "is" somewhere.
    expect(find(text, 'IS')).toEqual(['IS', 'is', 'is', 'is', 'is', 'Is', 'is', 'IS']);
  });

  it('as whole words: not inside "crisis" or "Islamitische"; a hyphen bounds a word', () => {
    expect(find(text, 'IS', { wholeWord: true })).toEqual(['IS', 'is', 'IS']);
    expect(find(text, 'IS', { wholeWord: true, matchCase: true })).toEqual(['IS', 'IS']);
    expect(find(text, 'is', { matchCase: true })).toHaveLength(5);
  });

  it('takes white space in the phrase as the text has it, and letters beyond the BMP as letters', () => {
    expect(find('de  Koerdische   strijdkrachten', 'Koerdische strijdkrachten')).toEqual([]);
    expect(hasPhrase('IS𝐀', phraseNeedle('IS'), { wholeWord: true })).toBe(false);
    const mode = { wholeWord: true, matchCase: true };
    expect(hasPhrase('(IS)', phraseNeedle('IS', mode), mode)).toBe(true);
  });
});
