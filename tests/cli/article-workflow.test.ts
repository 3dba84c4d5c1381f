// The article workflow as a translator runs it: segment → analyze → pretranslate → edit →
// approve, against the sample TM, in-process with real files.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, snapshotDb, tempDir, expectRefusal, type RunResult } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

const SEED = join(ROOT, 'data', 'hasaka-2022-nl.txt');
const SAMPLE_TM = join(ROOT, 'data', 'hasaka-2022.tsv');

/** The sample TM's segments, nl → en, in file order. */
const TM_SEGMENTS = readFileSync(SAMPLE_TM, 'utf8')
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'))
  .filter((c) => c[2] === 'segment')
  .map((c) => ({ nl: c[0]!, en: c[1]! }));

/**
 * An article with one segment in every band. Scores by hand (SPEC formula, lengths in
 * characters of the longer text): "zeventien" → "achttien" is 5 edits in 92 → 94; two
 * three-digit numbers are 3 edits in 183 → 98; "noorden", "vaker", "het openbaar" are 13
 * edits in 74 → 82; "waren" and the dropped clause are 27 edits in 58 → 53.
 */
const ARTICLE = [
  'De Koerdische strijders die het gebied bewaken, verloren naar eigen zeggen achttien mensen. ' +
    'Volgens een woordvoerder van de Koerdische strijdkrachten zitten er nog 300 tot 400 IS-militanten verschanst in en rond de gevangenis, zegt hij tegen persbureau Associated Press (AP).',
  '',
  'Beeld EPA',
  '',
  'Ten noorden van Hasaka manifesteert IS zich steeds vaker in het openbaar. In de stad waren explosies te horen.',
  '',
  'Een geheel nieuwe zin over de verkiezingen in Nederland. Beeld EPA',
  '',
  'https://nos.nl/artikel/123',
  '',
].join('\n');

let dir: string;
let cleanup: () => void;
let tm: string;
let article: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  tm = join(dir, 'sample.sqlite');
  const r = await cli(['--db', tm, 'import', SAMPLE_TM]);
  expect(r.status, r.stderr).toBe(0);
  article = join(dir, 'article.txt');
  writeFileSync(article, ARTICLE);
});
afterAll(() => cleanup());

/** A fresh copy of the sample TM, for tests that write. */
function freshTm(name: string): string {
  const path = join(dir, `${name}.sqlite`);
  copyFileSync(tm, path);
  return path;
}

