// The one draft reading layer of check and approve: every format gives the same numbered
// segments, whatever approval state an XML file records, and refuses what it cannot read.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { DraftRow } from '../../src/core/draft.js';
import { InputError } from '../../src/core/errors.js';
import { alignDraft, draftWriteFormatOf, readDraft, readText, writeDraft } from '../../src/formats/draft.js';

const stream = (s: string | Buffer) => Readable.from([typeof s === 'string' ? Buffer.from(s) : s]);
const plain = (units: { segment: number; source: string; target: string }[]) => units.map((u) => [u.segment, u.source, u.target]);

const ROWS: DraftRow[] = [
  { segment: 1, paragraph: 1, source: 'Beeld EPA', target: 'Photo EPA', score: 100, match: 'exact', pairId: 2, pairSource: null, note: '' },
  {
    segment: 2,
    paragraph: 2,
    source: 'Er vielen 18 doden & gewonden.',
    target: '18 <people> died.',
    score: 94,
    match: 'adapted',
    pairId: 7,
    pairSource: 'Er vielen 17 doden & gewonden.',
    pairTarget: '17 <people> died.',
    note: 'numbers adapted: 17 → 18',
  },
  { segment: 3, paragraph: 2, source: '‘Nieuw’, zei hij.', target: '', score: null, match: 'none', pairId: null, pairSource: null, note: '' },
  {
    segment: 4,
    paragraph: 3,
    source: 'https://nos.nl/1',
    target: 'https://nos.nl/1',
    score: null,
    match: 'copy',
    pairId: null,
    pairSource: null,
    note: 'link',
  },
];
const EXPECTED = [
  [1, 'Beeld EPA', 'Photo EPA'],
  [2, 'Er vielen 18 doden & gewonden.', '18 <people> died.'],
  [3, '‘Nieuw’, zei hij.', ''],
  [4, 'https://nos.nl/1', 'https://nos.nl/1'],
];

describe('drafts pretranslate writes, read back', () => {
  it('TSV and XLIFF 1.2 give the same segments, untranslated and copied ones included', async () => {
    for (const format of ['tsv', 'xliff'] as const) {
      const text = writeDraft(format, ROWS, { original: '/desk/artikel.txt', toolVersion: '0.1.0' });
      expect(plain(await readDraft(stream(text), `d.${format}`)), format).toEqual(EXPECTED);
    }
  });

  it('writes XLIFF 1.2 a CAT tool reads: languages, states, the match as alt-trans, the note', () => {
    const xlf = writeDraft('xliff', ROWS, { original: '/desk/artikel.txt', toolVersion: '0.1.0' });
    expect(xlf).toMatch(/<xliff version="1\.2" xmlns="urn:oasis:names:tc:xliff:document:1\.2"/);
    expect(xlf).toMatch(/<file original="artikel\.txt" source-language="nl" target-language="en" datatype="plaintext"/);
    expect(xlf).toContain('<target state="translated" state-qualifier="exact-match">Photo EPA</target>');
    expect(xlf).toContain('<target state="needs-review-translation" state-qualifier="fuzzy-match">18 &lt;people&gt; died.</target>');
    expect(xlf).toMatch(
      /<alt-trans match-quality="94" origin="ntm" ntm:tm-id="7">\s*<source>Er vielen 17 doden &amp; gewonden\.<\/source>\s*<target>17 &lt;people&gt; died\.<\/target>/,
    );
    expect(xlf).toContain('<note from="ntm">numbers adapted: 17 → 18</note>');
    expect(xlf).toMatch(/<trans-unit id="3" ntm:paragraph="2" ntm:match="none">\s*<source>[^<]*<\/source>\s*<\/trans-unit>/);
    expect(xlf).toMatch(/<trans-unit id="4" translate="no"/);
  });

  it('picks TSV or XLIFF by the name written to, and refuses other names', () => {
    expect(draftWriteFormatOf('-')).toBe('tsv');
    expect(draftWriteFormatOf('d.TSV')).toBe('tsv');
    expect(draftWriteFormatOf('d.xliff')).toBe('xliff');
    expect(() => draftWriteFormatOf('d.docx')).toThrow(/unknown draft format "\.docx"/);
  });
});

