// Where a phrase stands in a text, as concordance finds it: anywhere and in any case by
// default, or only as whole words (`--whole-word`: "IS" is not in "Islamitische" or
// "crisis") and only in the case given (`--match-case`: "IS" is not "is").
import { foldCase, norm } from './normalize.js';
import type { Span } from './terms.js';

export interface PhraseMode {
  wholeWord?: boolean;
  matchCase?: boolean;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

/** The character (a whole code point) that starts at `i`. */
function charAt(s: string, i: number): string | undefined {
  return i < s.length ? String.fromCodePoint(s.codePointAt(i)!) : undefined;
}

/** The character (a whole code point) that ends right before `i`. */
function charBefore(s: string, i: number): string | undefined {
  if (i === 0) return undefined;
  const unit = s.charCodeAt(i - 1);
  return unit >= 0xdc00 && unit <= 0xdfff && i >= 2 ? charAt(s, i - 2) : s[i - 1];
}

/** The phrase prepared for searching many texts: normalised (and folded unless case matters). */
export function phraseNeedle(phrase: string, mode: PhraseMode = {}): string {
  const n = norm(phrase);
  return mode.matchCase ? n : foldCase(n);
}

/**
 * Every place `needle` (from phraseNeedle) stands in `text`, not overlapping, as offsets into
 * `text`. A whole word has no letter or digit right before or after it (a phrase that starts
 * or ends with punctuation is bounded there by itself).
 */
export function phraseSpans(text: string, needle: string, mode: PhraseMode = {}): Span[] {
  const spans: Span[] = [];
  if (needle.length === 0) return spans;
  const hay = mode.matchCase ? text : foldCase(text);
  const checkStart = mode.wholeWord && isWordChar(needle[0]);
  const checkEnd = mode.wholeWord && isWordChar(needle[needle.length - 1]);
  for (let i = hay.indexOf(needle); i >= 0; ) {
    const end = i + needle.length;
    if ((checkStart && isWordChar(charBefore(hay, i))) || (checkEnd && isWordChar(charAt(hay, end)))) {
      i = hay.indexOf(needle, i + 1);
      continue;
    }
    spans.push({ start: i, end });
    i = hay.indexOf(needle, end);
  }
  return spans;
}

/** True when the phrase stands in the text (see phraseSpans). */
export function hasPhrase(text: string, needle: string, mode: PhraseMode = {}): boolean {
  if (!mode.wholeWord) return (mode.matchCase ? text : foldCase(text)).includes(needle);
  return phraseSpans(text, needle, mode).length > 0;
}
