// The check on newsroom sentences written for these tests: every kind of issue found, and the
// traps a translator would not call mistakes kept silent. Each case is one draft segment
// against one glossary; the expected issues are listed as "kind label" (label: the term or
// the Dutch number) with what was found where that matters.
import { describe, expect, it } from 'vitest';
import { checkDraft, type Issue } from '../../src/core/check.js';
import { buildTermIndex, type TermEntry } from '../../src/core/terms.js';

const term = (source: string, approved: string[], forbidden: string[] = []): TermEntry => ({ source, approved, forbidden });

const GLOSSARY = buildTermIndex([
  term('Koerdische strijdkrachten', ['Kurdish forces'], ['Kurdish armed forces', 'Kurdish army']),
  term('strijdkrachten', ['armed forces'], ['army']),
  term('zelfbenoemde kalifaat', ['self-proclaimed caliphate'], ['so-called caliphate', 'self-appointed caliphate']),
  term('kalifaat', ['caliphate']),
  term('autobom', ['car bomb'], ['auto bomb']),
  term('IS-strijders', ['IS fighters'], ['ISIS fighters', 'Daesh fighters']),
  term('IS', ['Islamic State']),
  term('gevangenen', ['prisoners', 'inmates']),
  term('luchtaanvallen', ['air strikes', 'airstrikes'], ['air attacks']),
  term('woordvoerder', ['spokesman', 'spokesperson']),
  term('oorlog', ['war']),
  term('vluchtelingen', ['refugees'], ['fugitives']),
  term('staat', ['state']),
  term('kant', ['side']),
  term('leger', ['army']),
  term('regeringsleger', ['government army', 'government forces'], ['regime army']),
  term('wapenstilstand', ['ceasefire'], ['weapons standstill']),
  term('persbureau', ['news agency'], ['press bureau']),
  term('vrijheid', ['freedom']),
]);

const TM = new Map<string, string[]>([
  ['Het Pentagon bevestigt dat de Amerikanen luchtaanvallen hebben uitgevoerd.', ['The Pentagon confirms that the Americans have carried out air strikes.']],
  ['Beeld EPA', ['Photo EPA', 'Picture EPA']],
  // Approved as a whole, though it breaks the glossary: a desk decision stands.
  ['De gevangenen werden naar een ander kamp gebracht.', ['The detainees were moved to another camp.']],
]);

function check(nl: string, en: string): Issue[] {
  return checkDraft([{ segment: 1, source: nl, target: en }], { terms: GLOSSARY, approvedTargets: TM }).issues;
}

function label(i: Issue): string {
  return `${i.kind} ${i.term ?? i.number ?? ''}`.trim();
}

interface Case {
  name: string;
  nl: string;
  en: string;
  /** The issues as "kind label"; [] for a trap that must stay silent. */
  expect: string[];
  /** What each issue found, in order, where it matters. */
  found?: (string | undefined)[];
}

