import { describe, expect, it } from 'vitest';
import { analyseSegments, bandOfScore, countWords } from '../../src/core/analysis.js';
import { dutchRules } from '../../src/core/segment/rules.js';
import { segmentParagraphs } from '../../src/core/segment/segment.js';

describe('bands', () => {
  it('puts each score in the band CAT tools use', () => {
    const cases: [number | null, string][] = [
      [100, '100'],
      [99, '95-99'],
      [95, '95-99'],
      [94, '85-94'],
      [85, '85-94'],
      [84, '75-84'],
      [75, '75-84'],
      [74, '50-74'],
      [50, '50-74'],
      [49, 'none'],
      [null, 'none'],
    ];
    for (const [score, band] of cases) expect(bandOfScore(score), String(score)).toBe(band);
  });
});

describe('countWords', () => {
  it('counts runs with a letter or digit; hyphenated words, numbers and handles are one word', () => {
    expect(countWords('Koerdische strijders in Hasaka controleren de IS-aanval.')).toBe(7);
    expect(countWords('— Ana van Es (@esvanana) 22 januari 2022')).toBe(7);
    expect(countWords('Er vielen 1.200 doden, o.a. in Hasaka.')).toBe(7);
    expect(countWords('  ')).toBe(0);
  });
});

describe('analyseSegments', () => {
  const rules = dutchRules();
  const segments = segmentParagraphs(
    ['Beeld EPA', 'De aanval begon donderdag. Beeld  EPA', 'https://t.co/x1', 'Er vielen zeventien doden. De aanval begon donderdag.'],
    rules,
  );
  const tm: Record<string, number> = { 'Beeld EPA': 100, 'De aanval begon donderdag.': 87, 'Er vielen zeventien doden.': 60 };
  const looked: string[] = [];
  const a = analyseSegments(segments, (text) => {
    looked.push(text);
    return tm[text] === undefined ? null : { score: tm[text]! };
  });

  it('gives every segment a band, repetitions before matches', () => {
    expect(a.segments.map((s) => [s.segment.text, s.band, s.repetitionOf])).toEqual([
      ['Beeld EPA', '100', null],
      ['De aanval begon donderdag.', '85-94', null],
      ['Beeld EPA', 'repetition', 1],
      ['https://t.co/x1', 'not-translatable', null],
      ['Er vielen zeventien doden.', '50-74', null],
      ['De aanval begon donderdag.', 'repetition', 2],
    ]);
  });

  it('looks each distinct translatable segment up once', () => {
    expect(looked).toEqual(['Beeld EPA', 'De aanval begon donderdag.', 'Er vielen zeventien doden.']);
  });

  it('adds up segments and words per band', () => {
    const byBand = Object.fromEntries(a.bands.map((b) => [b.band, [b.segments, b.words]]));
    expect(byBand).toEqual({
      repetition: [2, 6],
      context: [0, 0],
      '100': [1, 2],
      '95-99': [0, 0],
      '85-94': [1, 4],
      '75-84': [0, 0],
      '50-74': [1, 4],
      none: [0, 0],
      'not-translatable': [1, 1],
    });
    expect(a.total).toEqual({ segments: 6, words: 17 });
  });
});
