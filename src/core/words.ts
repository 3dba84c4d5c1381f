// Words as a translator reads them: whole words, any case, any inflection. Text is cut into
// word tokens with their positions (so that findings can be highlighted), and every word has
// a key: the Snowball stem of its lower-case, accent-free form. Two words with the same key
// are the same word for the checks ("autobommen" = "autobom", "bombs" = "bomb").
import { stemmer as dutchStemmer } from '@orama/stemmers/dutch';
import { createRequire } from 'node:module';
import type { Stemmer } from 'snowball-stemmers';

export type Lang = 'nl' | 'en';

/** One word of a text, with where it stands. */
export interface Token {
  /** The word as written. */
  text: string;
  /** Offsets in the text (UTF-16), end exclusive. */
  start: number;
  end: number;
  /** Lower case, accents and apostrophe endings removed: what is stemmed and compared. */
  base: string;
  /** All capitals ("IS", "AP"): an acronym, which must not match an ordinary word ("is"). */
  caps: boolean;
}

// Letters, marks and digits; an apostrophe inside a word keeps it whole ("group's", "auto's").
// Hyphens, slashes and everything else separate words, so "IS-strijders" is "IS" + "strijders"
// and "self-proclaimed" is "self" + "proclaimed" whichever way the draft writes it.
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;
const MARKS = /\p{M}/gu;

/** Lower case without accents, the form words are compared in. */
export function fold(word: string): string {
  if (ASCII.test(word)) return word.toLowerCase();
  return word.normalize('NFD').replace(MARKS, '').toLowerCase().normalize('NFC');
}
const ASCII = /^[\x00-\x7f]*$/;

/** True for an all-capitals word of two letters or more (an acronym). */
export function isCaps(word: string): boolean {
  if (LOWER.test(word)) return false;
  UPPER.lastIndex = 0;
  return UPPER.test(word) && UPPER.test(word);
}
const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}/gu;

/** The folded form a word is stemmed from: Dutch "auto's" → "auto", English "group’s" → "group's". */
export function baseOf(word: string, lang: Lang): string {
  const f = fold(word);
  if (!f.includes("'") && !f.includes('’')) return f;
  return lang === 'nl' ? f.replace(/['’]s$/, '').replace(/['’]/g, '') : f.replace(/’/g, "'");
}

/** The words of a text, in order. */
export function tokenize(text: string, lang: Lang): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    out.push({ text: m[0], start, end: start + m[0].length, base: baseOf(m[0], lang), caps: isCaps(m[0]) });
  }
  return out;
}

// Two builds of the Snowball algorithms. Dutch: @orama/stemmers, generated from Snowball's
// Dutch, many times faster than snowball-stemmers with the same stems on real Dutch words
// (bench/RESULTS.md); the check stems every word of the draft and of thousands of terms. English:
// snowball-stemmers, because Orama's English is the older Porter stemmer, not Snowball's
// English ("skies" → "ski", "dying" → "dy"). Its module holds every Snowball language, so it
// is loaded on the first English word, through require (no scan for named exports).
let english: Stemmer | null = null;
function stem(word: string, lang: Lang): string {
  if (lang === 'nl') return dutchStemmer(word);
  english ??= (createRequire(import.meta.url)('snowball-stemmers') as typeof import('snowball-stemmers')).newStemmer('english');
  return english.stem(word);
}
const keyCache = { nl: new Map<string, string>(), en: new Map<string, string>() };
const DOUBLE_END = /([b-df-hj-np-tv-z])\1$/;

/**
 * The key of a folded word: its Snowball stem. Dutch stems also lose a doubled final
 * consonant: Snowball's Dutch stemmer undoubles only kk/dd/tt, which leaves "autobommen" as
 * "autobomm" beside "autobom".
 */
export function keyOf(base: string, lang: Lang): string {
  const cache = keyCache[lang];
  let key = cache.get(base);
  if (key === undefined) {
    key = stem(base, lang);
    if (lang === 'nl') key = key.replace(DOUBLE_END, '$1');
    cache.set(base, key);
  }
  return key;
}

/**
 * The first `n` letters a word keeps through any inflection, so that compound heads can be
 * looked up without stemming every part of every word: doubled vowels are written single ("raad" and "raden" both lead
 * with "rad"), since Dutch spelling doubles them only in a closed final syllable.
 */
export function leadOf(base: string, n: number): string {
  const start = base.slice(0, 2 * n);
  return (DOUBLE_VOWEL.test(start) ? start.replace(DOUBLE_VOWELS, '$1') : start).slice(0, n);
}
const DOUBLE_VOWEL = /([aeou])\1/;
const DOUBLE_VOWELS = /([aeou])\1/g;

// Snowball's Dutch stemmer also strips derivational endings, which makes "legering" (alloy)
// the word "leger" (army) and "vrijheid" (freedom) the word "vrij" (free). Inflection is the
// same word; derivation is not: two Dutch words only match when they end alike here.
const DUTCH_DERIVATION = /(heid|heden|ing|ingen|lijk|lijke|lijken|baar|bare|baren|end|ende|enden|ig|ige|igen)$/;

function derivation(base: string): string {
  const m = DUTCH_DERIVATION.exec(base);
  if (!m) return '';
  return m[1]!.replace(/(en|e)$/, '').replace(/^hed$/, 'heid').replace(/^bar$/, 'baar');
}

/** True when two folded words are the same word, inflection aside. */
export function sameBase(a: string, b: string, lang: Lang): boolean {
  if (a === b) return true;
  // Both stemmers keep the first letter: a cheap no before stemming either word.
  if (a[0] !== b[0]) return false;
  if (keyOf(a, lang) !== keyOf(b, lang)) return false;
  return lang === 'en' || derivation(a) === derivation(b);
}

/** True when a text token is the same word as a token of a term (acronyms only in capitals). */
export function sameWord(text: Token, term: Token, lang: Lang): boolean {
  if (term.caps && !text.caps) return false;
  return sameBase(text.base, term.base, lang);
}