async function json(args: string[], db = tm) {
  const r = await cli(['--db', db, ...args]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('analyze', () => {
  it('finds every translatable segment of the seed article as a 100% match with its approved English', async () => {
    const doc = await json(['analyze', SEED, '--json']);
    const bands = Object.fromEntries(doc.summary.bands.map((b: { band: string; segments: number }) => [b.band, b.segments]));
    expect(bands).toEqual({ repetition: 0, context: 0, '100': 25, '95-99': 0, '85-94': 0, '75-84': 0, '50-74': 0, none: 0, 'not-translatable': 2 });
    const hits = doc.segments.filter((s: { band: string }) => s.band === '100');
    expect(hits.map((s: { text: string; match: { target: string } }) => ({ nl: s.text, en: s.match.target }))).toEqual(TM_SEGMENTS);
    expect(doc.segments.filter((s: { band: string }) => s.band === 'not-translatable').map((s: { text: string }) => s.text)).toEqual([
      'date 2022-01',
      'https://t.co/9OF3CnN74P',
    ]);
  });

  it('puts each segment of an edited article in its band and counts words per band', async () => {
    const doc = await json(['analyze', article, '--json']);
    expect(doc.segments.map((s: { band: string; score: number | null; repetitionOf: number | null }) => [s.band, s.score, s.repetitionOf])).toEqual([
      ['85-94', 94, null],
      ['95-99', 98, null],
      ['100', 100, null],
      ['75-84', 82, null],
      ['50-74', 53, null],
      ['none', null, null],
      ['repetition', 100, 3],
      ['not-translatable', null, null],
    ]);
    expect(doc.segments[4].match.source).toBe('In de stad zijn explosies te horen en rookpluimen te zien.');
    const words = Object.fromEntries(doc.summary.bands.map((b: { band: string; words: number }) => [b.band, b.words]));
    expect(words).toEqual({ repetition: 2, context: 0, '100': 2, '95-99': 27, '85-94': 13, '75-84': 12, '50-74': 7, none: 9, 'not-translatable': 1 });
    expect(doc.summary.total).toEqual({ segments: 8, words: 73 });
  });

  it('prints a segment list and the band table for people', async () => {
    const r = await cli(['--db', tm, 'analyze', article, '--details']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^ {3}1 {3}94% {2}#7 +De Koerdische .* achttien mensen\.\n {6}nl {2}De Koerdische .* \[-zeventien-\]\{\+achttien\+\} mensen\.\n {6}en {2}The Kurdish fighters .* seventeen people\.$/m,
    );
    expect(r.stdout).toMatch(/article\.txt: 8 segments, 73 words/);
    expect(r.stdout).toMatch(/^ {3}7 {2}rep\. {2}of 3 +Beeld EPA$/m);
    expect(r.stdout).toMatch(/^95–99% +1 +27 +37\.0%$/m);
    expect(r.stdout).toMatch(/^Total +8 +73 +100\.0%$/m);
    const brief = await cli(['--db', tm, 'analyze', article, '--summary']);
    expect(brief.stdout).not.toContain('Beeld EPA');
    expect(brief.stdout).toMatch(/^No match +1 +9 +12\.3%$/m);
  });

  it('estimates the 50–74% band unless --exact, says so, and finds the same here', async () => {
    const estimated = await json(['analyze', article, '--json']);
    const proven = await json(['analyze', article, '--json', '--exact']);
    expect(estimated.summary.estimated).toEqual(['50-74', 'none']);
    expect(proven.summary.estimated).toEqual([]);
    expect(proven.segments).toEqual(estimated.segments);
    const note = /^50–74% and No match: estimated from the closest stored sentences; --exact compares all \(slower\)\.$/m;
    expect((await cli(['--db', tm, 'analyze', article, '--summary'])).stdout).toMatch(note);
    expect((await cli(['--db', tm, 'analyze', article, '--summary', '--exact'])).stdout).not.toMatch(/estimated/);
    // Nothing to estimate when every segment has a match of 75% or more.
    expect((await cli(['--db', tm, 'analyze', SEED, '--summary'])).stdout).not.toMatch(/estimated/);
  });

  it('reads HTML and Markdown articles as their text', async () => {
    const html = join(dir, 'article.html');
    writeFileSync(
      html,
      '<html><head><title>Hasaka</title><style>p{}</style></head><body><figure><figcaption>Koerdische strijders in Hasaka controleren Syriërs die hun huizen zijn ontvlucht vanwege de <b>IS-aanval</b>. Beeld&nbsp;EPA</figcaption></figure>' +
        '<p>Het Pentagon bevestigt dat de Amerikanen luchtaanvallen hebben uitgevoerd.</p><script>var x = "Geen tekst.";</script></body></html>',
    );
    const md = join(dir, 'article.md');
    writeFileSync(md, '# Beeld EPA\n\nHet *Pentagon* bevestigt dat de Amerikanen\nluchtaanvallen hebben [uitgevoerd](https://example.org).\n');
    for (const file of [html, md]) {
      const doc = await json(['analyze', file, '--json']);
      expect(doc.summary.bands.find((b: { band: string }) => b.band === '100').segments, file).toBe(doc.segments.length);
    }
    expect((await json(['segment', html, '--json'])).segments.map((s: { text: string }) => s.text)).toEqual([
      'Koerdische strijders in Hasaka controleren Syriërs die hun huizen zijn ontvlucht vanwege de IS-aanval.',
      'Beeld EPA',
      'Het Pentagon bevestigt dat de Amerikanen luchtaanvallen hebben uitgevoerd.',
    ]);
  });
});

describe('pretranslate', () => {
  it('fills the seed article from the sample TM and copies what is not translated', async () => {
    const draft = join(dir, 'seed-draft.tsv');
    const r = await cli(['--db', tm, 'pretranslate', SEED, '-o', draft]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/25 exact, 0 fuzzy, 0 to translate, 2 copied/);
    const [header, ...rows] = readFileSync(draft, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(header).toEqual(['segment', 'paragraph', 'nl', 'en', 'score', 'match', 'tm_id', 'tm_nl', 'tm_en', 'note']);
    expect(rows).toHaveLength(27);
    const exact = rows.filter((c) => c[5] === 'exact');
    expect(exact.map((c) => ({ nl: c[2], en: c[3] }))).toEqual(TM_SEGMENTS);
    expect(exact.every((c) => c[4] === '100')).toBe(true);
    expect(rows.filter((c) => c[5] === 'copy').map((c) => [c[2], c[3]])).toEqual([
      ['date 2022-01', 'date 2022-01'],
      ['https://t.co/9OF3CnN74P', 'https://t.co/9OF3CnN74P'],
    ]);
  });

  it('uses fuzzy matches from --min up, adapts numbers, leaves the rest empty', async () => {
    const doc = await json(['pretranslate', article, '--json']);
    expect(doc.rows.map((r: { match: string; score: number | null }) => [r.match, r.score])).toEqual([
      ['fuzzy', 94],
      ['adapted', 98],
      ['exact', 100],
      ['fuzzy', 82],
      ['none', null],
      ['none', null],
      ['exact', 100],
      ['copy', null],
    ]);
    expect(doc.rows[0].target).toBe('The Kurdish fighters guarding the area say they lost seventeen people.');
    expect(doc.rows[0].pairSource).toBe('De Koerdische strijders die het gebied bewaken, verloren naar eigen zeggen zeventien mensen.');
    expect(doc.rows[1].target).toBe(
      'According to a spokesman for the Kurdish forces, 300 to 400 IS militants are still entrenched in and around the prison, he told the news agency Associated Press (AP).',
    );
    // The note names the adapted numbers, then the stored terms of the segment (the term pane).
    expect(doc.rows[1].note).toMatch(/^numbers adapted: 150 → 300, 200 → 400; terms: .*Koerdische strijdkrachten → Kurdish forces \(not: Kurdish armed forces/);
    expect(doc.rows[4].target).toBe('');
    expect((await json(['pretranslate', article, '--json', '--min', '50'])).rows[4]).toMatchObject({ match: 'fuzzy', score: 53 });
    expect((await json(['pretranslate', article, '--json', '--min', '95'])).rows[0]).toMatchObject({ match: 'none', target: '' });
  });

  it('writes the draft to standard output without -o', async () => {
    const r = await cli(['--db', tm, 'pretranslate', '-'], { input: 'Beeld EPA\n' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('segment\tparagraph\tnl\ten\tscore\tmatch\ttm_id\ttm_nl\ttm_en\tnote\n1\t1\tBeeld EPA\tPhoto EPA\t100\texact\t2\t\t\t\n');
  });

  it('refuses an unknown draft format, an existing draft, and an empty article, writing nothing', async () => {
    const docx = join(dir, 'draft.docx');
    expectRefusal(await cli(['--db', tm, 'pretranslate', article, '-o', docx]), /unknown draft format "\.docx".*\.tsv or \.xlf/);
    expect(existsSync(docx)).toBe(false);
    const kept = join(dir, 'kept.tsv');
    writeFileSync(kept, 'my edits');
    expectRefusal(await cli(['--db', tm, 'pretranslate', article, '-o', kept]), /kept\.tsv exists and may hold your edits.*--force/);
    expect(readFileSync(kept, 'utf8')).toBe('my edits');
    expect((await cli(['--db', tm, 'pretranslate', article, '-o', kept, '--force'])).status).toBe(0);
    expect(readFileSync(kept, 'utf8')).toMatch(/^segment\tparagraph/);
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '\n  \n');
    expectRefusal(await cli(['--db', tm, 'pretranslate', empty]), /empty\.txt: has no text to translate/);
  });
});

describe('the full loop: pretranslate → edit → check → approve', () => {
  it('refuses a draft with issues, approves the fixed one, and the TM then knows the article', async () => {
    const db = freshTm('loop');
    const draft = join(dir, 'loop-draft.tsv');
    expect((await cli(['--db', db, 'pretranslate', article, '-o', draft])).status).toBe(0);

    // The translator edits in a spreadsheet: fixes the fuzzy match, translates one new
    // segment, leaves the 53 % one empty — and renders the repeated caption differently.
    const edit = (rows: string[][]) => `${rows.map((c) => c.join('\t')).join('\n')}\n`;
    const rows = readFileSync(draft, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'));
    rows[1]![3] = 'The Kurdish fighters guarding the area say they lost eighteen people.';
    rows[6]![3] = 'A completely new sentence about the elections in the Netherlands.';
    rows[7]![3] = 'Picture: EPA';
    writeFileSync(draft, edit(rows));

    const before = snapshotDb(db);
    const refused = await cli(['--db', db, 'approve', draft, '--by', 'ana', '--ref', 'nos-123']);
    expect(refused.status).toBe(1);
    // The report is the one `ntm check` prints.
    expect(refused.stdout).toMatch(
      /^Segment 7 \(line 8\)\n {2}nl {2}Beeld EPA\n {2}en {2}Picture: EPA\n(?: {4}.*\n)* {4}inconsistent-target +The same Dutch is translated differently in segment 3/m,
    );
    expect(refused.stdout).toBe((await cli(['--db', db, 'check', draft])).stdout);
    // The adapted and the 82 % suggestions are still as pretranslate filled them in.
    expect(refused.stderr).toMatch(
      /Nothing approved: in .*loop-draft\.tsv, segments 2, 4 still hold the fuzzy suggestion.*--accept-fuzzy.*other issue.*--force/,
    );
    expect(snapshotDb(db)).toBe(before);

    rows[7]![3] = 'Photo EPA';
    writeFileSync(draft, edit(rows));
    const ok = await cli(['--db', db, 'approve', draft, '--by', 'ana', '--ref', 'nos-123', '--json', '--accept-fuzzy']);
    expect(ok.status, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout);
    // New: the edited fuzzy match, the adapted one, the 82 % match as it was, the new sentence.
    // Uses: the caption (its repetition is not counted twice). Empty: the 53 % segment.
    expect(report).toMatchObject({ approved: true, added: 4, uses: 1, repetitions: 1, empty: 1, copied: 1, skipped: [] });

    const caption = (await json(['lookup', 'Beeld EPA', '--json'], db)).matches;
    expect(caption).toHaveLength(1);
    expect(caption[0]).toMatchObject({ target: 'Photo EPA', usageCount: 1 });
    const added = (await json(['lookup', 'Een geheel nieuwe zin over de verkiezingen in Nederland.', '--json'], db)).matches[0];
    expect(added).toMatchObject({ score: 100, target: 'A completely new sentence about the elections in the Netherlands.', approvedBy: 'ana', ref: 'nos-123' });

    const after = (await json(['analyze', article, '--json'], db)).segments.map((s: { band: string }) => s.band);
    // Approved in this article's order: each sentence after the first is now a 100 % match in context.
    expect(after).toEqual(['100', 'context', 'context', 'context', '50-74', 'context', 'repetition', 'not-translatable']);
  });

  it('works the same with an XLIFF draft: a planted term problem is found, the fixed draft approved', async () => {
    const db = freshTm('xliff-loop');
    const draft = join(dir, 'loop-draft.xlf');
    const made = await cli(['--db', db, 'pretranslate', article, '-o', draft]);
    expect(made.status, made.stderr).toBe(0);
    let xlf = readFileSync(draft, 'utf8');
    expect(xlf).toMatch(/<file original="article\.txt" source-language="nl" target-language="en" datatype="plaintext"/);
    expect(xlf.match(/<trans-unit /g)).toHaveLength(8);
    expect(xlf).toMatch(/<trans-unit id="2" ntm:paragraph="1" ntm:match="adapted" ntm:score="98" ntm:tm-id="\d+">/);

    // The translator's edits in the XML: fixes the number of the fuzzy match, translates the
    // new sentence, and (the planted problem) renders "Koerdische strijdkrachten" loosely.
    const edit = (from: string | RegExp, to: string) => {
      const next = xlf.replace(from, to);
      expect(next, `edit ${from}`).not.toBe(xlf);
      xlf = next;
      writeFileSync(draft, xlf);
    };
    edit('lost seventeen people.</target>', 'lost eighteen people.</target>');
    edit(
      /(<source>Een geheel nieuwe zin over de verkiezingen in Nederland\.<\/source>)/,
      '$1<target>A completely new sentence about the elections in the Netherlands.</target>',
    );
    edit(
      'spokesman for the Kurdish forces, 300 to 400 IS militants are still entrenched in and around the prison, he told the news agency Associated Press (AP).</target>',
      'spokesman for the Kurdish fighters, 300 to 400 IS militants are still entrenched in and around the prison, he told the news agency Associated Press (AP).</target>',
    );

    const checked = await cli(['--db', db, 'check', draft, '--json']);
    expect(checked.status, checked.stderr).toBe(1);
    const found = JSON.parse(checked.stdout);
    expect(found.issues).toEqual([
      expect.objectContaining({ kind: 'term-missing', segment: 2, term: 'Koerdische strijdkrachten', expected: ['Kurdish forces'] }),
      // The 82 % suggestion is still as pretranslate filled it in.
      expect.objectContaining({ kind: 'unedited-fuzzy', segment: 4 }),
    ]);
    expect(found.summary).toMatchObject({ segments: 8, untranslated: [5] });
    const before = snapshotDb(db);
    const refused = await cli(['--db', db, 'approve', draft, '--ref', 'nos-456']);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/^Segment 2 \(line \d+\)$/m);
    expect(refused.stdout).toMatch(/term-missing/);
    expect(snapshotDb(db)).toBe(before);

    edit('spokesman for the Kurdish fighters,', 'spokesman for the Kurdish forces,');
    expect((await cli(['--db', db, 'check', draft, '--ignore', 'unedited-fuzzy'])).status).toBe(0);
    const ok = await cli(['--db', db, 'approve', draft, '--by', 'ana', '--ref', 'nos-456', '--json', '--accept-fuzzy']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ approved: true, added: 4, uses: 1, repetitions: 1, empty: 1, copied: 1, skipped: [] });
    const fixed = (await json(['lookup', 'De Koerdische strijders die het gebied bewaken, verloren naar eigen zeggen achttien mensen.', '--json'], db))
      .matches[0];
    expect(fixed).toMatchObject({
      score: 100,
      target: 'The Kurdish fighters guarding the area say they lost eighteen people.',
      approvedBy: 'ana',
      ref: 'nos-456',
    });
  });

  it('checks a TSV draft as pretranslate wrote it, header and all', async () => {
    const clean = join(dir, 'check-seed.tsv');
    expect((await cli(['--db', tm, 'pretranslate', SEED, '-o', clean])).status).toBe(0);
    const r = await cli(['--db', tm, 'check', clean]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Checked 27 segments: no issues\./);

    const fuzzy = join(dir, 'check-article.tsv');
    expect((await cli(['--db', tm, 'pretranslate', article, '-o', fuzzy])).status).toBe(0);
    const doc = JSON.parse((await cli(['--db', tm, 'check', fuzzy, '--json', '--ignore', 'unedited-fuzzy'])).stdout);
    // The 94 % match still says "seventeen" where the article has "achttien"; line 2 is
    // segment 1, under the header.
    expect(doc.issues).toEqual([expect.objectContaining({ kind: 'number-mismatch', segment: 1, line: 2, number: 'achttien' })]);
  });

  it('approves despite issues with --force, and stores nothing from a malformed draft', async () => {
    const db = freshTm('force');
    const draft = join(dir, 'force.tsv');
    writeFileSync(draft, 'nl\ten\nBeeld EPA\tPhoto EPA\nBeeld EPA\tPicture EPA\n');
    expect((await cli(['--db', db, 'approve', draft])).status).toBe(1);
    const forced = await cli(['--db', db, 'approve', draft, '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/1 new pair approved, 1 use of stored pairs/);
    // The second caption deviates from the TM's approved "Photo EPA" and from the first one.
    expect(forced.stdout).toMatch(/^ {4}tm-deviation .*\n {4}inconsistent-target /m);
    expect(forced.stdout).toMatch(/Approved despite 2 issues \(--force\)/);

    const bad = join(dir, 'bad.tsv');
    writeFileSync(bad, 'nl\ten\tnote\nHet Pentagon zwijgt.\tThe Pentagon is silent.\t\nEen zin\tmet\teen\ttab te veel\n');
    const before = snapshotDb(db);
    expectRefusal(await cli(['--db', db, 'approve', bad]), /bad\.tsv:3: expected 3 columns as in the header, found 4/);
    const cut = join(dir, 'cut.xlf');
    writeFileSync(
      cut,
      '<xliff version="1.2">\n<file source-language="nl" target-language="en"><body>\n<trans-unit id="1"><source>Het Pentagon zwijgt.</source><target>The Pent',
    );
    expectRefusal(await cli(['--db', db, 'approve', cut]), /cut\.xlf:3: is not well-formed XML/);
    expect(snapshotDb(db)).toBe(before);
  });
});

describe('segmentation rules from the user', () => {
  it('extends the shipped rules with --rules or $NTM_SEGMENT_RULES, and names a broken file', async () => {
    const text = 'Het pand aan de Kerkstr. Ook daar is schade.';
    const rules = join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify({ abbreviations: ['Kerkstr.'] }));
    const count = (r: RunResult) => JSON.parse(r.stdout).segments.length;
    expect(count(await cli(['segment', '-', '--json'], { input: text }))).toBe(2);
    expect(count(await cli(['segment', '-', '--json', '--rules', rules], { input: text }))).toBe(1);
    expect(count(await cli(['segment', '-', '--json'], { input: text, env: { NTM_SEGMENT_RULES: rules } }))).toBe(1);

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "abbreviations": ["Kerkstr."],\n}\n');
    expectRefusal(await cli(['segment', '-', '--rules', broken], { input: text }), /broken\.json:3: not valid JSON/);
    writeFileSync(broken, JSON.stringify({ rules: [{ name: 'x', break: true, before: '(', after: '' }] }));
    expectRefusal(await cli(['segment', '-', '--rules', broken], { input: text }), /broken\.json: rule "x", before: Invalid regular expression/);
  });
});

describe('lookup -i', () => {
  it('answers sentence after sentence from one prompt and says goodbye on an empty line', async () => {
    const r = await cli(['--db', tm, 'lookup', '-i'], {
      input: 'Beeld EPA\nHet Pentagon bevestigt dat de Amerikanen luchtaanvallen uitvoerden.\n\nnot read\n',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Paste a Dutch sentence/);
    expect(r.stdout).toMatch(/^nl› Beeld EPA\n100% +#2 segment/m);
    expect(r.stdout).toMatch(/^nl› Het Pentagon bevestigt .*\n 85% +#11 segment/m);
    expect(r.stdout).toContain('The Pentagon confirms that the Americans have carried out air strikes.');
    expect(r.stdout).not.toContain('not read');
    expect(r.stdout.trimEnd()).toMatch(/2 sentences looked up\. Bye\.$/);
  });

  it('ends at end of input too, and prints only JSON lines with --json', async () => {
    const eof = await cli(['--db', tm, 'lookup', '-i'], { input: 'Beeld EPA' });
    expect(eof.status).toBe(0);
    expect(eof.stdout.trimEnd()).toMatch(/1 sentence looked up\. Bye\.$/);
    const r = await cli(['--db', tm, 'lookup', '-i', '--json'], { input: 'Beeld EPA\nonbekend\n' });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.query, l.matches.length])).toEqual([
      ['Beeld EPA', 1],
      ['onbekend', 0],
    ]);
  });

  it('refuses a text together with -i, and a missing text without it', async () => {
    expectRefusal(await cli(['--db', tm, 'lookup', 'Beeld EPA', '-i']), /either a text .* or -i/);
    expectRefusal(await cli(['--db', tm, 'lookup']), /Nothing to look up/);
  });
});
