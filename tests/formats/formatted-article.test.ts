// Formatted articles: HTML and Markdown read into paragraphs with inline codes, segmented like
// their plain text, and written back from the skeleton: unchanged when every segment keeps
// its own text, translated with the formatting where the tags are.
import { describe, expect, it } from 'vitest';
import { codeRefs, compareCodes, framedTarget, piecesText, segmentRichParagraphs, type Piece, type RichSegment } from '../../src/core/inline.js';
import { dutchRules } from '../../src/core/segment/rules.js';
import { segmentParagraphs } from '../../src/core/segment/segment.js';
import { articleParagraphs, formattedArticle } from '../../src/formats/article.js';
import { decodeSkeleton, encodeSkeleton, fillSkeleton, skeletonOf, type Skeleton } from '../../src/formats/skeleton.js';

const rules = dutchRules();

async function read(text: string, format: 'html' | 'markdown') {
  const article = (await formattedArticle(text, format))!;
  const paragraphs = segmentRichParagraphs(article.paragraphs, rules);
  const skeleton = skeletonOf(format, article, paragraphs)!;
  return { article, paragraphs, segments: paragraphs.flat(), skeleton };
}

/** The article rebuilt with each segment's own (Dutch) pieces. */
const identity = (skeleton: Skeleton, segments: readonly RichSegment[]) => fillSkeleton(skeleton, (n) => segments[n - 1]!.pieces);

const HTML = `<!doctype html>
<html><head><title>Aanval</title><style>b { color: red }</style></head>
<body>
<h1>Aanval op de <b>gevangenis</b></h1>
<p>De <strong>Koerdische strijdkrachten</strong> melden zeventien doden &amp; gewonden. Volgens <a href="https://nos.nl/a?x=1&amp;y=2">de NOS</a> is het rustig.</p>
<p><img src="epa.jpg" alt="Beeld"> Beeld EPA</p>
<ul><li>Een <em>lijst</em></li><li>Tweede <span class="x">punt</span></li></ul>
<!-- opmerking -->
</body></html>
`;

const MARKDOWN = `# Aanval op de **gevangenis**

De **Koerdische strijdkrachten** melden zeventien doden. Volgens [de NOS](https://nos.nl/artikel/1 "NOS") is het rustig.

- Een *lijst* met \`code\` erin
- Tweede punt
  1. Genest punt

> Een citaat van de **woordvoerder**.

| Plaats | Doden |
|---|---|
| Hasaka | zeventien |

\`\`\`
Code blijft code.
\`\`\`

<div>Een <b>HTML</b>-blok.</div>

[ref]: https://x.nl
`;

describe('reading formatted articles', () => {
  it('HTML: segments are those of the plain text, codes hold the tags as written', async () => {
    const { segments, article } = await read(HTML, 'html');
    const plain = segmentParagraphs(await articleParagraphs(HTML, 'html'), rules);
    expect(segments.map((s) => [s.number, s.paragraph, s.text])).toEqual(plain.map((s) => [s.number, s.paragraph, s.text]));
    expect(segments[1]!.pieces).toEqual([
      { kind: 'text', text: 'De ' },
      { kind: 'open', id: '2' },
      { kind: 'text', text: 'Koerdische strijdkrachten' },
      { kind: 'close', id: '2' },
      { kind: 'text', text: ' melden zeventien doden & gewonden.' },
    ]);
    expect(article.codes['2']).toEqual({ ctype: 'bold', open: '<strong>', close: '</strong>' });
    expect(article.codes['3']).toEqual({ ctype: 'link', open: '<a href="https://nos.nl/a?x=1&amp;y=2">', close: '</a>' });
    expect(article.codes['4']).toMatchObject({ ctype: 'image', native: '<img src="epa.jpg" alt="Beeld">', spaceAfter: true });
  });

  it('Markdown: the same, with list marks, quotes, tables and code blocks left in the template', async () => {
    const { segments, skeleton } = await read(MARKDOWN, 'markdown');
    const plain = segmentParagraphs(await articleParagraphs(MARKDOWN, 'markdown'), rules);
    expect(segments.map((s) => s.text)).toEqual(plain.map((s) => s.text));
    expect(segments.map((s) => s.text)).toEqual([
      'Aanval op de gevangenis',
      'De Koerdische strijdkrachten melden zeventien doden.',
      'Volgens de NOS is het rustig.',
      'Een lijst met erin',
      'Tweede punt',
      'Genest punt',
      'Een citaat van de woordvoerder.',
      'Plaats',
      'Doden',
      'Hasaka',
      'zeventien',
      'Een HTML-blok.',
    ]);
    expect(skeleton.codes['3']).toEqual({ ctype: 'link', open: '[', close: '](https://nos.nl/artikel/1 "NOS")' });
    expect(skeleton.template.filter((t) => typeof t === 'string').join('')).toContain('```\nCode blijft code.\n```');
  });

  it('splits a code that spans two sentences into one per segment, under the same id', async () => {
    const { segments, skeleton } = await read('<p>Eerst <b>dit. Dan</b> dat.</p>', 'html');
    expect(segments.map((s) => s.pieces)).toEqual([
      [
        { kind: 'text', text: 'Eerst ' },
        { kind: 'open', id: '1' },
        { kind: 'text', text: 'dit.' },
        { kind: 'close', id: '1' },
      ],
      [
        { kind: 'open', id: '1' },
        { kind: 'text', text: 'Dan' },
        { kind: 'close', id: '1' },
        { kind: 'text', text: ' dat.' },
      ],
    ]);
    expect(identity(skeleton, segments)).toBe('<p>Eerst <b>dit.</b> <b>Dan</b> dat.</p>');
  });
});

