// What finish must not lose or break outside the words: elements with nothing inside (an
// anchor, an empty span or link) and an autolink's address, which Markdown escapes would change.
import { describe, expect, it } from 'vitest';
import { segmentRichParagraphs, type Piece, type RichSegment } from '../../src/core/inline.js';
import { dutchRules } from '../../src/core/segment/rules.js';
import { formattedArticle } from '../../src/formats/article.js';
import { markdownToHtml } from '../../src/formats/article-markdown.js';
import { fillSkeleton, skeletonOf } from '../../src/formats/skeleton.js';

/** The article rebuilt with each segment's text changed by `f`, its codes where they were. */
async function rebuilt(text: string, format: 'html' | 'markdown', f: (t: string) => string = (t) => t): Promise<string> {
  const article = (await formattedArticle(text, format))!;
  const paragraphs = segmentRichParagraphs(article.paragraphs, dutchRules());
  const segments = paragraphs.flat();
  const changed = (s: RichSegment): Piece[] => s.pieces.map((p) => (p.kind === 'text' ? { kind: 'text', text: f(p.text) } : p));
  return fillSkeleton(skeletonOf(format, article, paragraphs)!, (n) => changed(segments[n - 1]!));
}

describe('elements with nothing inside', () => {
  it('an anchor or an empty span in HTML stays in the article', async () => {
    const html = '<p><a id="top"></a>Tekst hier. Meer tekst. <span class="x"> </span></p>\n';
    expect(await rebuilt(html, 'html')).toBe(html);
    expect(await rebuilt(html, 'html', (t) => t.toUpperCase())).toBe('<p><a id="top"></a>TEKST HIER. MEER TEKST. <span class="x"> </span></p>\n');
  });

  it('an empty Markdown link stays too', async () => {
    expect(await rebuilt('Tekst hier.[](#anker)\n', 'markdown', (t) => t.toUpperCase())).toBe('TEKST HIER.[](#anker)\n');
  });
});

describe('an autolink', () => {
  it('keeps its address as written, underscores and all', async () => {
    const md = 'Zie <https://nos.nl/l/een_artikel*2> voor meer.\n';
    const en = await rebuilt(md, 'markdown', (t) => t.replace('Zie', 'See').replace('voor meer', 'for more'));
    expect(en).toBe('See <https://nos.nl/l/een_artikel*2> for more.\n');
    expect(await markdownToHtml(en)).toContain('<a href="https://nos.nl/l/een_artikel*2">');
  });
});