const TERM_CASES: Case[] = [
  {
    name: 'an inflected adjective in the source is the same term',
    nl: 'Het zelfbenoemd kalifaat is verslagen.',
    en: 'The self-proclaimed caliphate has been defeated.',
    expect: [],
  },
  {
    name: 'a plural source and plural target are the term and its rendering',
    nl: 'Er ontploften twee autobommen bij de poort.',
    en: 'Two car bombs exploded at the gate.',
    expect: [],
  },
  {
    name: 'a possessive in the target is the rendering',
    nl: 'De commandant van de Koerdische strijdkrachten is gedood.',
    en: "The Kurdish forces' commander has been killed.",
    expect: [],
  },
  { name: 'case does not matter on either side', nl: 'KOERDISCHE STRIJDKRACHTEN rukken op.', en: 'KURDISH FORCES are advancing.', expect: [] },
  { name: 'an approved variant is as good as the first rendering', nl: 'De gevangenen kregen geen water.', en: 'The inmates were given no water.', expect: [] },
  {
    name: 'a one-word variant of a two-word rendering',
    nl: 'Na de luchtaanvallen vluchtten honderden families.',
    en: 'After the airstrikes, hundreds of families fled.',
    expect: [],
  },
  {
    name: 'a missing rendering is reported with the words used instead',
    nl: 'De Koerdische strijdkrachten heroverden de wijk.',
    en: 'The Kurdish fighters recaptured the district.',
    expect: ['term-missing Koerdische strijdkrachten'],
    found: ['Kurdish fighters'],
  },
  {
    name: 'a rejected rendering is reported once, not also as missing',
    nl: 'De Koerdische strijdkrachten heroverden de wijk.',
    en: 'The Kurdish armed forces recaptured the district.',
    expect: ['forbidden-term Koerdische strijdkrachten'],
    found: ['Kurdish armed forces'],
  },
  {
    name: 'a rejected rendering in plural form is still rejected',
    nl: 'Bij de poort ontploften autobommen.',
    en: 'Auto bombs exploded at the gate.',
    expect: ['forbidden-term autobom'],
    found: ['Auto bombs'],
  },
  {
    name: 'the longer term wins: its rendering is not blamed on the shorter one',
    nl: 'De Koerdische strijdkrachten melden verliezen.',
    en: 'The Kurdish forces report losses.',
    expect: [],
  },
  {
    name: 'the shorter term on its own is checked',
    nl: 'De strijdkrachten melden verliezen.',
    en: 'The army reports losses.',
    expect: ['forbidden-term strijdkrachten'],
    found: ['army'],
  },
  {
    name: 'a term as the first part of a compound is found',
    nl: 'Twee kalifaatstrijders werden opgepakt.',
    en: 'Two jihadists were arrested.',
    expect: ['term-missing kalifaat'],
  },
  {
    name: 'a term as the first part of a compound, rendered',
    nl: 'Twee kalifaatstrijders werden opgepakt.',
    en: 'Two caliphate fighters were arrested.',
    expect: [],
  },
  {
    name: 'a term as the head of a compound is found',
    nl: 'De burgeroorlog duurt al elf jaar.',
    en: 'The civil conflict has lasted eleven years.',
    expect: ['term-missing oorlog'],
  },
  { name: 'a compound head, rendered', nl: 'De burgeroorlog duurt al elf jaar.', en: 'The civil war has lasted eleven years.', expect: [] },
  { name: 'a compound with a linking s', nl: 'Er worden oorlogsmisdaden onderzocht.', en: 'War crimes are being investigated.', expect: [] },
  { name: 'a plural term inside a compound', nl: 'Het vluchtelingenkamp is overvol.', en: 'The refugee camp is overcrowded.', expect: [] },
  {
    name: 'a term inside a word that is no compound of it stays silent (kant in kantoor)',
    nl: 'De woordvoerder sprak vanuit zijn kantoor.',
    en: 'The spokesman spoke from his office.',
    expect: [],
  },
  {
    name: 'a verb that ends like a term stays silent (staat in ontstaat, bestaat)',
    nl: 'Er ontstaat chaos, want er bestaat geen plan.',
    en: 'Chaos ensues, because there is no plan.',
    expect: [],
  },
  { name: 'a derivation is not the same word (vrijheid is no vrij)', nl: 'Hij is weer vrij.', en: 'He is free again.', expect: [] },
  {
    name: 'a derivation is not a compound (legering is no leger)',
    nl: 'De huls is van een lichte legering.',
    en: 'The casing is made of a light alloy.',
    expect: [],
  },
  {
    name: 'the longer compound term wins over the term inside it',
    nl: 'Het regeringsleger trok zich terug.',
    en: 'The government forces withdrew.',
    expect: [],
  },
  {
    name: 'the longer compound term, rendered in a rejected way',
    nl: 'Het regeringsleger trok zich terug.',
    en: 'The regime army withdrew.',
    expect: ['forbidden-term regeringsleger'],
    found: ['regime army'],
  },
  { name: 'an acronym term is not an ordinary lower-case word ("is")', nl: 'Het is een crisis in de regio.', en: 'It is a crisis in the region.', expect: [] },
  { name: 'an acronym term in capitals is a term', nl: 'IS eist de aanslag op.', en: 'The group claimed the attack.', expect: ['term-missing IS'] },
  {
    name: 'a rejected rendering without its Dutch term in the source is no issue',
    nl: 'De groep trok zich terug uit Raqqa.',
    en: 'The so-called caliphate withdrew from Raqqa.',
    expect: [],
  },
  {
    name: 'a rejected rendering twice in the target is reported twice',
    nl: 'Een autobom en nog een autobom ontploften.',
    en: 'An auto bomb and another auto bomb exploded.',
    expect: ['forbidden-term autobom', 'forbidden-term autobom'],
  },
  {
    name: 'a term twice in the source without a rendering is reported twice',
    nl: 'Het persbureau meldt het en een ander persbureau bevestigt het.',
    en: 'One wire service reports it and another confirms it.',
    expect: ['term-missing persbureau', 'term-missing persbureau'],
  },
  {
    name: 'a hyphenated compound term and its rendering',
    nl: 'Ruim honderd IS-strijders gaven zich over.',
    en: 'More than a hundred IS fighters surrendered.',
    expect: [],
  },
  {
    name: 'ISIS is not IS: a rejected rendering is found as a whole word',
    nl: 'Ruim honderd IS-strijders gaven zich over.',
    en: 'More than a hundred ISIS fighters surrendered.',
    expect: ['forbidden-term IS-strijders'],
    found: ['ISIS fighters'],
  },
  {
    name: 'a rendering is matched on whole words only',
    nl: 'De wapenstilstand houdt stand.',
    en: 'The ceasefireline holds.',
    expect: ['term-missing wapenstilstand'],
  },
];

