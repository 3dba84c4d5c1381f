// Markdown articles as markdown-it reads them: each paragraph found again in the source from
// the tokens' line maps and inline content, so that finish writes the English into exactly the
// author's document, whatever the list numbers, quotes, tables, tabs or line endings around it.
import { describe, expect, it } from 'vitest';
import { segmentRichParagraphs, type Piece, type RichSegment } from '../../src/core/inline.js';
import { dutchRules } from '../../src/core/segment/rules.js';
import { formattedArticle } from '../../src/formats/article.js';
import { markdownToHtml } from '../../src/formats/article-markdown.js';
import { fillSkeleton, skeletonOf } from '../../src/formats/skeleton.js';

const rules = dutchRules();

async function read(text: string) {
  const article = (await formattedArticle(text, 'markdown', 'stuk.md'))!;
  const paragraphs = segmentRichParagraphs(article.paragraphs, rules);
  const segments = paragraphs.flat();
  return { article, segments, skeleton: skeletonOf('markdown', article, paragraphs) };
}

/** The article rebuilt with each segment's text changed by `f`, its codes where they were. */
async function rebuilt(text: string, f: (t: string) => string = (t) => t): Promise<string> {
  const { segments, skeleton } = await read(text);
  expect(skeleton, 'every paragraph is found in the source').not.toBeNull();
  const changed = (s: RichSegment): Piece[] => s.pieces.map((p) => (p.kind === 'text' ? { kind: 'text', text: f(p.text) } : p));
  return fillSkeleton(skeleton!, (n) => changed(segments[n - 1]!));
}

describe('where each paragraph stands in the Markdown', () => {
  it('the text, never a list number, a heading closer, a quote mark or a table border like it', async () => {
    const md =
      '1. 1\n2. Twee *punten*\n\n# Kop ##\n\nSetext kop\nover twee regels\n===\n\n' +
      '> | Plaats | Doden |\n> |---|---|\n> | 1 | zeventien |\n\n| a | `x` | x |\n|---|---|---|\n| b | c | d |\n';
    expect(await rebuilt(md, (t) => (t === '1' ? 'één' : t.toUpperCase()))).toBe(
      '1. één\n2. TWEE *PUNTEN*\n\n# KOP ##\n\nSETEXT KOP OVER TWEE REGELS\n===\n\n' +
        '> | PLAATS | DODEN |\n> |---|---|\n> | één | ZEVENTIEN |\n\n| A | `x` | X |\n|---|---|---|\n| B | C | D |\n',
    );
  });

  it('a list item continued on a tabbed line, and an HTML block inside a list', async () => {
    expect(await rebuilt('- Een punt\n\tdat doorloopt.\n', (t) => t.toUpperCase())).toBe('- EEN PUNT DAT DOORLOOPT.\n');
    expect(await rebuilt('- punt\n\n  <div>Een <b>HTML</b>-blok\n  in een lijst.</div>\n', (t) => t.toUpperCase())).toBe(
      '- PUNT\n\n  <div>EEN <b>HTML</b>-BLOK IN EEN LIJST.</div>\n',
    );
  });

  it("keeps the author's line endings (CRLF) byte for byte", async () => {
    const md = '# Kop\r\n\r\nDe **strijders** melden doden.\r\n\r\n- een\r\n- twee\r\n';
    expect(await rebuilt(md)).toBe(md);
    expect(await rebuilt(md, (t) => t.toUpperCase())).toBe('# KOP\r\n\r\nDE **STRIJDERS** MELDEN DODEN.\r\n\r\n- EEN\r\n- TWEE\r\n');
  });
});

describe('inline codes', () => {
  it('escapes and entities are their character; breaks, code, inline HTML and images are placeholders', async () => {
    const { segments, article } = await read('Tekst met \\*sterren\\* &amp; meer  \nop een `nieuwe` regel <b>hier</b> ![beeld](b.jpg "EPA").\n');
    expect(segments.map((s) => s.text)).toEqual(['Tekst met *sterren* & meer op een regel hier .']);
    expect(Object.values(article.codes).map((c) => [c.ctype, c.native])).toEqual([
      ['lb', '  \n'],
      ['x-code', '`nieuwe`'],
      ['x-html', '<b>'],
      ['x-html', '</b>'],
      ['image', '![beeld](b.jpg "EPA")'],
    ]);
  });

  it('a link that finds its target by its text is written back as a full reference', async () => {
    const md = 'Volgens [de NOS] en [het ANP][] is het [rustig][r].\n\n[de NOS]: https://nos.nl\n[het ANP]: https://anp.nl\n[r]: https://x.nl\n';
    const en = await rebuilt(md, (t) => t.replace('Volgens', 'According to').replace('de NOS', 'the NOS').replace('het ANP', 'the ANP'));
    expect(en).toBe(
      'According to [the NOS][de NOS] en [the ANP][het ANP] is het [rustig][r].\n\n[de NOS]: https://nos.nl\n[het ANP]: https://anp.nl\n[r]: https://x.nl\n',
    );
    expect(await markdownToHtml(en)).toContain('<a href="https://nos.nl">the NOS</a> en <a href="https://anp.nl">the ANP</a>');
  });

  it('emphasis nested thousands deep: the text is read, deeper marks become placeholders, the article comes back whole', async () => {
    const md = `${'*'.repeat(5000)}kalifaat${'*'.repeat(5000)}\n`;
    const { segments } = await read(md);
    expect(segments.map((s) => s.text)).toEqual(['kalifaat']);
    let open = 0;
    let deepest = 0;
    for (const p of segments[0]!.pieces) {
      if (p.kind === 'open') deepest = Math.max(deepest, ++open);
      if (p.kind === 'close') open--;
    }
    expect(deepest).toBe(64);
    expect(await rebuilt(md)).toBe(md);
  });
});
