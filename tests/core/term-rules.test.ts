// Where spelling, case and the desk's compound rules decide whether a Dutch word is a term:
// the false hits found on NTREX-128 news (bench/check-terms) and the forms that must still be
// found.
import { describe, expect, it } from 'vitest';
import { findNumbers } from '../../src/core/numbers.js';
import { buildTermIndex, findTerms, type TermEntry } from '../../src/core/terms.js';

const found = (entries: TermEntry[], text: string) => findTerms(buildTermIndex(entries), text).map((o) => o.text);
const t = (source: string, rules: Partial<TermEntry> = {}): TermEntry => ({ source, approved: ['x'], forbidden: [], ...rules });

describe('Dutch spelling between the stem and the word', () => {
  it.each([
    ['wet', 'Hij wil het weten, hij weet het, de wetten en de wet.', ['wetten', 'wet']],
    ['verdachte', 'Iets verdachts: hij werd verdacht, de verdachte en de verdachten.', ['verdachte', 'verdachten']],
    ['supporters', 'Ze supporteren de club, de supporters juichen.', ['supporters']],
    ['provincie', 'In de provincies en de provincie.', ['provincies', 'provincie']],
    ['economie', 'De economieën en de economie.', ['economieën', 'economie']],
    ['bedrijf', 'De bedrijven en het bedrijf.', ['bedrijven', 'bedrijf']],
    ['spits', 'De spitsen en de spits.', ['spitsen', 'spits']],
    ['eventueel', 'Een eventuele aanval, eventueel morgen.', ['eventuele', 'eventueel']],
    ['dag', 'Twee dagen en een dag.', ['dagen', 'dag']],
  ])('%s', (term, text, expected) => expect(found([t(term)], text)).toEqual(expected));

  it('does not take an adjective made from a term for the term in a compound', () => {
    expect(found([t('geweld'), t('winst'), t('president')], 'Gewelddadige, winstgevende en presidentiële plannen.')).toEqual([]);
  });
});

describe('case, and where a term may stand in a compound', () => {
  const desk = [
    t('Rijk', { matchCase: true }),
    t('Kamer', { matchCase: true }),
    t('raad', { compounds: 'last' }),
    t('partij', { compounds: 'first' }),
    t('spits', { compounds: 'none' }),
  ];

  it.each([
    ['Het is belangrijk dat Frankrijk en Oostenrijk meedoen.', []],
    ['Rijke landen betalen.', []],
    ['Rijk en gemeenten betalen.', ['Rijk']],
    ['Volgens de Rijksoverheid en het Rijk.', ['Rijk', 'Rijk']],
    ['Kamerleden sliepen in de hotelkamer.', []],
    ['De Kamerleden sliepen in de hotelkamer.', ['Kamer']],
    ['Na de openbare raadpleging sprak de gemeenteraad.', ['raad']],
    ['Na de schietpartij sprak de partijleiding.', ['partij']],
    ['In de ochtendspits scoorde de spits.', ['spits']],
  ])('%s', (text, expected) => expect(found(desk, text)).toEqual(expected));

  it('marks the first part of a compound of two terms as a modifier', () => {
    const [politie, rechter] = findTerms(buildTermIndex([t('politie'), t('rechter')]), 'Hij verschijnt voor de politierechter.');
    expect([politie!.text, politie!.modifier, rechter!.text, rechter!.modifier]).toEqual(['politie', true, 'rechter', undefined]);
  });
});

describe('times that are durations, and numbers that are no times', () => {
  it.each([
    ['Het verkeer stond 48 uur stil.', 'nl', ['48']],
    ['Hij kwam na ongeveer een uur terug.', 'nl', []],
    ['Between five to ten people were hurt.', 'en', ['five', 'ten']],
    ['om acht uur', 'nl', ['t:480', 't:1200', '8']],
  ] as const)('%s', (text, lang, keys) => {
    expect(findNumbers(text, lang).flatMap((n) => (n.keys[0]?.startsWith('t:') ? n.keys : [n.text]))).toEqual(keys);
  });
});
