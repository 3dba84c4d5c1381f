// The skeleton of a formatted article: what `ntm finish` needs to put a translated draft
// back into the original document. It travels inside the XLIFF draft (XLIFF 1.2's <skl>
// <internal-file form="base64">, which CAT tools keep as it is), so the draft alone is
// enough: the article with each paragraph's text cut out, the native markup of every inline
// code, and which segments make up which paragraph.
import { InputError } from '../core/errors.js';
import type { CodeDef, Piece, RichSegment } from '../core/inline.js';
import type { FormattedArticle, TextSyntax } from './article-html.js';

export type ArticleSyntax = 'html' | 'markdown';

/** The skeleton as stored in a draft. */
export interface Skeleton {
  v: 1;
  /** The article's format: what `finish` writes by default. */
  format: ArticleSyntax;
  template: (string | { p: number; syntax: TextSyntax })[];
  codes: Record<string, CodeDef>;
  /** For each paragraph of the template, its segment numbers in order. */
  paragraphs: number[][];
}

/**
 * A formatted article's codes numbered 1, 2, 3… in reading order, keeping only those its
 * paragraphs use (a reader numbers codes it later drops, such as ones outside any paragraph).
 */
export function compactCodes(article: FormattedArticle): FormattedArticle {
  const ids = new Map<string, string>();
  const codes: Record<string, CodeDef> = {};
  const source = { ...article.codes };
  const paragraphs = article.paragraphs.map((p) => {
    const pieces = foldEmptyPairs(p.pieces, source);
    return {
      pieces: pieces.map((piece, i) => {
        if (piece.kind === 'text') return piece;
        let id = ids.get(piece.id);
        if (id === undefined) {
          id = String(ids.size + 1);
          ids.set(piece.id, id);
          codes[id] = { ...source[piece.id]! };
          if (piece.kind === 'ph') {
            const before = pieces[i - 1];
            const after = pieces[i + 1];
            if (before?.kind === 'text' && /\s$/u.test(before.text)) codes[id]!.spaceBefore = true;
            if (after?.kind === 'text' && /^\s/u.test(after.text)) codes[id]!.spaceAfter = true;
          }
        }
        return { ...piece, id };
      }),
    };
  });
  return { paragraphs, codes, template: article.template };
}

/**
 * Pairs with nothing but white space inside (an anchor `<a id="top"></a>`, an empty span or
 * link) as placeholders: segmentation drops empty pairs as formatting a cut left behind, and
 * these are part of the article. `codes` gets the placeholders' definitions, under the pair's id.
 */
function foldEmptyPairs(pieces: readonly Piece[], codes: Record<string, CodeDef>): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'close') {
      let at = out.length - 1;
      while (at >= 0 && out[at]!.kind === 'text' && !/\S/u.test((out[at] as { text: string }).text)) at--;
      const open = out[at];
      if (open?.kind === 'open' && open.id === piece.id) {
        const def = codes[piece.id]!;
        const inside = out
          .splice(at)
          .slice(1)
          .map((p) => (p as { text: string }).text)
          .join('');
        codes[piece.id] = { ctype: def.ctype, native: `${def.open ?? ''}${inside}${def.close ?? ''}` };
        out.push({ kind: 'ph', id: piece.id });
        continue;
      }
    }
    out.push(piece);
  }
  return out;
}

/** The skeleton of an article and its segments (per paragraph, as segmentRichParagraphs gives them). */
export function skeletonOf(format: ArticleSyntax, article: FormattedArticle, segments: readonly RichSegment[][]): Skeleton | null {
  if (!article.template) return null;
  return { v: 1, format, template: article.template, codes: article.codes, paragraphs: segments.map((s) => s.map((x) => x.number)) };
}

/** The skeleton as the text of an XLIFF <internal-file form="base64">. */
export function encodeSkeleton(s: Skeleton): string {
  return Buffer.from(JSON.stringify(s), 'utf8').toString('base64');
}

const isString = (x: unknown): x is string => typeof x === 'string';