const NUMBER_CASES: Case[] = [
  { name: 'a number word and the English word', nl: 'Er vielen zeventien doden.', en: 'Seventeen people were killed.', expect: [] },
  { name: 'a number word and digits', nl: 'Er vielen zeventien doden.', en: '17 people were killed.', expect: [] },
  { name: 'a wrong number word', nl: 'Er vielen zeventien doden.', en: 'Seventy people were killed.', expect: ['number-mismatch zeventien'] },
  {
    name: 'Dutch thousands separator and English thousands separator',
    nl: 'Bij de uitbraak ontsnapten 1.200 gevangenen.',
    en: 'In the breakout, 1,200 prisoners escaped.',
    expect: [],
  },
  {
    name: 'a Dutch separator left in the English is caught',
    nl: 'Bij de uitbraak ontsnapten 1.200 gevangenen.',
    en: 'In the breakout, 1.200 prisoners escaped.',
    expect: ['number-mismatch 1.200'],
  },
  { name: 'a decimal comma and a magnitude word', nl: 'De schade bedraagt 3,5 miljoen euro.', en: 'The damage amounts to 3.5 million euros.', expect: [] },
  { name: 'a magnitude written out in digits', nl: 'De schade bedraagt 3,5 miljoen euro.', en: 'The damage amounts to €3,500,000.', expect: [] },
  {
    name: 'miljard is billion, not million',
    nl: 'De wederopbouw kost 2 miljard dollar.',
    en: 'Reconstruction will cost 2 million dollars.',
    expect: ['number-mismatch 2 miljard'],
  },
  { name: 'miljard and a newsroom abbreviation', nl: 'De wederopbouw kost 2 miljard dollar.', en: 'Reconstruction will cost $2bn.', expect: [] },
  {
    name: 'a compound number word',
    nl: 'De terreurgroep beweert dat er achthonderd zijn ontsnapt.',
    en: 'The terror group claims that eight hundred escaped.',
    expect: [],
  },
  {
    name: 'a compound number word against digits',
    nl: 'De terreurgroep beweert dat er achthonderd zijn ontsnapt.',
    en: 'The terror group claims that 800 escaped.',
    expect: [],
  },
  {
    name: 'Dutch compounds with en/ën',
    nl: 'Er raakten tweeëntwintig mensen gewond en eenentwintig vermist.',
    en: 'Twenty-two people were injured and 21 are missing.',
    expect: [],
  },
  { name: 'hundred and fifty', nl: 'Honderdvijftig gezinnen sliepen buiten.', en: 'One hundred and fifty families slept outside.', expect: [] },
  {
    name: 'vague quantities are not numbers',
    nl: 'Duizenden inwoners sloegen op de vlucht, tientallen raakten gewond.',
    en: 'Thousands of residents fled and dozens were injured.',
    expect: [],
  },
  { name: 'hundreds is vague too', nl: 'Honderden gezinnen zitten zonder stroom.', en: 'Many families are without power.', expect: [] },
  { name: 'a year', nl: 'In 2019 viel het laatste bolwerk.', en: 'In 2019 the last stronghold fell.', expect: [] },
  { name: 'a wrong year', nl: 'In 2019 viel het laatste bolwerk.', en: 'In 2020 the last stronghold fell.', expect: ['number-mismatch 2019'] },
  { name: 'a percentage with a decimal comma', nl: 'De inflatie steeg naar 12,5 procent.', en: 'Inflation rose to 12.5 per cent.', expect: [] },
  { name: 'a percentage sign', nl: 'Slechts 40% van de kiezers stemde.', en: 'Only 40 percent of voters cast a ballot.', expect: [] },
  { name: 'an ordinal word', nl: 'Het is de derde aanval deze maand.', en: 'It is the third attack this month.', expect: [] },
  { name: 'an ordinal in digits', nl: 'Het is de grootste uitbraak van de 21e eeuw.', en: 'It is the biggest breakout of the 21st century.', expect: [] },
  { name: 'a wrong ordinal', nl: 'Het is de tweede aanval deze week.', en: 'It is the first attack this week.', expect: ['number-mismatch tweede'] },
  {
    name: 'an ordinal that is part of a name is no count',
    nl: 'De Tweede Kamer debatteert erover.',
    en: 'The House of Representatives is debating it.',
    expect: [],
  },
  { name: 'a 24-hour time against a 12-hour time', nl: 'De aanval begon om 19.30 uur.', en: 'The attack began at 7.30pm.', expect: [] },
  {
    name: 'a range',
    nl: 'Er zitten nog 150 tot 200 militanten in de gevangenis.',
    en: 'Between 150 and 200 militants are still inside the prison.',
    expect: [],
  },
  {
    name: 'a wrong end of a range',
    nl: 'Er zitten nog 150 tot 200 militanten in de gevangenis.',
    en: '150 to 250 militants are still inside the prison.',
    expect: ['number-mismatch 200'],
  },
  { name: '"één" as an emphatic article is not counted', nl: 'Het is één van de grootste aanvallen.', en: 'It is among the largest attacks.', expect: [] },
  { name: 'twee keer is twice', nl: 'De gevangenis werd twee keer aangevallen.', en: 'The prison was attacked twice.', expect: [] },
  { name: 'digits in a link are not numbers', nl: 'Bekijk de video: https://t.co/9OF3CnN74P', en: 'Watch the video.', expect: [] },
  { name: 'a decade', nl: 'In de jaren negentig was de stad rustig.', en: 'In the 1990s the city was quiet.', expect: [] },
  { name: 'a date', nl: 'Op 22 januari 2022 schreef ze het.', en: 'She wrote it on January 22, 2022.', expect: [] },
];

