import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { compileRules, dutchRules, SHIPPED_RULES, validateRulesSpec } from '../../../src/core/segment/rules.js';
import { segmentParagraphs, splitParagraph, textParagraphs } from '../../../src/core/segment/segment.js';
import { ROOT } from '../../helpers/cli.js';
import { NEWS } from './nl-news.js';

const rules = dutchRules();

describe('Dutch news sentences', () => {
  it('has at least 60 sentences to test', () => {
    expect(NEWS.flatMap((p) => p.sentences).length).toBeGreaterThanOrEqual(60);
  });

  for (const p of NEWS) {
    it(`splits exactly at sentence ends: ${p.trap}`, () => {
      expect(splitParagraph(p.text ?? p.sentences.join(' '), rules)).toEqual(p.sentences);
    });
  }

  it('splits all of them in one go with paragraphs kept', () => {
    const text = NEWS.map((p) => p.text ?? p.sentences.join(' ')).join('\n\n');
    const segments = segmentParagraphs(textParagraphs(text), rules);
    expect(segments.map((s) => s.text)).toEqual(NEWS.flatMap((p) => p.sentences));
    expect(segments.map((s) => s.paragraph)).toEqual(NEWS.flatMap((p, i) => p.sentences.map(() => i + 1)));
    expect(segments.map((s) => s.number)).toEqual(segments.map((_, i) => i + 1));
  });
});

describe('the seed article', () => {
  const SEED = join(ROOT, 'data', 'hasaka-2022-nl.txt');

  // The lead's segmentation in data/hasaka-2022.tsv, plus two segments that are not
  // translated: the CMS's date stamp before the caption and the tweet's link.
  const EXPECTED: [paragraph: number, text: string, translatable: boolean][] = [
    [1, 'date 2022-01', false],
    [1, 'Koerdische strijders in Hasaka controleren Syriërs die hun huizen zijn ontvlucht vanwege de IS-aanval.', true],
    [1, 'Beeld EPA', true],
    [2, 'De aanval van IS is een van de grootste sinds het zelfbenoemde kalifaat van de groep drie jaar geleden viel.', true],
    [2, 'Donderdagnacht bestormden zwaarbewapende militanten de gevangenis om gevangenen te bevrijden.', true],
    [
      3,
      'De IS-strijders brachten een autobom tot ontploffing bij de ingang en hielpen zeker tientallen gevangenen ontsnappen, melden ooggetuigen aan Reuters.',
      true,
    ],
    [3, 'Hoeveel er daadwerkelijk zijn ontsnapt, is niet duidelijk; IS zelf beweert dat het er achthonderd zijn.', true],
    [4, 'De Koerdische strijders die het gebied bewaken, verloren naar eigen zeggen zeventien mensen.', true],
    [4, 'Minstens zeventig gevangenen zouden dood zijn en meer dan honderd gearresteerd.', true],
    [5, 'Al het hele weekend proberen Koerden met Amerikaanse luchtdekking de controle stap voor stap terug te krijgen.', true],
    [
      5,
      'De Koerden melden dat ze de aanval grotendeels hebben afgeslagen, desondanks zouden rellende gevangenen delen van de gevangenis hebben overgenomen.',
      true,
    ],
    [5, 'Het Pentagon bevestigt dat de Amerikanen luchtaanvallen hebben uitgevoerd.', true],
    [
      6,
      'Volgens een woordvoerder van de Koerdische strijdkrachten zitten er nog 150 tot 200 IS-militanten verschanst in en rond de gevangenis, zegt hij tegen persbureau Associated Press (AP).',
      true,
    ],
    [7, 'Duizenden inwoners van de stad zijn volgens de lokale autoriteiten op de vlucht geslagen, meldt AP.', true],
    [7, 'In de stad zijn explosies te horen en rookpluimen te zien.', true],
    [8, 'Na 2019 hebben de restanten van de moslimextremistische groep IS zich ingegraven in de woestijn tussen Homs en Deir al Zor, in Syrië.', true],
    [8, 'Begin 2020 kondigde de IS-afdeling van Homs in een propagandavideo haar eigen herstel aan.', true],
    [9, 'In 2019 bezocht ik de desbetreffende gevangenis in Hasaka, volgestouwd met westerse IS-verdachten.', true],
    [10, 'De gevangenisdirecteur vreesde toen al voor massa-uitbraken.', true],
    [10, 'Ibrahim el I. uit Delft noemde zichzelf ‘een muis’ die door ‘elk gaatje’ past.', true],
    [10, 'https://t.co/9OF3CnN74P', false],
    [10, '— Ana van Es (@esvanana) 22 januari 2022', true],
    [
      11,
      'Sindsdien hebben IS-groeperingen meerdere aanslagen gepleegd en aanvallen uitgevoerd op zowel Koerdische troepen als het Syrische regeringsleger.',
      true,
    ],
    [11, 'Ten zuiden van Hasaka manifesteert IS zich steeds meer in de openbaarheid.', true],
    [12, 'In 2020 ontsnapten al eens gevangenen vanuit de gevangenis in Hasaka, waar ook Nederlanders vastzitten.', true],
    [12, 'Toen duurde het bijna een dag voordat de situatie weer onder controle was.', true],
    [
      12,
      'Mensenrechtenorganisaties bekritiseren het regime in de overvolle gevangenis, waar een deel van de gedetineerden in mensonterende omstandigheden zou worden vastgehouden.',
      true,
    ],
  ];

  it('splits into exactly its sentences, the stamp and the link marked not translatable', () => {
    const segments = segmentParagraphs(textParagraphs(readFileSync(SEED, 'utf8')), rules);
    expect(segments.map((s) => [s.paragraph, s.text, s.translatable])).toEqual(EXPECTED);
  });

  it('gives the 25 translatable segments of the sample TM, in its order', () => {
    const tm = readFileSync(join(ROOT, 'data', 'hasaka-2022.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'))
      .filter((c) => c[2] === 'segment')
      .map((c) => c[0]);
    expect(tm).toHaveLength(25);
    expect(EXPECTED.filter(([, , t]) => t).map(([, text]) => text)).toEqual(tm);
  });
});

