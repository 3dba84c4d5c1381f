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
const VOICED_END = /[vz]$/;
const LONG_VOWEL_PLURAL = /(?<=.{3})(ie|ee)(?:s|en)$/;

/**
 * The key of a folded word: its Snowball stem. Dutch stems also lose a doubled final
 * consonant: Snowball's Dutch stemmer undoubles only kk/dd/tt, which leaves "autobommen" as
 * "autobomm" beside "autobom". And a final v or z is written f or s, as the singular writes
 * it: "bedrijven" is "bedrijf", "huizen" is "huis". And a plural -s or -en after -ie or -ee
 * goes, which Snowball keeps.
 */
export function keyOf(base: string, lang: Lang): string {
  const cache = keyCache[lang];
  let key = cache.get(base);
  if (key === undefined) {
    key = stem(base, lang);
    if (lang === 'nl') {
      key = key.replace(DOUBLE_END, '$1');
      if (VOICED_END.test(key)) key = key.slice(0, -1) + (key.endsWith('v') ? 'f' : 's');
      // Snowball keeps -s and -en after a vowel: "provincies", "economieën" ("economieen" folded).
      key = key.replace(LONG_VOWEL_PLURAL, '$1');
    }
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
  return m[1]!
    .replace(/(en|e)$/, '')
    .replace(/^hed$/, 'heid')
    .replace(/^bar$/, 'baar');
}

const VOWELS = 'aeiouy';
// One short vowel closed by one consonant ("wet", "bom"): Dutch doubles that consonant before
// an ending that starts with a vowel ("wetten", "bommen"), so "weten" and "weet" (to know) are
// other words. These few lengthen the vowel instead ("dag", "dagen").
const SHORT_CLOSED = /^[^aeiouy]*[aeiou][b-df-hj-np-tv-xz]$/;
const LENGTHENING = new Set([
  'bad',
  'blad',
  'dag',
  'dak',
  'dal',
  'gat',
  'glas',
  'god',
  'graf',
  'hof',
  'lid',
  'lot',
  'pad',
  'schip',
  'slot',
  'smid',
  'spel',
  'staf',
  'vat',
  'weg',
  'gen',
  'bevel',
  'gebed',
  'verbod',
  'gebod',
  'bedrag',
  'verdrag',
  'gebrek',
  'oorlog',
]);

const LONG_CLOSED = /([aeou])\1([b-df-hj-np-tv-xz])$/;

/**
 * What Dutch spelling says about a word of a text (`text`) and a stored word (`term`) that
 * stemming alone gets wrong, or null when it says nothing: a plural or genitive adds -s or
 * -en to the word as written ("provincies", "spitsen", "economieën"); a word ending in -e keeps
 * it ("verdachte" is not "verdacht", suspected, nor "iets verdachts"); a short closed
 * syllable doubles its consonant ("wetten", not "weten"), and a long one is written single
 * before an ending ("eventueel", "eventuele"); -s plurals are no verbs ("supporters", not
 * "supporteren").
 */
function dutchSpelling(text: string, term: string): boolean | null {
  const short = SHORT_CLOSED.test(term) && !LENGTHENING.has(term);
  if (text.startsWith(term)) {
    const rest = text.slice(term.length);
    if (rest === 's' || (rest === 'en' && !short)) return true;
    if (short && VOWELS.includes(rest[0]!)) return false;
    return null;
  }
  if (short || term.endsWith('e')) return false;
  if (term.endsWith('s') && text === `${term.slice(0, -1)}en`) return false;
  // A long vowel is written single in an open syllable: "eventuele", "rode", "raden".
  const long = LONG_CLOSED.exec(term);
  if (long) {
    const open = `${term.slice(0, long.index)}${long[1]}${long[2]}`;
    if (text === `${open}e` || text === `${open}en`) return true;
  }
  return null;
}

/** True when two folded words are the same word, inflection aside (`b` the stored one, for Dutch). */
export function sameBase(a: string, b: string, lang: Lang): boolean {
  if (a === b) return true;
  // Both stemmers keep the first letter: a cheap no before stemming either word.
  if (a[0] !== b[0]) return false;
  if (lang === 'nl') {
    const spelled = dutchSpelling(a, b);
    if (spelled !== null) return spelled;
  }
  if (keyOf(a, lang) !== keyOf(b, lang)) return false;
  return lang === 'en' || derivation(a) === derivation(b);
}

/** True when a text token is the same word as a token of a term (acronyms only in capitals). */
export function sameWord(text: Token, term: Token, lang: Lang): boolean {
  if (term.caps && !text.caps) return false;
  return sameBase(text.base, term.base, lang);
}
