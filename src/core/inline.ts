// Formatting inside a paragraph (bold, italic, links, images, line breaks) as inline codes
// between pieces of text, so that a formatted article can be segmented, translated and put
// back together: matching and segmentation see only the text; the codes travel beside it.
// A code spanning two sentences is closed at the end of the first and opened again at the
// start of the second, under the same id: each segment's codes are well nested.
import { breakPositions, nonTranslatableReason, type Segment } from './segment/segment.js';
import type { SegmentRules } from './segment/rules.js';

/** A piece of a formatted text: text, the start or end of a paired code, or a placeholder. */
export type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'open'; id: string; ctype?: string }
  | { kind: 'close'; id: string }
  | { kind: 'ph'; id: string; ctype?: string };

/** What a code stands for in the article: the native markup around or in place of text. */
export interface CodeDef {
  /** XLIFF 1.2's ctype: bold, italic, link, image, lb, or x-… for the rest. */
  ctype: string;
  /** Paired codes: what opens and closes them in the article (`<b>`/`</b>`, `**`/`**`). */
  open?: string;
  close?: string;
  /** Placeholders: what stands in the article. */
  native?: string;
  /**
   * White space stood right before / after a placeholder in the article. Normal form keeps one
   * space of a run, so the one beside a code can go ("met `code`" is "met" + code at a
   * segment's end); writing the article back restores it where the text has none.
   */
  spaceBefore?: boolean;
  spaceAfter?: boolean;
  /** The text inside is written as it stands: an autolink's address, which an escape would change. */
  verbatim?: boolean;
}

/** A paragraph of a formatted article, its text and codes in reading order. */
export interface RichParagraph {
  pieces: Piece[];
}

/** A segment of a formatted article: the segment and its pieces. */
export interface RichSegment extends Segment {
  pieces: Piece[];
}

/** A code as check compares them: which code (kind and id), what it is, what it wraps. */
export interface CodeRef {
  /** `pair:3`, `ph:4`, `open:5`, `close:5`: the same key on both sides means the same code. */
  key: string;
  /** Its ctype, when known (bold, link, …). */
  label?: string;
  /** The text inside a paired code. */
  text?: string;
}

const WHITESPACE_RUN = /\s+/gu;

/** The plain text of pieces (what matching sees). */
export function piecesText(pieces: readonly Piece[]): string {
  let out = '';
  for (const p of pieces) if (p.kind === 'text') out += p.text;
  return out;
}

/** True when pieces hold any code. */
export function hasCodes(pieces: readonly Piece[]): boolean {
  return pieces.some((p) => p.kind !== 'text');
}

/**
 * Pieces in SPEC's normal form: NFC, each run of white space one space (also across codes),
 * no white space at the start or end. Their text is then norm() of the paragraph's text.
 */
export function normalizePieces(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  let spaceBefore = true;
  for (const p of pieces) {
    if (p.kind !== 'text') {
      out.push(p);
      continue;
    }
    let t = p.text.normalize('NFC').replace(WHITESPACE_RUN, ' ');
    if (spaceBefore && t.startsWith(' ')) t = t.slice(1);
    if (t === '') continue;
    spaceBefore = t.endsWith(' ');
    const prev = out[out.length - 1];
    if (prev?.kind === 'text') out[out.length - 1] = { kind: 'text', text: prev.text + t };
    else out.push({ kind: 'text', text: t });
  }
  for (let i = out.length - 1; i >= 0; i--) {
    const p = out[i]!;
    if (p.kind !== 'text') continue;
    const t = p.text.replace(/ $/, '');
    if (t === '') out.splice(i, 1);
    else out[i] = { kind: 'text', text: t };
    break;
  }
  return out;
}

/** Cuts normalised pieces at text offsets; each part is trimmed, with its open codes closed and reopened. */
export function splitPieces(pieces: readonly Piece[], cuts: readonly number[]): Piece[][] {
  const parts: Piece[][] = [[]];
  const open: string[] = [];
  let at = 0;
  let next = 0;
  const cut = (): void => {
    const part = parts[parts.length - 1]!;
    for (let i = open.length - 1; i >= 0; i--) part.push({ kind: 'close', id: open[i]! });
    parts.push(open.map((id) => ({ kind: 'open', id }) as Piece));
  };
  for (const p of pieces) {
    if (p.kind !== 'text') {
      if (p.kind === 'open') open.push(p.id);
      if (p.kind === 'close') open.splice(open.lastIndexOf(p.id), 1);
      parts[parts.length - 1]!.push(p);
      continue;
    }
    let text = p.text;
    while (next < cuts.length && cuts[next]! < at + text.length) {
      const k = cuts[next]! - at;
      if (k > 0) parts[parts.length - 1]!.push({ kind: 'text', text: text.slice(0, k) });
      cut();
      at += k;
      text = text.slice(k);
      next++;
    }
    if (text) parts[parts.length - 1]!.push({ kind: 'text', text });
    at += text.length;
  }
  return parts.map(tidy);
}