/** A skeleton read back from a draft, checked to be one (a draft is the user's file: anything may be in it). */
export function decodeSkeleton(text: string, file: string, line?: number): Skeleton {
  const bad = (why: string) => new InputError(`its article skeleton (<skl>) ${why}; pretranslate the article again`, file, line);
  let s: unknown;
  try {
    s = JSON.parse(Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8'));
  } catch {
    throw bad('cannot be read');
  }
  const o = s as Partial<Skeleton>;
  if (typeof o !== 'object' || o === null || o.v !== 1) throw bad('is not one ntm wrote');
  if (o.format !== 'html' && o.format !== 'markdown') throw bad('names no article format');
  if (!Array.isArray(o.paragraphs) || !o.paragraphs.every((p) => Array.isArray(p) && p.every((n) => Number.isInteger(n)))) throw bad('has no paragraph list');
  const paragraphs = o.paragraphs.length;
  const templateOk =
    Array.isArray(o.template) &&
    o.template.every(
      (t) =>
        isString(t) ||
        (typeof t === 'object' && t !== null && Number.isInteger(t.p) && t.p >= 0 && t.p < paragraphs && (t.syntax === 'html' || t.syntax === 'markdown')),
    );
  if (!templateOk) throw bad('has a damaged template');
  const codesOk =
    typeof o.codes === 'object' &&
    o.codes !== null &&
    Object.values(o.codes).every(
      (c) =>
        typeof c === 'object' &&
        c !== null &&
        isString(c.ctype) &&
        [c.open, c.close, c.native].every((x) => x === undefined || isString(x)) &&
        [c.spaceBefore, c.spaceAfter, c.verbatim].every((x) => x === undefined || typeof x === 'boolean'),
    );
  if (!codesOk) throw bad('has damaged codes');
  return o as Skeleton;
}

/** Text for HTML element content. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text for Markdown: marks that would start formatting are escaped, and so are marks that start a block at a line's start. */
function escapeMarkdown(s: string, lineStart: boolean): string {
  let out = s.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;');
  if (lineStart) out = out.replace(/^(\s*)([#+=-]|\d+(?=[.)]))/, (_, sp: string, mark: string) => `${sp}${/^\d/.test(mark) ? `${mark}\\` : `\\${mark}`}`);
  return out;
}

/** What stands in the article for a code; an id the skeleton does not know is bad input. */
function native(codes: Record<string, CodeDef>, piece: Exclude<Piece, { kind: 'text' }>, where: string): string {
  const def = codes[piece.id];
  if (!def) throw new InputError(`${where} has the inline code ${piece.id}, which the article does not have; remove it (ntm check shows it)`);
  if (piece.kind === 'ph') return def.native ?? `${def.open ?? ''}${def.close ?? ''}`;
  if (piece.kind === 'open') return def.open ?? def.native ?? '';
  return def.close ?? '';
}

/** One segment's pieces as they are written into the article. */
export function renderPieces(pieces: readonly Piece[], codes: Record<string, CodeDef>, syntax: TextSyntax, where: string): string {
  let out = '';
  let verbatim = 0;
  for (const [i, p] of pieces.entries()) {
    if (p.kind === 'text') {
      if (syntax === 'html') out += escapeHtml(p.text);
      else out += verbatim > 0 ? p.text : escapeMarkdown(p.text, out === '' || out.endsWith('\n'));
      continue;
    }
    const def = codes[p.id];
    if (def?.verbatim && p.kind === 'open') verbatim++;
    if (def?.verbatim && p.kind === 'close') verbatim = Math.max(0, verbatim - 1);
    if (p.kind === 'ph' && def?.spaceBefore && out !== '' && !/\s$/u.test(out)) out += ' ';
    out += native(codes, p, where);
    const next = pieces[i + 1];
    if (p.kind === 'ph' && def?.spaceAfter && next?.kind === 'text' && !/^\s/u.test(next.text)) out += ' ';
  }
  return out;
}

/** The article rebuilt with each segment's pieces (by segment number) in place of the original text. */
export function fillSkeleton(s: Skeleton, segment: (n: number) => readonly Piece[]): string {
  let out = '';
  for (const part of s.template) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    out += s.paragraphs[part.p]!.map((n) => renderPieces(segment(n), s.codes, part.syntax, `segment ${n}`))
      .filter((t) => t !== '')
      .join(' ');
  }
  return out;
}
