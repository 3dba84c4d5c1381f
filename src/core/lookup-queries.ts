// A text pasted into lookup, as the sentences to look up: a paragraph (or several) is cut
// as `ntm segment` cuts an article, and each sentence carries the one before it as its
// context (for in-context matches). A text of one sentence is looked up as given.
import type { SegmentRules } from './segment/rules.js';
import { segmentParagraphs, textParagraphs } from './segment/segment.js';

/** One sentence to look up. */
export interface LookupQuery {
  text: string;
  /** The sentence before it (or the context given for the first), if any. */
  prev: string | null;
  /** Why it is not looked up (a link, a date stamp: copied, not translated), if it is not. */
  notTranslated?: string;
}

/** The sentences of a pasted text; `prev` is the context of the first one. */
export function lookupQueries(text: string, rules: SegmentRules, prev: string | null = null): LookupQuery[] {
  const segments = segmentParagraphs(textParagraphs(text), rules);
  if (segments.length <= 1) return [{ text, prev }];
  const out: LookupQuery[] = [];
  for (const s of segments) {
    const q: LookupQuery = { text: s.text, prev };
    if (!s.translatable) q.notTranslated = s.nonTranslatable ?? 'not translated';
    out.push(q);
    prev = s.text;
  }
  return out;
}
