import { describe, expect, it } from 'vitest';
import { adaptNumbers, dutchNumberValue, englishNumberValue } from '../../src/core/adapt-numbers.js';

const SRC = 'Volgens een woordvoerder van de Koerdische strijdkrachten zitten er nog 150 tot 200 IS-militanten verschanst in en rond de gevangenis.';
const TGT = 'According to a spokesman for the Kurdish forces, 150 to 200 IS militants are still entrenched in and around the prison.';

describe('adaptNumbers', () => {
  it('puts the segment’s numbers into the target when only numbers differ', () => {
    const seg = SRC.replace('150 tot 200', '300 tot 400');
    expect(adaptNumbers(seg, SRC, TGT)).toEqual({
      kind: 'adapted',
      target: TGT.replace('150 to 200', '300 to 400'),
      changes: [
        { from: '150', to: '300' },
        { from: '200', to: '400' },
      ],
    });
  });

  it('finds numbers by value where the translation moved them', () => {
    const src = 'In 2019 vielen er 17 doden.';
    const tgt = '17 people died in 2019.';
    expect(adaptNumbers('In 2020 vielen er 21 doden.', src, tgt)).toMatchObject({ kind: 'adapted', target: '21 people died in 2020.' });
  });

  it('converts Dutch thousands and decimals to English writing', () => {
    const src = 'De schade bedraagt 3,5 miljoen euro voor 1.200 huishoudens.';
    const tgt = 'The damage amounts to 3.5 million euros for 1,200 households.';
    const r = adaptNumbers('De schade bedraagt 4,25 miljoen euro voor 12.500 huishoudens.', src, tgt);
    expect(r).toMatchObject({ kind: 'adapted', target: 'The damage amounts to 4.25 million euros for 12,500 households.' });
    expect(adaptNumbers('Er zijn 950 woningen.', 'Er zijn 1.200 woningen.', 'There are 1,200 homes.')).toMatchObject({
      target: 'There are 950 homes.',
    });
    expect(adaptNumbers('Er zijn 1.500 woningen.', 'Er zijn 950 woningen.', 'There are 950 homes.')).toMatchObject({
      target: 'There are 1,500 homes.',
    });
  });

  it('changes nothing when more than numbers differ, or nothing differs', () => {
    expect(adaptNumbers(SRC.replace('150 tot 200', '300 tot 400').replace('nog', 'al'), SRC, TGT)).toBeNull();
    expect(adaptNumbers(SRC, SRC, TGT)).toBeNull();
    expect(adaptNumbers('Geen getallen hier.', 'Geen getallen daar.', 'No numbers there.')).toBeNull();
    expect(adaptNumbers('Er waren 3 of 4 doden.', 'Er waren 3 doden.', 'There were 3 dead.')).toBeNull();
  });

  it('says the numbers differ when the target does not show them as digits', () => {
    const r = adaptNumbers('Er vielen 18 doden.', 'Er vielen 17 doden.', 'Seventeen people died.');
    expect(r).toEqual({ kind: 'not-adapted', changes: [{ from: '17', to: '18' }] });
  });

  it('gives up when one stored number would become two different ones', () => {
    expect(adaptNumbers('Van 5 naar 6 zetels.', 'Van 5 naar 5 zetels.', 'From 5 to 5 seats.')).toBeNull();
  });

  it('keeps times as they are written', () => {
    const r = adaptNumbers('Het debat begint om 14.00 uur.', 'Het debat begint om 13.00 uur.', 'The debate starts at 13.00.');
    expect(r).toMatchObject({ kind: 'adapted', target: 'The debate starts at 14.00.' });
  });
});

describe('number values', () => {
  it('reads Dutch and English writing', () => {
    expect(dutchNumberValue('1.200')).toBe(1200);
    expect(dutchNumberValue('3,5')).toBe(3.5);
    expect(dutchNumberValue('1.200.000,75')).toBe(1200000.75);
    expect(englishNumberValue('1,200')).toBe(1200);
    expect(englishNumberValue('3.5')).toBe(3.5);
  });
});