describe('writing them back', () => {
  it('gives the same document when every segment keeps its text (HTML, Markdown)', async () => {
    for (const [text, format] of [
      [HTML, 'html'],
      [MARKDOWN, 'markdown'],
    ] as const) {
      const { segments, skeleton } = await read(text, format);
      expect(identity(skeleton, segments)).toBe(text);
    }
  });

  it('puts the translation in, formatting where the tags are, text escaped for the format', async () => {
    const { skeleton } = await read('<p>De <b>Koerdische strijdkrachten</b> melden <i>zeventien</i> doden.</p>', 'html');
    const en: Piece[] = [
      { kind: 'text', text: 'The ' },
      { kind: 'open', id: '1' },
      { kind: 'text', text: 'Kurdish forces' },
      { kind: 'close', id: '1' },
      { kind: 'text', text: ' report <seventeen> & ' },
      { kind: 'open', id: '2' },
      { kind: 'text', text: 'more' },
      { kind: 'close', id: '2' },
    ];
    expect(fillSkeleton(skeleton, () => en)).toBe('<p>The <b>Kurdish forces</b> report &lt;seventeen&gt; &amp; <i>more</i></p>');

    const md = await read('- De **strijders** melden doden.\n', 'markdown');
    const mdEn: Piece[] = [
      { kind: 'text', text: '5 *fighters* report [dead] | ' },
      { kind: 'open', id: '1' },
      { kind: 'text', text: 'now' },
      { kind: 'close', id: '1' },
    ];
    expect(fillSkeleton(md.skeleton, () => mdEn)).toBe('- 5 \\*fighters\\* report \\[dead\\] \\| **now**\n');
    const heading = await read('Kop\n\nDe **strijders**.\n', 'markdown');
    expect(fillSkeleton(heading.skeleton, (n) => (n === 2 ? [{ kind: 'text', text: '# 1. Not a heading' }] : heading.segments[0]!.pieces))).toBe(
      'Kop\n\n\\# 1. Not a heading\n',
    );
  });

  it('keeps the space beside a placeholder that normal form had to drop', async () => {
    const { segments, skeleton } = await read('Zie `ntm add` en <https://nos.nl> hier.\n', 'markdown');
    expect(segments[0]!.text).toBe('Zie en https://nos.nl hier.');
    expect(identity(skeleton, segments)).toBe('Zie `ntm add` en <https://nos.nl> hier.\n');
  });

  it('refuses a skeleton that is not one, naming the draft', () => {
    expect(() => decodeSkeleton('bm90IGpzb24=', 'd.xlf', 3)).toThrow(/^d\.xlf:3: its article skeleton \(<skl>\) cannot be read/);
    const bad = encodeSkeleton({ v: 1, format: 'html', template: ['x', { p: 5, syntax: 'html' }], codes: {}, paragraphs: [[1]] });
    expect(() => decodeSkeleton(bad, 'd.xlf')).toThrow(/damaged template/);
  });
});

describe('codes of a TM match and of a translation', () => {
  const source: Piece[] = [
    { kind: 'ph', id: '1' },
    { kind: 'open', id: '2' },
    { kind: 'text', text: 'De ' },
    { kind: 'open', id: '3' },
    { kind: 'text', text: 'kop' },
    { kind: 'close', id: '3' },
    { kind: 'close', id: '2' },
  ];

  it('a match gets the codes that frame the whole segment; the inner ones are left to place', () => {
    expect(framedTarget(source, 'The headline')).toEqual([
      { kind: 'ph', id: '1' },
      { kind: 'open', id: '2' },
      { kind: 'text', text: 'The headline' },
      { kind: 'close', id: '2' },
    ]);
    const { missing, extra } = compareCodes(codeRefs(source), codeRefs(framedTarget(source, 'The headline')));
    expect(missing).toEqual([{ key: 'pair:3', text: 'kop' }]);
    expect(extra).toEqual([]);
    expect(piecesText(framedTarget(source, 'x'))).toBe('x');
  });
});
