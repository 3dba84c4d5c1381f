// Numbers as a reader understands them, in Dutch and in English, so that "3,5 miljoen" and
// "3.5 million", "zeventien" and "17" and "seventeen", "anderhalf miljard" and "1.5 billion"
// compare equal. Each number found gets one or more value keys (a time such as "8.30" may
// also be a decimal); two mentions are the same number when they share a key. Times, dates,
// days and months (datetime.ts) are mentions too. Vague quantities ("duizenden",
// "tientallen") are words, not numbers.
import { findDateTimes, type MentionKind } from './datetime.js';
import type { Lang } from './words.js';

/** A number found in a text. */
export interface NumberMention {
  /** As written ("3,5 miljoen"). */
  text: string;
  start: number;
  end: number;
  /** The main value (for messages); NaN for a time, date, day or month. */
  value: number;
  /** Every reading of it, as comparable keys ("3500000", "t:510" for 8.30 as a time, "d:3-1" for 1 March). */
  keys: string[];
  /** What it is, where it is more than a number. */
  kind?: MentionKind;
  /** How an English text could write it, where digits would not do ("6pm", "1 March"). */
  english?: string;
}

// -- Number words --------------------------------------------------------------------------

const NL_SMALL: Record<string, number> = {
  nul: 0,
  een: 1,
  één: 1,
  twee: 2,
  drie: 3,
  vier: 4,
  vijf: 5,
  zes: 6,
  zeven: 7,
  acht: 8,
  negen: 9,
  tien: 10,
  elf: 11,
  twaalf: 12,
  dertien: 13,
  veertien: 14,
  vijftien: 15,
  zestien: 16,
  zeventien: 17,
  achttien: 18,
  negentien: 19,
  twintig: 20,
  dertig: 30,
  veertig: 40,
  vijftig: 50,
  zestig: 60,
  zeventig: 70,
  tachtig: 80,
  negentig: 90,
};
const NL_UNITS = ['een', 'één', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen'];
const NL_TENS = ['twintig', 'dertig', 'veertig', 'vijftig', 'zestig', 'zeventig', 'tachtig', 'negentig'];

function nlBelow100(s: string): number | null {
  if (s in NL_SMALL) return NL_SMALL[s]!;
  // "eenentwintig", "tweeëntwintig", "vijfenveertig"
  for (const u of NL_UNITS) {
    if (!s.startsWith(u)) continue;
    const rest = s.slice(u.length);
    for (const link of ['en', 'ën']) {
      if (rest.startsWith(link) && NL_TENS.includes(rest.slice(link.length))) return NL_SMALL[u]! + NL_SMALL[rest.slice(link.length)]!;
    }
  }
  return null;
}

function nlBelow10000(s: string): number | null {
  const at = s.indexOf('honderd');
  if (at < 0) return nlBelow100(s);
  const before = s.slice(0, at);
  const after = s.slice(at + 'honderd'.length);
  // "honderd", "achthonderd", "negentienhonderd" (1900 in years), "honderdvijftig"
  const times = before === '' ? 1 : nlBelow100(before);
  const plus = after === '' ? 0 : after.startsWith('en') && nlBelow100(after.slice(2)) !== null ? nlBelow100(after.slice(2)) : nlBelow100(after);
  if (times === null || times === 0 || plus === null) return null;
  return times * 100 + plus;
}

/** The value of a Dutch number written as one word ("achthonderd", "tweeduizendtweeëntwintig"), or null. */
export function parseDutchNumberWord(word: string): number | null {
  const s = word.toLowerCase().replace(/-/g, '');
  const at = s.indexOf('duizend');
  if (at < 0) return nlBelow10000(s);
  const before = s.slice(0, at);
  const after = s.slice(at + 'duizend'.length);
  const times = before === '' ? 1 : nlBelow10000(before);
  const plus = after === '' ? 0 : ((after.startsWith('en') ? nlBelow10000(after.slice(2)) : null) ?? nlBelow10000(after));
  if (times === null || times === 0 || plus === null || plus >= 1000) return null;
  return times * 1000 + plus;
}

function parseDutchOrdinalWord(word: string): number | null {
  const s = word.toLowerCase();
  if (s === 'eerste') return 1;
  if (s === 'derde') return 3;
  for (const end of ['ste', 'de']) {
    if (s.endsWith(end) && s.length > end.length) {
      const n = parseDutchNumberWord(s.slice(0, -end.length));
      if (n !== null && n > 0) return n;
    }
  }
  return null;
}

const EN_SMALL: Record<string, number> = {
  zero: 0,
  nil: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  dozen: 12,
  twice: 2,
  thrice: 3,
};
const EN_ORDINAL: Record<string, number> = { first: 1, second: 2, third: 3, fifth: 5, eighth: 8, ninth: 9, twelfth: 12 };

/** The value of an English number word ("seventeen", "twenty-one", "twenty-first"), or null. */
export function parseEnglishNumberWord(word: string): number | null {
  const parts = word.toLowerCase().split(/[-‐]/);
  if (parts.length > 2) return null;
  const values = parts.map((p, i) => {
    if (p in EN_SMALL) return EN_SMALL[p]!;
    if (i !== parts.length - 1) return null;
    if (p in EN_ORDINAL) return EN_ORDINAL[p]!;
    if (p.endsWith('ieth') && `${p.slice(0, -4)}y` in EN_SMALL) return EN_SMALL[`${p.slice(0, -4)}y`]!;
    if (p.endsWith('th') && p.slice(0, -2) in EN_SMALL) return EN_SMALL[p.slice(0, -2)]!;
    if (p === 'hundredth') return 100;
    if (p === 'thousandth') return 1000;
    return null;
  });
  if (values.some((v) => v === null)) return null;
  if (values.length === 2) {
    const [tens, unit] = values as [number, number];
    if (tens < 20 || tens % 10 !== 0 || unit < 1 || unit > 9) return null;
    return tens + unit;
  }
  return values[0]!;
}

const MULTIPLIERS: Record<Lang, Record<string, number>> = {
  nl: { honderd: 100, duizend: 1e3, miljoen: 1e6, mln: 1e6, miljard: 1e9, mld: 1e9, mrd: 1e9, biljoen: 1e12 },
  en: { hundred: 100, thousand: 1e3, million: 1e6, mn: 1e6, m: 1e6, billion: 1e9, bn: 1e9, trillion: 1e12, tn: 1e12 },
};
const DIGIT_SUFFIX_MULTIPLIERS: Record<Lang, Record<string, number>> = {
  nl: { mln: 1e6, mld: 1e9, mrd: 1e9 },
  en: { k: 1e3, m: 1e6, mn: 1e6, bn: 1e9, b: 1e9, tn: 1e12 },
};
const ONE_BEFORE_MULTIPLIER: Record<Lang, Set<string>> = { nl: new Set(['een', 'één']), en: new Set(['a', 'an', 'one']) };
const CONNECTOR: Record<Lang, string> = { nl: 'en', en: 'and' };

// Dutch phrases in which an ordinal is a name, not a count: "de Tweede Kamer" is the House of
// Representatives, "de eerste minister" the prime minister.
const NOT_COUNTED: Record<string, string[]> = {
  eerste: ['kamer', 'minister', 'instantie', 'hulp'],
  tweede: ['kamer'],
};

// -- Digits ----------------------------------------------------------------------------------

const SPACE_GROUP = /^\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+$/;

function keyOfValue(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}

/** Minutes after midnight for h:mm, with the 12-hour reading too when no am/pm says which. */
function timeKeys(h: number, m: number, ampm: string | undefined): string[] {
  if (h > 24 || m > 59) return [];
  if (ampm === 'am') return [`t:${(h % 12) * 60 + m}`];
  if (ampm === 'pm') return [`t:${((h % 12) + 12) * 60 + m}`];
  const keys = [`t:${(h % 24) * 60 + m}`];
  if (h >= 1 && h <= 12) keys.push(`t:${((h % 12) + 12) * 60 + m}`);
  return keys;
}

interface Piece {
  kind: 'number' | 'multiplier' | 'one' | 'connector' | 'other';
  value: number;
  keys: string[];
  start: number;
  end: number;
  /** A number that may be followed by a multiplier ("3,5" miljoen), not an ordinal or a time. */
  scalable: boolean;
  /** Only a number when a multiplier follows ("een" miljoen). */
  weak: boolean;
  word: string;
}

const SEPARATORS = {
  nl: { thousands: '.', decimal: ',', grouped: /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/, decimalOnly: /^\d+,\d+$/ },
  en: { thousands: ',', decimal: '.', grouped: /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/, decimalOnly: /^\d+\.\d+$/ },
};

/** Reads a run of digits with separators the way `lang` writes them; null when it is no single number. */
function readDigits(s: string, lang: Lang): { value: number; keys: string[]; decimalish: boolean } | null {
  const plain = (v: number) => ({ value: v, keys: [keyOfValue(v)], decimalish: false });
  if (/^\d+$/.test(s)) return plain(Number(s));
  if (SPACE_GROUP.test(s)) return plain(Number(s.replace(/\D/g, '')));
  const { thousands, decimal, grouped, decimalOnly } = SEPARATORS[lang];
  if (grouped.test(s)) return plain(Number(s.split(thousands).join('').replace(decimal, '.')));
  if (decimalOnly.test(s)) {
    const v = Number(s.replace(decimal, '.'));
    return { value: v, keys: [keyOfValue(v)], decimalish: true };
  }
  // Dutch with a decimal point ("3.5"), a slip, still read as the writer meant it.
  if (lang === 'nl' && /^\d+\.\d+$/.test(s)) {
    const v = Number(s);
    return { value: v, keys: [keyOfValue(v)], decimalish: true };
  }
  return null;
}

const NUMBER_START: Record<Lang, RegExp> = {
  nl: /^(nul|een|één|eerst|twee|drie|der|vier|vee|vijf|zes|zev|acht|tach|neg|tien|elf|twaalf|twint|honderd|duizend)/,
  en: /^(zero|nil|one|two|twi|thr|thi|fir|sec|fou|for|fiv|fif|six|sev|eig|nin|ten|ele|twe|hun|tho|doz)/,
};

const TOKEN = /(?<num>\d+(?:[.,\u00a0\u202f\u2009:]\d+)*)(?<suffix>\p{L}+)?|(?<word>\p{L}+(?:[-‐]\p{L}+)*)|['’](?<short>\d{2})s?\b/gu;
const NOT_TEXT = /https?:\/\/\S+|www\.\S+|@\w+|#\w+/gu;

function pieces(text: string, lang: Lang): Piece[] {
  // URLs, @handles and hashtags are copied, not translated: their digits are no numbers.
  const masked = text.replace(NOT_TEXT, (m) => ' '.repeat(m.length));
  const out: Piece[] = [];
  const mults = MULTIPLIERS[lang];
  for (const m of masked.matchAll(TOKEN)) {
    const start = m.index;
    const end = start + m[0].length;
    const base = { start, end, word: m[0], weak: false, scalable: false };
    const g = m.groups!;
    if (g.short) {
      // '90 or '90s: a decade or a year written short
      const v = Number(g.short);
      out.push({ ...base, kind: 'number', value: v, keys: [keyOfValue(v), keyOfValue(1900 + v), keyOfValue(2000 + v)] });
      continue;
    }
    if (g.word) {
      // Most words are no number at all: only words that could be one become pieces. Other
      // words still break a run, since the text between two pieces must be white space.
      const w = g.word.toLowerCase();
      if (w === CONNECTOR[lang]) out.push({ ...base, kind: 'connector', value: 0, keys: [] });
      else if (w in mults) out.push({ ...base, kind: 'multiplier', value: mults[w]!, keys: [keyOfValue(mults[w]!)] });
      else if (ONE_BEFORE_MULTIPLIER[lang].has(w) && (lang === 'nl' || w !== 'one')) {
        out.push({ ...base, kind: 'one', value: 1, keys: ['1'], weak: true });
      } else if (NUMBER_START[lang].test(w)) {
        const cardinal = lang === 'nl' ? parseDutchNumberWord(w) : parseEnglishNumberWord(w);
        const v = cardinal ?? (lang === 'nl' ? parseDutchOrdinalWord(w) : decadeWord(w));
        if (v !== null) {
          const keys = lang === 'en' && /ies$/.test(w) ? [keyOfValue(v), keyOfValue(1900 + v)] : [keyOfValue(v)];
          out.push({ ...base, kind: 'number', value: v, keys, scalable: cardinal !== null && !(lang === 'en' && /(st|nd|rd|th)$/.test(w)) });
        }
      }
      continue;
    }
    const num = g.num!;
    const suffix = g.suffix?.toLowerCase();
    const timeMatch = /^(\d{1,2})[.:](\d{2})$/.exec(num);
    if (num.includes(':') && !timeMatch) {
      for (const part of num.matchAll(/\d+/g)) {
        const v = Number(part[0]);
        out.push({ ...base, start: start + part.index, end: start + part.index + part[0].length, kind: 'number', value: v, keys: [keyOfValue(v)] });
      }
      continue;
    }
    let read = timeMatch && num.includes(':') ? null : readDigits(num, lang);
    const keys: string[] = [];
    let value: number;
    if (timeMatch && (num.includes(':') || read?.decimalish)) {
      const ampm = lang === 'en' && (suffix === 'am' || suffix === 'pm') ? suffix : undefined;
      keys.push(...timeKeys(Number(timeMatch[1]), Number(timeMatch[2]), ampm));
      if (ampm) read = null;
    }
    if (read) {
      keys.push(...read.keys);
      value = read.value;
    } else if (keys.length > 0) {
      value = Number(timeMatch![1]) + Number(timeMatch![2]) / 100;
    } else {
      // Separators this language does not write that way ("3,5" in English): each group is its own number.
      for (const part of num.matchAll(/\d+/g)) {
        const v = Number(part[0]);
        out.push({ ...base, start: start + part.index, end: start + part.index + part[0].length, kind: 'number', value: v, keys: [keyOfValue(v)] });
      }
      continue;
    }
    let scalable = !timeMatch || !!read;
    const suffixMult = suffix ? DIGIT_SUFFIX_MULTIPLIERS[lang][suffix] : undefined;
    if (suffixMult) {
      value *= suffixMult;
      // English "100m" may be metres: keep the plain reading beside the multiplied one.
      keys.splice(0, keys.length, keyOfValue(value), ...(lang === 'en' ? keys : []));
      scalable = false;
    } else if (suffix === 's' && lang === 'en' && /^\d{4}$/.test(num)) {
      keys.push(keyOfValue(value % 100)); // "the 1990s" for "de jaren negentig"
    } else if (suffix) {
      scalable = false; // "3e", "21st", "10km"
    }
    out.push({ ...base, kind: 'number', value, keys, scalable });
  }
  return out;
}

function decadeWord(w: string): number | null {
  // "the nineties"
  if (!w.endsWith('ies')) return null;
  const v = EN_SMALL[`${w.slice(0, -3)}y`];
  return v !== undefined && v >= 20 ? v : null;
}

function onlySpaceBetween(text: string, a: Piece, b: Piece): boolean {
  return /^[\s\u00a0\u202f]*$/.test(text.slice(a.end, b.start));
}

// -- Fractions -------------------------------------------------------------------------------

const FRACTION_MULTIPLIER: Record<Lang, string> = {
  nl: '(?:\\s+(?<mult>honderd|duizend|miljoen|miljard|mln\\.?|mld\\.?|mrd\\.?))?',
  en: '(?:\\s+(?:of\\s+)?(?:an?\\s+)?(?<mult>hundred|thousand|million|billion|trillion))?',
};
const FRACTIONS: Record<Lang, [RegExp, (m: RegExpMatchArray) => number][]> = {
  nl: [
    [/\b(?:anderhalf|anderhalve)\b/iu, () => 1.5],
    [/\bdriekwart\b/iu, () => 0.75],
    [/\b(?:een|één)\s+kwart\b/iu, () => 0.25],
    [/\b(?<n>een|één|twee|drie|vier)\s+(?<d>derde|vierde|vijfde)\b/iu, (m) => smallDutch(m.groups!.n!) / smallDutch(m.groups!.d!)],
    // Not "halve finale" (semi-final), nor "half september" (mid-September): before a month,
    // date or time (blanked out by then, see findNumbers) "half" is no fraction.
    [/\b(?:(?:een|één)\s+)?(?:half|halve)\b(?!\s+(?:finale|finales|maan)\b)(?!\s*\u0001)/iu, () => 0.5],
  ],
  en: [
    [/\b(?<n>\d+|one|two|three|four|five|a)\s+and\s+a\s+half\b/iu, (m) => (Number(m.groups!.n) || parseEnglishNumberWord(m.groups!.n!) || 1) + 0.5],
    [/\bthree[-\s]quarters\b/iu, () => 0.75],
    [/\b(?:a|one)\s+quarter\b/iu, () => 0.25],
    [/\btwo[-\s]thirds\b/iu, () => 2 / 3],
    [/\b(?:a|one)[-\s]third\b/iu, () => 1 / 3],
    [/\bhalf\b/iu, () => 0.5],
  ],
};

const FRACTION_PATTERNS = {
  nl: FRACTIONS.nl.map(([p, f]) => [new RegExp(p.source + FRACTION_MULTIPLIER.nl, 'giu'), f] as const),
  en: FRACTIONS.en.map(([p, f]) => [new RegExp(p.source + FRACTION_MULTIPLIER.en, 'giu'), f] as const),
};
const FRACTION_WORD: Record<Lang, RegExp> = { nl: /half|halve|kwart|derde|vierde|vijfde/iu, en: /half|quarter|third/iu };

function smallDutch(word: string): number {
  const w = word.toLowerCase();
  return { een: 1, één: 1, twee: 2, drie: 3, vier: 4, derde: 3, vierde: 4, vijfde: 5 }[w] ?? NaN;
}

/**
 * Fractions ("anderhalf miljard", "een half miljoen", "driekwart", "two-thirds", "half a
 * million"). A half year is six months and a half hour thirty minutes, as English often says.
 */
function findFractions(text: string, lang: Lang): NumberMention[] {
  const out: NumberMention[] = [];
  const mults = MULTIPLIERS[lang];
  if (!FRACTION_WORD[lang].test(text)) return out;
  for (const [re, fractionValue] of FRACTION_PATTERNS[lang]) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (out.some((o) => o.start < end && start < o.end)) continue;
      const fraction = fractionValue(m);
      if (!Number.isFinite(fraction)) continue;
      const mult = m.groups?.mult ? (mults[m.groups.mult.toLowerCase().replace(/\.$/, '')] ?? 1) : 1;
      const value = fraction * mult;
      const keys = [keyOfValue(value)];
      // "een derde", "a third": a fraction, or the ordinal ("een derde nederlaag", "a third defeat").
      if (mult === 1 && Math.abs(value - 1 / 3) < 1e-9) keys.push('3');
      const unit = /^\s*(jaar|uur|year|hour)\b/iu.exec(text.slice(end))?.[1]?.toLowerCase();
      if (mult === 1 && (unit === 'jaar' || unit === 'year')) keys.push(keyOfValue(value * 12));
      if (mult === 1 && (unit === 'uur' || unit === 'hour')) keys.push(keyOfValue(value * 60));
      out.push({ text: m[0], start, end, value, keys });
    }
  }
  return out;
}

