import { describe, expect, it } from 'vitest';
import { articleFormatOf, articleParagraphs, htmlParagraphs, markdownParagraphs } from '../../src/formats/article.js';

describe('article paragraphs', () => {
  it('plain text: every line is a paragraph', async () => {
    expect(await articleParagraphs('Eerste zin.\nTweede regel.\r\n\r\nDerde.', 'text')).toEqual(['Eerste zin.', 'Tweede regel.', '', 'Derde.']);
  });

  it('HTML: block elements are paragraphs; inline markup, head, scripts and styles are not text', async () => {
    const html =
      '<!doctype html><html><head><title>Kop</title><style>p { color: red }</style></head><body>' +
      '<h1>De aanval</h1><p>Koerdische <a href="/x">strijders</a> melden <em>zeventien</em>&nbsp;doden.<br>Beeld EPA</p>' +
      '<ul><li>Eén</li><li>Twee &amp; drie</li></ul><script>document.write("geen tekst")</script></body></html>';
    expect(await htmlParagraphs(html)).toEqual(['De aanval', 'Koerdische strijders melden zeventien doden.', 'Beeld EPA', 'Eén', 'Twee & drie']);
  });

  it('Markdown: soft line breaks join, markup and link targets go', async () => {
    const md = '# De aanval\n\nKoerdische **strijders** melden\nzeventien [doden](https://example.org).\n\n- Eén\n- Twee\n\n> Een citaat.\n';
    expect(await markdownParagraphs(md)).toEqual(['De aanval', 'Koerdische strijders melden zeventien doden.', 'Eén', 'Twee', 'Een citaat.']);
  });

  it('chooses the format from the file name', () => {
    expect(articleFormatOf('stuk.md')).toBe('markdown');
    expect(articleFormatOf('stuk.HTML')).toBe('html');
    expect(articleFormatOf('stuk.txt')).toBe('text');
    expect(articleFormatOf('stuk')).toBe('text');
  });
});