const TM_CASES: Case[] = [
  {
    name: 'a stored sentence with its approved translation',
    nl: 'Het Pentagon bevestigt dat de Amerikanen luchtaanvallen hebben uitgevoerd.',
    en: 'The Pentagon confirms that the Americans have carried out air strikes.',
    expect: [],
  },
  {
    name: 'a stored sentence translated otherwise',
    nl: 'Het Pentagon bevestigt dat de Amerikanen luchtaanvallen hebben uitgevoerd.',
    en: 'The Pentagon confirms that the Americans have carried out airstrikes.',
    expect: ['tm-deviation'],
  },
  {
    name: 'white space does not count, but punctuation does',
    nl: '  Het Pentagon bevestigt dat de Amerikanen  luchtaanvallen hebben uitgevoerd.',
    en: 'The Pentagon confirms that the Americans have carried out air strikes',
    expect: ['tm-deviation'],
  },
  { name: 'any of several approved translations will do', nl: 'Beeld EPA', en: 'Picture EPA', expect: [] },
  {
    name: 'an approved pair is not checked further, even against the glossary',
    nl: 'De gevangenen werden naar een ander kamp gebracht.',
    en: 'The detainees were moved to another camp.',
    expect: [],
  },
];

describe.each([
  ['terms', TERM_CASES],
  ['numbers', NUMBER_CASES],
  ['the TM', TM_CASES],
])('check: %s', (_group, cases) => {
  it.each(cases)('$name', (c) => {
    const issues = check(c.nl, c.en);
    expect(issues.map(label)).toEqual(c.expect);
    if (c.found) expect(issues.map((i) => i.found)).toEqual(c.found);
    for (const i of issues) expect(i.message.length).toBeGreaterThan(20);
  });
});