describe('rules', () => {
  it('lets the first matching rule decide, so an extension can forbid or add breaks', () => {
    const text = 'Het contract loopt af op 1 jan. De nieuwe eigenaar neemt het over.';
    expect(splitParagraph(text, rules)).toEqual([text]);
    const withBreak = compileRules([{ rules: [{ name: 'month at end', break: true, before: '\\bjan\\.', after: '\\s+De\\b' }] }, SHIPPED_RULES]);
    expect(splitParagraph(text, withBreak)).toEqual(['Het contract loopt af op 1 jan.', 'De nieuwe eigenaar neemt het over.']);
  });

  it('adds extension abbreviations, in lower case and with a capital', () => {
    const text = 'Het pand aan de Kerkstr. Ook daar is schade. Kerkstr. Nummer 5 is gesloopt.';
    expect(splitParagraph(text, rules)).toHaveLength(4);
    const ext = compileRules([{ abbreviations: ['kerkstr.'] }, SHIPPED_RULES]);
    expect(splitParagraph(text, ext)).toEqual(['Het pand aan de Kerkstr. Ook daar is schade.', 'Kerkstr. Nummer 5 is gesloopt.']);
  });

  it('marks extra non-translatable segments', () => {
    const ext = compileRules([{ nonTranslatable: [{ name: 'byline', pattern: '^Door [A-Z]' }] }, SHIPPED_RULES]);
    const [seg] = segmentParagraphs(['Door Ana van Es'], ext);
    expect(seg).toMatchObject({ translatable: false, nonTranslatable: 'byline' });
    expect(segmentParagraphs(['Door Ana van Es'], rules)[0]!.translatable).toBe(true);
  });

  it('refuses a rules file with a bad shape or a bad pattern, naming the file and rule', () => {
    expect(() => validateRulesSpec([], 'my.json')).toThrow(InputError);
    expect(() => validateRulesSpec({ rules: [{ before: 'x', after: 'y' }] }, 'my.json')).toThrow(/my\.json: .*rule 1 needs "break"/);
    expect(() => validateRulesSpec({ abreviations: [] }, 'my.json')).toThrow(/unknown field "abreviations"/);
    expect(() => compileRules({ rules: [{ name: 'oops', break: true, before: '[', after: '' }] }, 'my.json')).toThrow(
      /my\.json: rule "oops", before: Invalid regular expression/,
    );
  });

  it('keeps white space inside a segment as one space and drops empty paragraphs', () => {
    const segs = segmentParagraphs(textParagraphs('  Een   zin.\tTwee\u00a0zinnen.  \n\n \nDrie.'), rules);
    expect(segs.map((s) => [s.paragraph, s.text])).toEqual([
      [1, 'Een zin.'],
      [1, 'Twee zinnen.'],
      [2, 'Drie.'],
    ]);
  });
});
