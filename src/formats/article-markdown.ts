// A Markdown article as formatted paragraphs, read by markdown-it (CommonMark, with GFM's
// tables and strikethrough): each paragraph, heading, list item and table cell is a
// paragraph; **bold**, *italic*, ~~struck~~ and [links](…) are paired codes holding their
// marks as written; images, `code`, hard breaks and inline HTML are placeholders; HTML blocks
// are read as HTML. The template is the Markdown itself with each paragraph's text cut out,
// so that everything else (list marks, quotes, tables, code blocks, link definitions, line
// endings) is kept exactly as the author wrote it.
//
// markdown-it gives flat token lists (open and close tokens, never a tree), so nothing here
// recurses on the depth of the input. Where each paragraph stands in the source comes from
// the tokens themselves: a block's `map` names its lines, and its inline token's `content`
// is its text as written with the container marks (quotes, list indentation) taken off each
// line, so every content line is the end of the source line it came from. Inside a paragraph
// the inline tokens are walked along that content in order; where a token does not tell how
// much source it covers (a link's target, an image, a code span), markdown-it's own
// skipToken measures it.
import type MarkdownIt from 'markdown-it';
import type { Options, StateInline, Token } from 'markdown-it';
import { InputError } from '../core/errors.js';
import type { Piece, RichParagraph } from '../core/inline.js';
import { CodeTable, readHtmlArticle, type FormattedArticle, type TextSyntax } from './article-html.js';

/**
 * How deep Markdown blocks (quotes, lists) may nest. markdown-it stops reading a document at
 * its nesting limit and drops the rest, so reaching it is refused, never a shortened article.
 */
export const MAX_MARKDOWN_NESTING = 64;

/** Inline codes nested deeper than this (emphasis marks by the thousand) are kept as placeholders, so a draft's tags stay shallow. */
const MAX_CODE_DEPTH = 64;

/** XLIFF 1.2's ctype for each kind of inline token. */
const CTYPES: Record<string, string> = {
  strong: 'bold',
  em: 'italic',
  s: 'x-strike',
  link: 'link',
  image: 'image',
  hardbreak: 'lb',
  code_inline: 'x-code',
  html_inline: 'x-html',
};

/** A break inside a paragraph as written: trailing spaces or a backslash, the line end, and the next line's indentation. */
const BREAK = /( *\\?\n)[ \t]*/y;

/** A parser set up as ntm reads Markdown: raw HTML kept, nesting bounded. */
async function markdownIt(): Promise<MarkdownIt> {
  const { default: MarkdownItClass } = await import('markdown-it');
  // GFM's tables and strikethrough are on in markdown-it's default preset. maxNesting is a
  // preset option that @types/markdown-it leaves out of Options.
  return new MarkdownItClass('default', { html: true, maxNesting: MAX_MARKDOWN_NESTING } as Options);
}

/** The block tokens of a Markdown text; one nested too deep is refused, naming `file` and the line. */
function parseBounded(md: MarkdownIt, markdown: string, env: object, file?: string): Token[] {
  const tokens = md.parse(markdown, env);
  const deep = tokens.find((t) => t.level >= MAX_MARKDOWN_NESTING - 1);
  if (deep) {
    throw new InputError(
      `quotes or lists are nested more than ${MAX_MARKDOWN_NESTING - 2} levels deep here; ntm does not read Markdown this deep`,
      file,
      deep.map ? deep.map[0] + 1 : undefined,
    );
  }
  return tokens;
}

/** A Markdown text as HTML (for `ntm finish -o x.html` of a Markdown article). */
export async function markdownToHtml(markdown: string, file?: string): Promise<string> {
  const md = await markdownIt();
  const env = {};
  return md.renderer.render(parseBounded(md, markdown, env, file), md.options, env);
}

/** A line of the source as markdown-it counts lines (ended by \r\n, \r or \n): where it starts and where its text ends. */
interface Line {
  start: number;
  end: number;
}

