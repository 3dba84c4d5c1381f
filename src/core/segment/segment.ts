// Sentence segmentation: paragraphs in, segments out. Paragraph boundaries always end a
// segment; inside a paragraph the rules decide, the first matching rule at each position winning.
import { norm } from '../normalize.js';
import type { SegmentRules } from './rules.js';

/** One segment of an article, numbered from 1 in reading order. */
export interface Segment {
  /** 1-based position in the article. */
  number: number;
  /** 1-based paragraph it belongs to. */
  paragraph: number;
  /** The sentence, in normal form (white space runs as one space, trimmed). */
  text: string;
  /** False for links, e-mail addresses, numbers and stamps: copied, not translated. */
  translatable: boolean;
  /** Which non-translatable pattern matched, when one did. */
  nonTranslatable?: string;
}

/** The offsets inside `text` where a segment ends, in order. */
export function breakPositions(text: string, rules: SegmentRules): number[] {
  const decided = new Map<number, boolean>();
  for (const rule of rules.rules) {
    rule.at.lastIndex = 0;
    for (const m of text.matchAll(rule.at)) {
      if (m.index > 0 && m.index < text.length && !decided.has(m.index)) decided.set(m.index, rule.break);
    }
  }
  return [...decided.entries()]
    .filter(([, isBreak]) => isBreak)
    .map(([at]) => at)
    .sort((a, b) => a - b);
}

/** The sentences of one paragraph, each trimmed; empty pieces dropped. */
export function splitParagraph(paragraph: string, rules: SegmentRules): string[] {
  const text = norm(paragraph);
  const out: string[] = [];
  let from = 0;
  for (const at of [...breakPositions(text, rules), text.length]) {
    const piece = text.slice(from, at).trim();
    if (piece) out.push(piece);
    from = at;
  }
  return out;
}

/** The name of the non-translatable pattern a segment matches, or null. */
export function nonTranslatableReason(text: string, rules: SegmentRules): string | null {
  for (const n of rules.nonTranslatable) if (n.pattern.test(text)) return n.name;
  return null;
}

/** Segments of an article given as paragraphs (blank paragraphs are skipped). */
export function segmentParagraphs(paragraphs: readonly string[], rules: SegmentRules): Segment[] {
  const out: Segment[] = [];
  let paragraph = 0;
  for (const p of paragraphs) {
    const sentences = splitParagraph(p, rules);
    if (sentences.length === 0) continue;
    paragraph++;
    for (const text of sentences) {
      const reason = nonTranslatableReason(text, rules);
      out.push({
        number: out.length + 1,
        paragraph,
        text,
        translatable: reason === null,
        ...(reason === null ? {} : { nonTranslatable: reason }),
      });
    }
  }
  return out;
}

/** Plain text: every line is a paragraph (news copy has one paragraph a line). */
export function textParagraphs(text: string): string[] {
  return text.split(/\r\n|\r|\n|\u2028|\u2029/u);
}