/** Trims a segment's pieces and drops pairs that hold nothing. */
function tidy(pieces: Piece[]): Piece[] {
  const out = normalizePieces(pieces);
  // A pair left empty by a cut (`<b>` then the sentence ends) carries no formatting.
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i + 1 < out.length; i++) {
      const a = out[i]!;
      const b = out[i + 1]!;
      if (a.kind === 'open' && b.kind === 'close' && a.id === b.id) {
        out.splice(i, 2);
        changed = true;
        break;
      }
    }
  }
  return out;
}

/** Segments of formatted paragraphs, numbered as segmentParagraphs numbers the plain text. */
export function segmentRichParagraphs(paragraphs: readonly RichParagraph[], rules: SegmentRules): RichSegment[][] {
  const out: RichSegment[][] = [];
  let number = 0;
  let paragraph = 0;
  for (const p of paragraphs) {
    const pieces = normalizePieces(p.pieces);
    const text = piecesText(pieces);
    if (text === '') {
      out.push([]);
      continue;
    }
    const segments: RichSegment[] = [];
    paragraph++;
    for (const part of splitPieces(pieces, breakPositions(text, rules))) {
      const t = piecesText(part);
      if (t === '') continue;
      const reason = nonTranslatableReason(t, rules);
      segments.push({
        number: ++number,
        paragraph,
        text: t,
        translatable: reason === null,
        ...(reason === null ? {} : { nonTranslatable: reason }),
        pieces: part,
      });
    }
    out.push(segments);
  }
  return out;
}

/**
 * A TM match's English with the codes that frame the segment: placeholders and pairs before
 * the first word and after the last (a bold headline, a linked caption, an image first).
 * Codes inside the sentence are left for the translator to place.
 */
export function framedTarget(source: readonly Piece[], target: string): Piece[] {
  if (target === '') return [];
  const first = source.findIndex((p) => p.kind === 'text');
  if (first < 0) return [{ kind: 'text', text: target }];
  let last = source.length - 1;
  while (source[last]!.kind !== 'text') last--;
  const lead = source.slice(0, first);
  const tail = source.slice(last + 1);
  const closedAtEnd = new Set(tail.flatMap((p) => (p.kind === 'close' ? [p.id] : [])));
  const openedAtStart = new Set(lead.flatMap((p) => (p.kind === 'open' ? [p.id] : [])));
  const keep = (p: Piece): boolean => p.kind === 'ph' || (p.kind === 'open' && closedAtEnd.has(p.id)) || (p.kind === 'close' && openedAtStart.has(p.id));
  return [...lead.filter(keep), { kind: 'text', text: target }, ...tail.filter(keep)];
}

/** The codes of pieces as check compares them. */
export function codeRefs(pieces: readonly Piece[]): CodeRef[] {
  const out: CodeRef[] = [];
  const open: { ref: CodeRef; from: number }[] = [];
  let text = '';
  const labelled = (ref: CodeRef, ctype: string | undefined): CodeRef => (ctype ? { ...ref, label: ctype } : ref);
  for (const p of pieces) {
    if (p.kind === 'text') text += p.text;
    else if (p.kind === 'ph') out.push(labelled({ key: `ph:${p.id}` }, p.ctype));
    else if (p.kind === 'open') {
      const ref = labelled({ key: `pair:${p.id}` }, p.ctype);
      out.push(ref);
      open.push({ ref, from: text.length });
    } else {
      const at = open.map((o) => o.ref.key).lastIndexOf(`pair:${p.id}`);
      if (at >= 0) {
        const [o] = open.splice(at, 1);
        o!.ref.text = text.slice(o!.from).trim();
      }
    }
  }
  return out;
}

/** The codes of the source missing from the target, and the target's codes the source does not have (each occurrence counts). */
export function compareCodes(source: readonly CodeRef[], target: readonly CodeRef[]): { missing: CodeRef[]; extra: CodeRef[] } {
  const left = [...target];
  const missing: CodeRef[] = [];
  for (const s of source) {
    const at = left.findIndex((t) => t.key === s.key);
    if (at >= 0) left.splice(at, 1);
    else missing.push(s);
  }
  return { missing, extra: left };
}

/** Pieces with each code's ctype written on it, from the article's code table. */
export function withCtypes(pieces: readonly Piece[], codes: Readonly<Record<string, CodeDef>>): Piece[] {
  return pieces.map((p) => (p.kind === 'open' || p.kind === 'ph' ? { ...p, ctype: codes[p.id]?.ctype } : p));
}