function sourceLines(text: string): Line[] {
  const lines: Line[] = [];
  const ends = /\r\n?|\n/g;
  let start = 0;
  for (let m = ends.exec(text); m; m = ends.exec(text)) {
    lines.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  lines.push({ start, end: text.length });
  return lines;
}

/**
 * Where each line of a block's content starts in the source, the content's line k being the
 * end of source line `first` + k; the last one may be followed by white space or an ATX
 * heading's closing #s. Null when a line is not found so.
 */
function placeLines(text: string, lines: readonly Line[], first: number, content: readonly string[]): number[] | null {
  const at: number[] = [];
  for (const [k, c] of content.entries()) {
    const line = lines[first + k];
    if (!line) return null;
    const own = text.slice(line.start, line.end);
    // Where a tab was only partly indentation, markdown-it writes the rest as spaces, which
    // the source does not have: the line is found by what follows them.
    const rest = k === 0 ? c : c.replace(/^ +/, '');
    const widened = c.length - rest.length;
    let pos: number;
    if (k < content.length - 1) {
      if (!own.endsWith(rest)) return null;
      pos = own.length - rest.length;
    } else {
      pos = own.lastIndexOf(rest);
      if (pos < 0 || !/^(?:[ \t]+#+)?\s*$/u.test(own.slice(pos + rest.length))) return null;
    }
    at.push(line.start + pos - widened);
  }
  return at;
}

/** Maps offsets in a block's content (lines joined by \n) to offsets in the source. */
function contentMap(content: readonly string[], at: readonly number[]): (offset: number) => number {
  const starts: number[] = [];
  let s = 0;
  for (const c of content) {
    starts.push(s);
    s += c.length + 1;
  }
  return (offset) => {
    // The last line starting at or before the offset.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return at[lo]! + offset - starts[lo]!;
  };
}

/** A table cell's content in its row, from `from` on: the first place it stands followed by a cell border or the line's end. */
function placeCell(text: string, line: Line, from: number, content: string): number {
  const border = /[^\S\r\n]*(?:\||\r|\n|$)/uy;
  for (let at = text.indexOf(content, from); at >= 0 && at + content.length <= line.end; at = text.indexOf(content, at + 1)) {
    border.lastIndex = at + content.length;
    if (border.test(text)) return at;
  }
  return -1;
}

/**
 * The inline tokens of one paragraph as pieces, walked along its content; null when a token
 * is not where the walk expects it (the paragraph then cannot be put back).
 */
function inlinePieces(md: MarkdownIt, env: object, content: string, children: readonly Token[], table: CodeTable): Piece[] | null {
  const out: Piece[] = [];
  /** The codes open at this point; null for one kept as a placeholder (too deep). */
  const open: { id: string | null; ctype: string }[] = [];
  /** Links open at this point: where their label ends, where they end, the bound outside them. */
  const links: { labelStart: number; labelEnd: number; end: number; max: number }[] = [];
  let cur = 0;
  let max = content.length;

  /** Where the construct at `pos` ends, as markdown-it's own rules measure it (within `max`, as inside a link's label). */
  const endOf = (pos: number): number => {
    const state: StateInline = new md.inline.State(content, md, env, []);
    state.pos = pos;
    state.posMax = max;
    md.inline.skipToken(state);
    return state.pos;
  };
  const take = (s: string): boolean => {
    if (!content.startsWith(s, cur)) return false;
    cur += s.length;
    return true;
  };
  const text = (t: string) => {
    if (t !== '') out.push({ kind: 'text', text: t });
  };
  const ph = (type: string, native: string) => out.push({ kind: 'ph', id: table.add({ ctype: CTYPES[type] ?? `x-${type}`, native }) });
  const openCode = (type: string, mark: string, verbatim = false) => {
    const ctype = CTYPES[type] ?? `x-${type}`;
    if (open.length >= MAX_CODE_DEPTH) {
      open.push({ id: null, ctype });
      out.push({ kind: 'ph', id: table.add({ ctype, native: mark }) });
      return;
    }
    const id = table.add({ ctype, open: mark, close: '', ...(verbatim ? { verbatim } : {}) });
    open.push({ id, ctype });
    out.push({ kind: 'open', id });
  };
  const closeCode = (mark: string): boolean => {
    const o = open.pop();
    if (!o) return false;
    if (o.id === null) out.push({ kind: 'ph', id: table.add({ ctype: o.ctype, native: mark }) });
    else {
      table.codes[o.id]!.close = mark;
      out.push({ kind: 'close', id: o.id });
    }
    return true;
  };

  for (let i = 0; i < children.length; i++) {
    const t = children[i]!;
    switch (t.type) {
      case 'text':
        if (!take(t.content)) return null;
        text(t.content);
        break;
      case 'text_special':
        // A backslash escape or an entity: the translator sees the character it stands for.
        if (!take(t.markup)) return null;
        text(t.content);
        break;
      case 'softbreak':
      case 'hardbreak': {
        BREAK.lastIndex = cur;
        const m = BREAK.exec(content);
        if (!m) return null;
        cur += m[0].length;
        // A hard break is a placeholder and white space: the words on either side stay apart.
        if (t.type === 'hardbreak') ph(t.type, m[1]!);
        text('\n');
        break;
      }
      case 'html_inline':
        if (!take(t.content)) return null;
        ph(t.type, t.content);
        break;
      case 'code_inline':
      case 'image': {
        const end = endOf(cur);
        if (end <= cur) return null;
        ph(t.type, content.slice(cur, end));
        cur = end;
        break;
      }
      case 'link_open': {
        if (content[cur] !== (t.markup === 'autolink' ? '<' : '[')) return null;
        const end = endOf(cur);
        if (t.markup === 'autolink') {
          // <https://…>: the address as written is the link's text.
          if (children[i + 2]?.type !== 'link_close' || content[end - 1] !== '>') return null;
          openCode('link', '<', true);
          text(content.slice(cur + 1, end - 1));
          closeCode('>');
          cur = end;
          i += 2;
          break;
        }
        const probe: StateInline = new md.inline.State(content, md, env, []);
        probe.posMax = max;
        const labelEnd = md.helpers.parseLinkLabel(probe, cur, true);
        if (labelEnd < 0 || labelEnd >= end) return null;
        links.push({ labelStart: cur + 1, labelEnd, end, max });
        max = labelEnd;
        openCode('link', '[');
        cur++;
        break;
      }
      case 'link_close': {
        const link = links.pop();
        if (!link || cur !== link.labelEnd) return null;
        // A shortcut or collapsed reference ([de NOS], [de NOS][]) finds its target by its
        // text, which the translation changes: it is written back as a full reference.
        const tail = content.slice(cur, link.end);
        const close = tail === ']' || tail === '][]' ? `][${content.slice(link.labelStart, link.labelEnd)}]` : tail;
        if (!closeCode(close)) return null;
        cur = link.end;
        max = link.max;
        break;
      }
      default:
        // Emphasis and strikethrough: their marks are their source.
        if (t.nesting === 0 || !take(t.markup)) return null;
        if (t.nesting === 1) openCode(t.tag, t.markup);
        else if (!closeCode(t.markup)) return null;
    }
  }
  return cur === content.length && open.length === 0 ? out : null;
}

/** A paragraph's text without its codes, for one the walk could not follow. */
function plainPieces(children: readonly Token[]): Piece[] {
  let text = '';
  for (const t of children) {
    if (t.type === 'text' || t.type === 'text_special') text += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') text += '\n';
  }
  return [{ kind: 'text', text }];
}

const hasText = (pieces: readonly Piece[]) => pieces.some((p) => p.kind === 'text' && /\S/u.test(p.text));

/** Reads a Markdown article; `file` names it in the refusal of one nested too deep. */
export async function readMarkdownArticle(markdown: string, file?: string): Promise<FormattedArticle> {
  const md = await markdownIt();
  // Escapes and entities stay tokens of their own, so that every text token is its source.
  md.disable('text_join');
  const env = {};
  const tokens = parseBounded(md, markdown, env, file);
  const lines = sourceLines(markdown);
  const table = new CodeTable();
  const paragraphs: RichParagraph[] = [];
  const regions: { start: number; end: number; syntax: TextSyntax; p: number }[] = [];
  let placed = true;
  let row: { line: Line; from: number } | null = null;

  const region = (start: number, end: number, syntax: TextSyntax, p: number) => {
    const last = regions[regions.length - 1];
    if (last && start < last.end) placed = false;
    else regions.push({ start, end, syntax, p });
  };

  for (const [i, t] of tokens.entries()) {
    if (t.type === 'tr_open') {
      const line = t.map ? lines[t.map[0]] : undefined;
      row = line ? { line, from: line.start } : null;
      continue;
    }
    if (t.type === 'html_block') {
      const content = t.content.replace(/\n$/, '');
      const contentLines = content.split('\n');
      const at = t.map ? placeLines(markdown, lines, t.map[0], contentLines) : null;
      const block = await readHtmlArticle(content, table);
      if (!at) placed = false;
      const map = at ? contentMap(contentLines, at) : null;
      for (const [k, r] of block.regions.entries()) {
        const p = paragraphs.length;
        paragraphs.push(block.paragraphs[k]!);
        if (map) region(map(r.start), map(r.end), 'html', p);
      }
      continue;
    }
    if (t.type !== 'inline') continue;
    const inCell = tokens[i - 1]?.type === 'th_open' || tokens[i - 1]?.type === 'td_open';
    let start = -1;
    let end = -1;
    if (inCell) {
      // Every cell is found, also those without text, so the next one is looked for after it.
      const at = row ? placeCell(markdown, row.line, row.from, t.content) : -1;
      if (at >= 0) {
        start = at;
        end = at + t.content.length;
        row!.from = end;
      }
    }
    const walked = inlinePieces(md, env, t.content, t.children ?? [], table);
    const pieces = walked ?? plainPieces(t.children ?? []);
    if (!hasText(pieces)) continue;
    const p = paragraphs.length;
    paragraphs.push({ pieces });
    if (!inCell && t.map) {
      const contentLines = t.content.split('\n');
      const at = placeLines(markdown, lines, t.map[0], contentLines);
      if (at) {
        start = at[0]!;
        end = at[at.length - 1]! + contentLines[contentLines.length - 1]!.length;
      }
    }
    if (!walked || start < 0) placed = false;
    else region(start, end, 'markdown', p);
  }

  if (!placed) return { paragraphs, codes: table.codes, template: null };
  const template: NonNullable<FormattedArticle['template']> = [];
  let from = 0;
  for (const r of regions) {
    template.push(markdown.slice(from, r.start), { p: r.p, syntax: r.syntax });
    from = r.end;
  }
  template.push(markdown.slice(from));
  return { paragraphs, codes: table.codes, template };
}