/** `text` with the given stretches blanked out by a character that ends a run of number words. */
function blank(text: string, spans: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + '\u0001'.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

/**
 * Every number in a text, left to right, with multipliers applied ("3,5 miljoen" = 3500000),
 * and every time, date, day and month.
 */
export function findNumbers(text: string, lang: Lang): NumberMention[] {
  const special: NumberMention[] = findDateTimes(text, lang).map((d) => ({
    text: d.text,
    start: d.start,
    end: d.end,
    value: NaN,
    keys: d.keys,
    kind: d.kind,
    english: d.english,
  }));
  special.push(...findFractions(blank(text, special), lang).map((f) => ({ ...f, text: text.slice(f.start, f.end) })));
  const rest = special.length ? blank(text, special) : text;
  const out = [...special, ...plainNumbers(rest, text, lang)];
  return out.sort((a, b) => a.start - b.start);
}

/** The numbers of `masked` (the text with times, dates and fractions blanked), as written in `text`. */
function plainNumbers(masked: string, text: string, lang: Lang): NumberMention[] {
  const ps = pieces(masked, lang);
  const out: NumberMention[] = [];
  let i = 0;
  while (i < ps.length) {
    const p = ps[i]!;
    if (p.kind !== 'number' && p.kind !== 'one' && p.kind !== 'multiplier') {
      i++;
      continue;
    }
    // Accumulate "3,5 miljoen", "eight hundred and fifty", "twee miljoen driehonderdduizend";
    // a bare "honderd" or "duizend" is a number of its own.
    let total = p.kind === 'multiplier' && p.value > 100 ? p.value : 0;
    let current = p.kind === 'multiplier' ? (p.value > 100 ? 0 : p.value) : p.value;
    let lastMult = p.kind === 'multiplier' ? p.value : Infinity;
    let last = p;
    let end = p.end;
    let abbreviated = false;
    let j = i + 1;
    while (j < ps.length) {
      const q = ps[j]!;
      if (!onlySpaceBetween(masked, last, q)) break;
      const scales = last.scalable || last.kind === 'one' || last.kind === 'multiplier';
      if (q.kind === 'multiplier' && scales && q.value > (last.kind === 'multiplier' ? last.value : 0)) {
        if (q.value === 100) current = (current || 1) * 100;
        else {
          total += (current || 1) * q.value;
          current = 0;
        }
        abbreviated ||= q.word.length <= 3;
        lastMult = q.value;
        last = q;
        end = q.end;
        j++;
        continue;
      }
      const next = ps[j + 1];
      const viaConnector = q.kind === 'connector' && next !== undefined && onlySpaceBetween(masked, q, next);
      const n = viaConnector ? next : q;
      const isWord = /^\p{L}/u.test(n.word);
      if (last.kind === 'multiplier' && n.kind === 'number' && n.scalable && isWord && n.value < lastMult) {
        current += n.value;
        last = n;
        end = n.end;
        j += viaConnector ? 2 : 1;
        continue;
      }
      break;
    }
    const grew = j > i + 1;
    if (p.weak && !grew) {
      i++;
      continue;
    }
    const value = total + current;
    let keys = p.keys;
    if (grew) {
      keys = [keyOfValue(value)];
      // English "100m" may be metres and "5k" kilometres: keep the plain reading too.
      if (abbreviated && lang === 'en') keys.push(...p.keys);
    }
    if (!skipped(text, p, lang)) out.push({ text: text.slice(p.start, end), start: p.start, end, value, keys });
    i = j;
  }
  return out;
}

const WORD_BEFORE = /(\p{L}+)[^\p{L}\d]*$/u;
const WORD_AFTER = /^[^\p{L}\d]*(\p{L}+)/u;

function skipped(text: string, p: Piece, lang: Lang): boolean {
  if (lang !== 'nl') return false;
  const w = p.word.toLowerCase();
  const next = WORD_AFTER.exec(text.slice(p.end, p.end + 40))?.[1]?.toLowerCase();
  if (next && NOT_COUNTED[w]?.includes(next)) return true;
  // "de jaren negentig" is a decade; English writes it many ways ("the 1990s", "the nineties")
  const prev = WORD_BEFORE.exec(text.slice(Math.max(0, p.start - 40), p.start))?.[1]?.toLowerCase();
  return prev === 'jaren' && /^\p{L}+$/u.test(w);
}

/** True when some reading of `a` equals some reading of `b`. */
export function sameNumber(a: NumberMention, b: NumberMention): boolean {
  return a.keys.some((k) => b.keys.includes(k));
}

/** A value as an English writer would put it in digits: "1,200", "3.5", "3.5 million". */
export function englishDigits(value: number): string {
  const scales: [number, string][] = [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
  ];
  for (const [size, name] of scales) {
    const q = value / size;
    if (q >= 1 && Math.abs(Math.round(q * 1000) - q * 1000) < 1e-6) return `${formatEn(q)} ${name}`;
  }
  return formatEn(value);
}

function formatEn(v: number): string {
  const [whole, fraction] = String(Math.round(v * 1e6) / 1e6).split('.');
  return whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction ? `.${fraction}` : '');
}