describe('drafts from elsewhere', () => {
  it('XLIFF 1.2: every unit is a segment whatever its state; no target is untranslated', async () => {
    const xlf = `<?xml version="1.0"?>
<xliff version="1.2"><file source-language="nl-NL" target-language="en-GB" datatype="plaintext" original="a"><body>
<trans-unit id="a" approved="yes"><source>Een.</source><target state="final">One.</target></trans-unit>
<trans-unit id="b"><source>Twee.</source><target state="new">Two.</target></trans-unit>
<trans-unit id="c"><source>Drie.</source></trans-unit>
</body></file></xliff>`;
    const units = await readDraft(stream(xlf), 'cat.xlf');
    expect(plain(units)).toEqual([
      [1, 'Een.', 'One.'],
      [2, 'Twee.', 'Two.'],
      [3, 'Drie.', ''],
    ]);
    expect(units.map((u) => u.line)).toEqual([3, 4, 5]);
  });

  it('XLIFF 2.0 and TMX, told by their content whatever the file is called', async () => {
    const x2 = `<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="nl" trgLang="en"><file id="f">
<unit id="1"><segment state="translated"><source>Een.</source><target>One.</target></segment></unit>
<unit id="2"><segment><source>Twee.</source></segment></unit></file></xliff>`;
    expect(plain(await readDraft(stream(x2), '-'))).toEqual([
      [1, 'Een.', 'One.'],
      [2, 'Twee.', ''],
    ]);
    const tmx = `<tmx version="1.4"><header srclang="nl"/><body>
<tu><tuv xml:lang="nl"><seg>Een.</seg></tuv><tuv xml:lang="en"><seg>One.</seg></tuv></tu>
<tu><tuv xml:lang="nl"><seg>Twee.</seg></tuv></tu></body></tmx>`;
    expect(plain(await readDraft(stream(tmx), 'draft.txt'))).toEqual([
      [1, 'Een.', 'One.'],
      [2, 'Twee.', ''],
    ]);
  });

  it('CSV with a header, TSV as nl<TAB>en or under any header naming nl and en', async () => {
    expect(plain(await readDraft(stream('en,nl\r\n"One, two.","Een, twee."\r\n'), 'd.csv'))).toEqual([[1, 'Een, twee.', 'One, two.']]);
    expect(plain(await readDraft(stream('Een, twee.\tOne, two.\n'), '-'))).toEqual([[1, 'Een, twee.', 'One, two.']]);
    expect(plain(await readDraft(stream('nl\ten\tkind\nEen.\tOne.\tsegment\n'), 'export.tsv'))).toEqual([[1, 'Een.', 'One.']]);
  });

  it('refuses a termbase, broken XML and a line without a tab, naming file and line', async () => {
    await expect(readDraft(stream('<martif type="TBX"><text/></martif>'), 'terms.xml')).rejects.toThrow(/terms\.xml: is a TBX termbase, not a draft/);
    await expect(
      readDraft(stream('<xliff version="1.2">\n<file source-language="nl" target-language="en"><body>\n<trans-unit id="1"><source>Een'), 'cut.xlf'),
    ).rejects.toThrow(/cut\.xlf:3: is not well-formed XML/);
    await expect(readDraft(stream('Beeld EPA\tPhoto EPA\nDe stad is leeg.\n'), 'd.tsv')).rejects.toThrow(/d\.tsv:2: expected 2 columns/);
    expect(await readDraft(stream(''), 'empty.tsv')).toEqual([]);
  });
});

describe('line-aligned drafts', () => {
  it('pairs line n with line n and skips paragraph breaks blank on both sides', () => {
    expect(alignDraft('Een.\n\nTwee.\n', 'One.\n\nTwo.\n', 'nl.txt', 'en.txt')).toEqual([
      { segment: 1, source: 'Een.', target: 'One.', line: 1 },
      { segment: 2, source: 'Twee.', target: 'Two.', line: 3 },
    ]);
  });

  it('refuses files with different line counts', () => {
    expect(() => alignDraft('Een.\nTwee.\n', 'One.\n', 'nl.txt', 'en.txt')).toThrow(InputError);
    expect(() => alignDraft('Een.\nTwee.\n', 'One.\n', 'nl.txt', 'en.txt')).toThrow(/nl\.txt has 2 lines but en\.txt has 1/);
  });

  it('refuses text that is not UTF-8', async () => {
    await expect(readText(stream(Buffer.from([0x41, 0x0a, 0xff, 0xfe, 0x41])), 'nl.txt')).rejects.toThrow(/nl\.txt:2: is not valid UTF-8/);
  });
});
