// An HTML article as formatted paragraphs: htmlparser2 reads it (entities decoded), each block
// element's text becomes a paragraph, and the inline elements inside it (b, strong, i, em, a,
// span, img, …) become inline codes holding their tags exactly as written. Everything else
// (head, scripts, block tags, attributes, white space between blocks) stays in a template,
// the article with each paragraph's text cut out, so that a translation can be put back
// into the very same document.
import type { CodeDef, Piece, RichParagraph } from '../core/inline.js';

/** Where a paragraph's formatting is written back: which escaping its text needs. */
export type TextSyntax = 'html' | 'markdown';

/** A formatted article: its paragraphs, their codes, and the rest of the document. */
export interface FormattedArticle {
  paragraphs: RichParagraph[];
  codes: Record<string, CodeDef>;
  /**
   * The article with each paragraph's text replaced by `{p, syntax}` (its index in
   * `paragraphs`); null when the reader could not place every paragraph in the source, so
   * that the article can be translated but not rebuilt.
   */
  template: (string | { p: number; syntax: TextSyntax })[] | null;
}

/** Elements whose start or end ends a paragraph. */
export const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'td',
  'th',
  'tr',
  'ul',
  'body',
  'html',
]);

/** Elements whose text is not part of the article (the <title> in <head> repeats the headline). */
export const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'head', 'textarea', 'select']);

/** Elements without content: placeholders. */
const VOID = new Set(['img', 'wbr', 'input', 'embed', 'area', 'source', 'track', 'col', 'param', 'keygen', 'link', 'meta', 'base']);

/** The ctype XLIFF 1.2 names an element's formatting by. */
const CTYPES: Record<string, string> = { b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underlined', a: 'link', img: 'image' };

/** Formatting nested deeper than this is kept as placeholders (a hostile file cannot nest without end). */
const MAX_NESTING = 64;

interface Placed {
  piece: Piece;
  start: number;
  end: number;
}

/** Codes numbered across one article, from a first id. */
export class CodeTable {
  readonly codes: Record<string, CodeDef> = {};
  constructor(private next = 1) {}
  add(def: CodeDef): string {
    const id = String(this.next++);
    this.codes[id] = def;
    return id;
  }
}

/**
 * Reads an HTML document or fragment, with each paragraph's region (offsets of its text in
 * `html`). `table` lets a Markdown article number the codes of its HTML blocks with its own.
 */
export async function readHtmlArticle(html: string, table = new CodeTable()): Promise<FormattedArticle & { regions: { start: number; end: number }[] }> {
  const { Parser } = await import('htmlparser2');
  const paragraphs: RichParagraph[] = [];
  const regions: { start: number; end: number }[] = [];
  let current: Placed[] = [];
  let openStack: { name: string; id: string; at: number }[] = [];
  let skipping = 0;
  let skipStart = 0;
  let skipName = '';

  const ctypeOf = (name: string) => CTYPES[name] ?? `x-${name}`;
  const raw = () => html.slice(parser.startIndex, parser.endIndex + 1);
  const placeholder = (name: string, native: string, start: number, end: number) =>
    current.push({ piece: { kind: 'ph', id: table.add({ ctype: ctypeOf(name), native }) }, start, end });

  const flush = (): void => {
    // A code opened in this paragraph and not closed in it (its end is in a later block)
    // stays where it stands as a placeholder.
    for (const o of openStack) {
      const def = table.codes[(current[o.at]!.piece as { id: string }).id]!;
      current[o.at]!.piece = { kind: 'ph', id: table.add({ ctype: def.ctype, native: def.open ?? '' }) };
    }
    openStack = [];
    const content = (p: Placed) => p.piece.kind !== 'text' || /\S/u.test(p.piece.text);
    const first = current.findIndex(content);
    const hasText = current.some((p) => p.piece.kind === 'text' && /\S/u.test(p.piece.text));
    if (first >= 0 && hasText) {
      let last = current.length - 1;
      while (!content(current[last]!)) last--;
      const kept = current.slice(first, last + 1);
      const a = kept[0]!;
      const z = kept[kept.length - 1]!;
      // White space at the edges of the paragraph stays in the document as written.
      const start = a.piece.kind === 'text' ? a.start + /^\s*/u.exec(html.slice(a.start, a.end))![0].length : a.start;
      const end = z.piece.kind === 'text' ? z.end - /\s*$/u.exec(html.slice(z.start, z.end))![0].length : z.end;
      paragraphs.push({ pieces: kept.map((p) => p.piece) });
      regions.push({ start, end });
    }
    current = [];
  };

  const parser = new Parser(
    {
      onopentag(name) {
        if (skipping > 0) {
          if (name === skipName) skipping++;
          return;
        }
        if (SKIPPED.has(name)) {
          skipping = 1;
          skipName = name;
          skipStart = parser.startIndex;
          return;
        }
        if (BLOCKS.has(name)) return flush();
        const start = parser.startIndex;
        const end = parser.endIndex + 1;
        if (VOID.has(name) || openStack.length >= MAX_NESTING) return placeholder(name, raw(), start, end);
        const id = table.add({ ctype: ctypeOf(name), open: raw(), close: '' });
        openStack.push({ name, id, at: current.length });
        current.push({ piece: { kind: 'open', id }, start, end });
      },
      ontext(text) {
        if (skipping === 0) current.push({ piece: { kind: 'text', text }, start: parser.startIndex, end: parser.endIndex + 1 });
      },
      onclosetag(name, implied) {
        if (skipping > 0) {
          if (name === skipName && --skipping === 0) placeholder(name, html.slice(skipStart, parser.endIndex + 1), skipStart, parser.endIndex + 1);
          return;
        }
        if (BLOCKS.has(name)) return flush();
        if (VOID.has(name)) return;
        // An end the parser supplies (the element was left open) has no text of its own.
        const start = parser.startIndex;
        const end = implied ? start : parser.endIndex + 1;
        const at = openStack.map((o) => o.name).lastIndexOf(name);
        if (at < 0) {
          if (!implied) placeholder(name, raw(), start, end);
          return;
        }
        const [o] = openStack.splice(at, 1);
        table.codes[o!.id]!.close = implied ? '' : raw();
        current.push({ piece: { kind: 'close', id: o!.id }, start, end });
      },
      oncomment() {
        if (skipping === 0) placeholder('comment', raw(), parser.startIndex, parser.endIndex + 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  flush();

  const template: FormattedArticle['template'] = [];
  let from = 0;
  regions.forEach((r, p) => {
    template.push(html.slice(from, r.start), { p, syntax: 'html' });
    from = r.end;
  });
  template.push(html.slice(from));
  return { paragraphs, codes: table.codes, template, regions };
}
