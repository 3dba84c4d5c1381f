// Numbers read the way a Dutch or English reader reads them.
import { describe, expect, it } from 'vitest';
import { englishDigits, findNumbers, parseDutchNumberWord, parseEnglishNumberWord } from '../../src/core/numbers.js';

const values = (text: string, lang: 'nl' | 'en') => findNumbers(text, lang).map((n) => n.value);

describe('Dutch number words', () => {
  it.each([
    ['drie', 3],
    ['zeventien', 17],
    ['achttien', 18],
    ['zeventig', 70],
    ['eenentwintig', 21],
    ['tweeëntwintig', 22],
    ['vijfenveertig', 45],
    ['honderd', 100],
    ['achthonderd', 800],
    ['honderdvijftig', 150],
    ['duizend', 1000],
    ['tweeduizend', 2000],
    ['tweeduizendtweeëntwintig', 2022],
    ['negentienhonderdvijfenveertig', 1945],
    ['driehonderdduizend', 300000],
  ])('%s = %d', (word, n) => expect(parseDutchNumberWord(word)).toBe(n));

  it.each(['duizenden', 'tientallen', 'honderden', 'achter', 'tiener', 'zestiger', 'veertigers', 'eenheid'])('%s is no number', (word) => {
    expect(parseDutchNumberWord(word)).toBeNull();
  });
});

describe('English number words', () => {
  it.each([
    ['seventeen', 17],
    ['twenty-one', 21],
    ['eighty', 80],
    ['third', 3],
    ['twenty-first', 21],
    ['twentieth', 20],
    ['twelfth', 12],
  ])('%s = %d', (word, n) => expect(parseEnglishNumberWord(word)).toBe(n));

  it.each(['thousands', 'dozens', 'someone', 'often'])('%s is no number', (word) => expect(parseEnglishNumberWord(word)).toBeNull());
});

describe('numbers in running text', () => {
  it('reads Dutch separators, magnitudes and words', () => {
    expect(values('Het gaat om 1.200 mensen, 3,5 miljoen euro en 2 miljard dollar; achthonderd ontsnapten.', 'nl')).toEqual([1200, 3.5e6, 2e9, 800]);
  });

  it('reads English separators, magnitudes and words', () => {
    expect(values('It concerns 1,200 people, 3.5 million euros and $2bn; eight hundred and fifty escaped.', 'en')).toEqual([1200, 3.5e6, 2e9, 850]);
  });

  it('reads "a hundred" and "een miljoen" but not a lone article', () => {
    expect(values('more than a hundred, a day', 'en')).toEqual([100]);
    expect(values('een miljoen mensen, een dag', 'nl')).toEqual([1e6]);
  });

  it('leaves vague quantities, links and handles alone', () => {
    expect(values('Duizenden mensen, tientallen doden (@esvanana) https://t.co/9OF3CnN74P', 'nl')).toEqual([]);
  });

  it('keeps the positions of what it read', () => {
    const [n] = findNumbers('De schade: 3,5 miljoen euro.', 'nl');
    expect(n).toMatchObject({ text: '3,5 miljoen', start: 11, end: 22 });
  });

  it('writes values as an English writer would', () => {
    expect([17, 1200, 3.5e6, 2e9, 1234567].map(englishDigits)).toEqual(['17', '1,200', '3.5 million', '2 billion', '1,234,567']);
  });
});