describe('check: the same Dutch translated two ways (inconsistent-target)', () => {
  const run = (pairs: [string, string][]) =>
    checkDraft(
      pairs.map(([source, target], i) => ({ segment: i + 1, source, target })),
      { terms: buildTermIndex([]), approvedTargets: new Map() },
    ).issues;

  it('reports the segment that differs, pointing to the other', () => {
    const issues = run([
      ['Beeld AFP', 'Photo AFP'],
      ['De stad is leeg.', 'The city is empty.'],
      ['Beeld AFP', 'Picture AFP'],
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ kind: 'inconsistent-target', segment: 3, expected: ['Photo AFP'], found: 'Picture AFP', segments: [1] });
  });

  it('takes the translation most segments use as the reference', () => {
    const issues = run([
      ['Beeld AFP', 'Picture AFP'],
      ['Beeld AFP', 'Photo AFP'],
      ['Beeld AFP', 'Photo AFP'],
    ]);
    expect(issues.map((i) => [i.segment, i.found])).toEqual([[1, 'Picture AFP']]);
  });

  it('stays silent when only white space differs', () => {
    expect(
      run([
        ['Beeld AFP', 'Photo AFP'],
        ['Beeld  AFP ', 'Photo  AFP'],
      ]),
    ).toEqual([]);
  });
});

describe('check: the report as a whole', () => {
  it('numbers issues by segment, counts them by kind, lists untranslated and approved segments', () => {
    const r = checkDraft(
      [
        { segment: 1, source: 'Beeld EPA', target: 'Photo EPA' },
        { segment: 2, source: 'Er vielen zeventien doden.', target: 'Seventy people were killed.' },
        { segment: 3, source: 'De gevangenen vluchtten.', target: '' },
        { segment: 4, source: 'Twee autobommen ontploften.', target: 'Two auto bombs exploded.' },
      ],
      { terms: GLOSSARY, approvedTargets: TM },
    );
    expect(r.issues.map((i) => [i.segment, i.kind])).toEqual([
      [2, 'number-mismatch'],
      [4, 'forbidden-term'],
    ]);
    expect(r.summary).toMatchObject({ segments: 4, issues: 2, segmentsWithIssues: 2, approved: [1], untranslated: [3] });
    expect(r.summary.byKind['forbidden-term']).toBe(1);
  });

  it('leaves out the kinds it is told to ignore', () => {
    const r = checkDraft(
      [{ segment: 1, source: 'Twee autobommen ontploften.', target: 'Three auto bombs exploded.' }],
      { terms: GLOSSARY, approvedTargets: TM },
      { ignore: new Set(['number-mismatch']) },
    );
    expect(r.issues.map((i) => i.kind)).toEqual(['forbidden-term']);
  });

  it('does not check numbers inside a term whose approved rendering is there', () => {
    const terms = buildTermIndex([term('Tweede Wereldoorlog', ['World War II'])]);
    const r = checkDraft([{ segment: 1, source: 'Sinds de Tweede Wereldoorlog niet meer.', target: 'Not since World War II.' }], {
      terms,
      approvedTargets: new Map(),
    });
    expect(r.issues).toEqual([]);
  });
});
