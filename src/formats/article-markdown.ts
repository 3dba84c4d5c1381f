// A Markdown article as formatted paragraphs, read by marked's lexer: each paragraph,
// heading, list item and table cell is a paragraph; **bold**, *italic*, ~~struck~~ and
// [links](…) are paired codes holding their marks as written; images, `code`, hard breaks and
// inline HTML are placeholders; HTML blocks are read as HTML. The template is the Markdown
// itself with each paragraph's text cut out, found in the source by the tokens' own text, so
// that everything else (list marks, quotes, tables, code blocks, link definitions) is kept
// exactly as the author wrote it.
import type { Token, Tokens } from 'marked';
import type { Piece, RichParagraph } from '../core/inline.js';
import { CodeTable, readHtmlArticle, type FormattedArticle, type TextSyntax } from './article-html.js';

/** Nesting deeper than this is not followed (marked itself bounds what it builds). */
const MAX_DEPTH = 64;

const CTYPES: Record<string, string> = { strong: 'bold', em: 'italic', link: 'link', del: 'x-strike', image: 'image', br: 'lb', codespan: 'x-code', html: 'x-html' };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regular expression for a token's text as it stands in the source: a line break there may be followed by indentation and quote marks the lexer took away. */
function sourcePattern(text: string): RegExp {
  return new RegExp(text.split('\n').map(escapeRegExp).join('\\n[ \\t>]*'), 'gu');
}

/** The inline tokens of a container as pieces. */
function inlinePieces(tokens: readonly Token[], table: CodeTable, depth: number, decodeHTML: (s: string) => string): Piece[] {
  const out: Piece[] = [];
  const ph = (t: Token) => out.push({ kind: 'ph', id: table.add({ ctype: CTYPES[t.type] ?? `x-${t.type}`, native: t.raw }) });
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
        if ('tokens' in t && t.tokens && t.tokens.length > 0 && depth < MAX_DEPTH) out.push(...inlinePieces(t.tokens, table, depth + 1, decodeHTML));
        else out.push({ kind: 'text', text: decodeHTML(t.raw) });
        break;
      case 'escape':
        out.push({ kind: 'text', text: (t as Tokens.Escape).text });
        break;
      case 'codespan':
      case 'br':
      case 'html':
      case 'image':
        ph(t);
        break;
      default: {
        const children = 'tokens' in t ? (t.tokens as Token[] | undefined) : undefined;
        const inner = children?.map((c) => c.raw).join('') ?? '';
        const at = inner === '' ? -1 : t.raw.indexOf(inner);
        if (!children || at < 0 || depth >= MAX_DEPTH) {
          ph(t);
          break;
        }
        const id = table.add({ ctype: CTYPES[t.type] ?? `x-${t.type}`, open: t.raw.slice(0, at), close: t.raw.slice(at + inner.length) });
        out.push({ kind: 'open', id }, ...inlinePieces(children, table, depth + 1, decodeHTML), { kind: 'close', id });
      }
    }
  }
  return out;
}

/** Reads a Markdown article (GFM, as marked reads it). */
export async function readMarkdownArticle(markdown: string): Promise<FormattedArticle> {
  const { marked } = await import('marked');
  // Markdown passes HTML entities through (&amp;): the text a translator sees is decoded.
  const { decodeHTML } = await import('entities');
  const src = markdown.replace(/\r\n?/g, '\n');
  const table = new CodeTable();
  const paragraphs: RichParagraph[] = [];
  const regions: { start: number; end: number; syntax: TextSyntax; p: number }[] = [];
  let placed = true;

  /** Where `text` stands in src[from, to), from `from` on; null when it is not there. */
  const locate = (text: string, from: number, to: number): { start: number; end: number } | null => {
    const direct = src.indexOf(text, from);
    if (direct >= 0 && direct + text.length <= to) return { start: direct, end: direct + text.length };
    const re = sourcePattern(text);
    re.lastIndex = from;
    const m = re.exec(src);
    if (!m || m.index + m[0].length > to) return null;
    return { start: m.index, end: m.index + m[0].length };
  };

  const container = (text: string, tokens: readonly Token[] | undefined, range: { from: number; to: number }): number => {
    const pieces = inlinePieces(tokens ?? [], table, 0, decodeHTML);
    if (!pieces.some((p) => p.kind === 'text' && /\S/u.test(p.text))) return range.from;
    const at = locate(text, range.from, range.to);
    const p = paragraphs.length;
    paragraphs.push({ pieces });
    if (!at) {
      placed = false;
      return range.from;
    }
    regions.push({ ...at, syntax: 'markdown', p });
    return at.end;
  };

  const walk = async (tokens: readonly Token[], from: number, to: number, depth: number): Promise<void> => {
    let cursor = from;
    for (const t of tokens) {
      const at = t.raw ? locate(t.raw, cursor, to) : null;
      const inside = at ? { from: at.start, to: at.end } : { from: cursor, to };
      if (depth >= MAX_DEPTH) {
        if (at) cursor = at.end;
        continue;
      }
      switch (t.type) {
        case 'paragraph':
        case 'heading':
          container((t as Tokens.Paragraph).text, t.tokens, inside);
          break;
        case 'text':
          // A list item's text (its own tokens inline); a bare text token is its own text.
          container((t as Tokens.Text).text, (t as Tokens.Text).tokens ?? [t], inside);
          break;
        case 'blockquote':
          await walk((t as Tokens.Blockquote).tokens, inside.from, inside.to, depth + 1);
          break;
        case 'list':
          await walk((t as Tokens.List).items, inside.from, inside.to, depth + 1);
          break;
        case 'list_item':
          await walk((t as Tokens.ListItem).tokens, inside.from, inside.to, depth + 1);
          break;
        case 'table': {
          const tbl = t as Tokens.Table;
          let cell = inside.from;
          for (const c of [...tbl.header, ...tbl.rows.flat()]) cell = container(c.text, c.tokens, { from: cell, to: inside.to });
          break;
        }
        case 'html': {
          if (!at) {
            placed = false;
            break;
          }
          const block = await readHtmlArticle(t.raw, table);
          for (const [i, r] of block.regions.entries()) {
            regions.push({ start: at.start + r.start, end: at.start + r.end, syntax: 'html', p: paragraphs.length });
            paragraphs.push(block.paragraphs[i]!);
          }
          break;
        }
        default:
        // Code blocks, rules, link definitions, blank lines: kept as they are.
      }
      if (at) cursor = at.end;
    }
  };

  await walk(marked.lexer(src, { gfm: true }), 0, src.length, 0);
  if (!placed) return { paragraphs, codes: table.codes, template: null };
  const template: NonNullable<FormattedArticle['template']> = [];
  let from = 0;
  for (const r of regions) {
    template.push(src.slice(from, r.start), { p: r.p, syntax: r.syntax });
    from = r.end;
  }
  template.push(src.slice(from));
  return { paragraphs, codes: table.codes, template };
}
