// Times, dates, days and months as a reader understands them, in Dutch and in English, so
// that "18.00 uur" and "6pm", "half negen" and "8.30", "1 maart" and "March 1st", "maandag"
// and "Monday" compare equal. Each is found with the keys it can be compared by (a time
// without am or pm has two: "acht uur" is 8:00 or 20:00) and the English a translator could
// write for it. The digits they use are no numbers of their own.
import type { Lang } from './words.js';

/** What a mention is, for the advice a message gives. */
export type MentionKind = 'number' | 'year' | 'time' | 'date' | 'day' | 'month';

/** A time, date, weekday or month found in a text. */
export interface DateTimeMention {
  text: string;
  start: number;
  end: number;
  kind: Exclude<MentionKind, 'number' | 'year'>;
  keys: string[];
  /** How an English text could say it ("6pm", "1 March", "Monday"). */
  english: string;
}

const NL_MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
const NL_MONTH_SHORT = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const EN_MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NL_DAYS = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];
const EN_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const NL_HOURS: Record<string, number> = {
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
};
const NL_MINUTES: Record<string, number> = { ...NL_HOURS, dertien: 13, veertien: 14, kwart: 15, twintig: 20 };
const EN_HOURS: Record<string, number> = {
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
};
const EN_MINUTES: Record<string, number> = { ...EN_HOURS, quarter: 15, twenty: 20, 'twenty-five': 25 };

const NL_HOUR_WORD = Object.keys(NL_HOURS).join('|');
const NL_MINUTE_WORD = Object.keys(NL_MINUTES).join('|');
const EN_HOUR_WORD = Object.keys(EN_HOURS).join('|');
const EN_MINUTE_WORD = Object.keys(EN_MINUTES).join('|');
const APOSTROPHE = `['’‘]`;

/** Minutes after midnight; a time without am or pm (hour 1–12) may be either. */
function clockKeys(h: number, m: number, half: 'am' | 'pm' | null): string[] {
  if (h > 24 || m > 59) return [];
  if (half === 'am') return [`t:${(h % 12) * 60 + m}`];
  if (half === 'pm') return [`t:${((h % 12) + 12) * 60 + m}`];
  const keys = [`t:${(h % 24) * 60 + m}`];
  if (h >= 1 && h <= 12) keys.push(`t:${((h % 12) + 12) * 60 + m}`);
  return keys;
}

/** A time as an English newsroom writes it: "6pm", "7.30am", "midday", "midnight". */
export function englishTime(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  if (m === 0 && h === 12) return 'midday';
  if (m === 0 && h === 0) return 'midnight';
  const twelve = h % 12 === 0 ? 12 : h % 12;
  return `${twelve}${m ? `.${String(m).padStart(2, '0')}` : ''}${h < 12 ? 'am' : 'pm'}`;
}

/** The English for a time's keys: one reading, or both ("8am or 8pm"). */
function englishFor(keys: readonly string[]): string {
  return keys.map((k) => englishTime(Number(k.slice(2)))).join(' or ');
}

// Dutch: "'s ochtends", "'s avonds" after a time say which half of the day it is.
const NL_DAYPART = new RegExp(`^\\s*${APOSTROPHE}s\\s*(ochtends|morgens|middags|avonds|nachts)\\b`, 'u');

function nlHalf(after: string, h: number): 'am' | 'pm' | null {
  const part = NL_DAYPART.exec(after)?.[1];
  if (!part) return null;
  if (part === 'ochtends' || part === 'morgens') return 'am';
  if (part === 'nachts') return h >= 6 && h <= 12 ? 'pm' : 'am';
  return 'pm';
}

function nlDaypartLength(after: string): number {
  return NL_DAYPART.exec(after)?.[0].length ?? 0;
}

// Words before "N uur" that make it a time of day, not a duration ("om 15 uur", not "48 uur").
const NL_CLOCK_BEFORE = /(?:^|\s)(om|rond|omstreeks|tegen|tot|vanaf|klokslag)\s+(?:(?:ongeveer|circa|precies|stipt)\s+)?$/iu;
const NL_CLOCK_AFTER = new RegExp(`^\\s*(${APOSTROPHE}s\\s*(ochtends|morgens|middags|avonds|nachts)|plaatselijke tijd|Nederlandse tijd)`, 'iu');

function nlNumber(word: string, table: Record<string, number>): number | null {
  if (/^\d+$/.test(word)) return Number(word);
  return table[word.toLowerCase()] ?? null;
}

interface Found {
  start: number;
  end: number;
  kind: DateTimeMention['kind'];
  keys: string[];
  english: string;
}

function timeFound(start: number, end: number, h: number, m: number, half: 'am' | 'pm' | null, plainHour: boolean): Found | null {
  const keys = clockKeys(h, m, half);
  if (keys.length === 0) return null;
  const english = englishFor(keys);
  // "om acht uur" may be written "at eight" in English: the hour alone compares too.
  if (plainHour && m === 0) keys.push(String(h));
  return { start, end, kind: 'time', keys, english };
}

// "kwart over acht", "tien voor half negen", "half negen", with digits or words for the hour.
const NL_SPOKEN = new RegExp(
  `\\b(?:(?<n>${NL_MINUTE_WORD}|\\d{1,2})(?:\\s+minuten)?\\s+(?<dir>over|voor)\\s+)?(?<half>half\\s+)?(?<h>${NL_HOUR_WORD}|\\d{1,2})\\b(?!\\s*(?:[.,:]\\d|miljoen|miljard|procent|keer|jaar|uur|%))`,
  'giu',
);
// "18.00 uur", "om 15 uur", "om acht uur 's avonds", and as Flemish papers write it, "19 u." and "19u30".
const NL_CLOCK = new RegExp(`(?<!\\d[.,:]?)\\b(?<h>\\d{1,2}|${NL_HOUR_WORD})(?:[.:](?<m>\\d{2}))?\\s*uur\\b`, 'giu');
const NL_FLEMISH_CLOCK = /(?<!\d[.,:]?)\b(?<h>\d{1,2})\s?u(?:(?<m>\d{2})\b|\.|\b)/gu;

function dutchTimes(text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(NL_SPOKEN)) {
    const g = m.groups!;
    if (!g.dir && !g.half) continue;
    const hour = nlNumber(g.h!, NL_HOURS);
    if (hour === null || hour < 1 || hour > 12) continue;
    let minutes = hour * 60 - (g.half ? 30 : 0);
    if (g.dir) {
      const n = nlNumber(g.n!, NL_MINUTES);
      if (n === null || n > 29) continue;
      minutes += g.dir.toLowerCase() === 'over' ? n : -n;
    }
    minutes = (minutes + 720) % 720;
    let end = m.index + m[0].length;
    const after = text.slice(end);
    const half = nlHalf(after, Math.floor(minutes / 60) || 12);
    end += nlDaypartLength(after);
    const f = timeFound(m.index, end, Math.floor(minutes / 60) || 12, minutes % 60, half, false);
    if (f) out.push(f);
  }
  for (const m of [...text.matchAll(NL_CLOCK), ...text.matchAll(NL_FLEMISH_CLOCK)]) {
    const g = m.groups!;
    const h = nlNumber(g.h!, NL_HOURS);
    if (h === null) continue;
    let end = m.index + m[0].length;
    const after = text.slice(end);
    // A whole hour is a time only where the sentence says so; else "48 uur" is a duration.
    if (g.m === undefined && !NL_CLOCK_BEFORE.test(text.slice(Math.max(0, m.index - 30), m.index)) && !NL_CLOCK_AFTER.test(after)) continue;
    const half = nlHalf(after, h);
    end += nlDaypartLength(after);
    const f = timeFound(m.index, end, h, Number(g.m ?? 0), half, g.m === undefined);
    if (f) out.push(f);
  }
  return out;
}

const EN_HALF = /^\s*(?:(a)\.?\s?m\b\.?|(p)\.?\s?m\b\.?)/iu;
const EN_CLOCK_BEFORE = /\b(at|by|until|till|around|about|from|before|after|since)\s+$/iu;

// "quarter past eight", "twenty to nine", "half past eight", "half eight" (British). Only
// a quarter says so by itself; "five to ten" is a time only after "at", "by", "until" …
const EN_SPOKEN = new RegExp(
  `\\b(?:(?:a\\s+)?(?<n>${EN_MINUTE_WORD}|\\d{1,2})(?:\\s+minutes)?\\s+(?<dir>past|after|to|before)\\s+|(?<half>half(?:\\s+past)?)\\s+)(?<h>${EN_HOUR_WORD}|\\d{1,2})\\b(?!\\s*(?:[.,:]\\d|million|billion|per|percent|times|years?|hours?|%))`,
  'giu',
);
const EN_OCLOCK = new RegExp(`\\b(?<h>${EN_HOUR_WORD}|\\d{1,2})\\s+o${APOSTROPHE}clock\\b`, 'giu');

function englishTimes(text: string): Found[] {
  const out: Found[] = [];
  // "6pm", "7.55am", "3 p.m.", "4.40 am"
  for (const m of text.matchAll(/\b(?<h>\d{1,2})(?:[.:](?<m>\d{2}))?(?=\s?[ap]\.?\s?m\b)/giu)) {
    const after = text.slice(m.index + m[0].length);
    const ap = EN_HALF.exec(after);
    if (!ap) continue;
    const f = timeFound(m.index, m.index + m[0].length + ap[0].length, Number(m.groups!.h), Number(m.groups!.m ?? 0), ap[1] ? 'am' : 'pm', false);
    if (f) out.push(f);
  }
  for (const m of text.matchAll(EN_SPOKEN)) {
    const g = m.groups!;
    if (!/quarter/i.test(g.n ?? '') && !EN_CLOCK_BEFORE.test(text.slice(Math.max(0, m.index - 20), m.index))) continue;
    const h = nlNumber(g.h!, EN_HOURS);
    if (h === null || h < 1 || h > 12) continue;
    let minutes = h * 60;
    if (g.half) minutes += 30;
    else {
      const n = nlNumber(g.n!, EN_MINUTES);
      if (n === null || n > 30) continue;
      minutes += /past|after/i.test(g.dir!) ? n : -n;
    }
    minutes = (minutes + 720) % 720;
    const f = timeFound(m.index, m.index + m[0].length, Math.floor(minutes / 60) || 12, minutes % 60, null, false);
    if (f) out.push(f);
  }
  // "eight o'clock", "8 o'clock"
  for (const m of text.matchAll(EN_OCLOCK)) {
    const h = nlNumber(m.groups!.h!, EN_HOURS);
    const f = h === null ? null : timeFound(m.index, m.index + m[0].length, h, 0, null, true);
    if (f) out.push(f);
  }
  for (const m of text.matchAll(/\b(noon|midday|midnight)\b/giu)) {
    const minutes = m[1]!.toLowerCase() === 'midnight' ? 0 : 720;
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'time', keys: [`t:${minutes}`], english: englishTime(minutes) });
  }
  return out;
}

const ORDINAL_SUFFIX = '(?:st|nd|rd|th|e|ste|de)?';

interface DatePatterns {
  monthOf: (word: string) => number;
  dayFirst: RegExp;
  monthFirst: RegExp | null;
  month: RegExp;
  day: RegExp;
  days: readonly string[];
}

// English month names need their capital ("March" the month, "march" the verb); Dutch ones
// are written small. An abbreviation counts only next to a day ("3 jan.", not "Jan"), but
// English also abbreviates a month on its own ("on Oct."), with its point.
function datePatterns(lang: Lang): DatePatterns {
  const months = lang === 'nl' ? NL_MONTHS : EN_MONTHS;
  const short = lang === 'nl' ? NL_MONTH_SHORT : EN_MONTH_SHORT;
  const full = `(?:${months.join('|')})`;
  const abbr = `(?:${short.join('|')}|sept)\\.?`;
  const flags = lang === 'nl' ? 'giu' : 'gu';
  const day = `(?<d>\\d{1,2})${ORDINAL_SUFFIX}`;
  const alone = lang === 'en' ? `(?:${full}|(?:${short.join('|')}|Sept)\\.)` : full;
  const days = lang === 'nl' ? NL_DAYS : EN_DAYS;
  return {
    monthOf: (word) => {
      const w = lang === 'nl' ? word.toLowerCase().replace(/\.$/, '') : word.replace(/\.$/, '');
      const whole = months.indexOf(w);
      if (whole >= 0) return whole + 1;
      return short.indexOf(w.slice(0, 3)) + 1 || (w === 'sept' ? 9 : 0);
    },
    dayFirst: new RegExp(`\\b${day}\\s+(?:of\\s+)?(?<mon>${full}|${abbr})(?![\\p{L}])`, flags),
    monthFirst: lang === 'en' ? new RegExp(`\\b(?<mon>${full}|${abbr})\\s+${day}\\b(?![.,:]?\\d)`, flags) : null,
    month: new RegExp(`\\b${alone}(?![\\p{L}])`, flags),
    // Days, also as the first part of a Dutch word ("vrijdagochtend", "zaterdagavond").
    day:
      lang === 'nl'
        ? new RegExp(`\\b(${days.join('|')})(?:en|s|(ochtend|morgen|middag|avond|nacht)(?:en)?)?\\b`, 'giu')
        : new RegExp(`\\b(${days.join('|')})s?\\b`, 'gu'),
    days,
  };
}

const DATE_PATTERNS: Record<Lang, DatePatterns> = { nl: datePatterns('nl'), en: datePatterns('en') };

function dates(text: string, lang: Lang): Found[] {
  const out: Found[] = [];
  const p = DATE_PATTERNS[lang];
  const taken: Found[] = [];
  for (const re of p.monthFirst ? [p.dayFirst, p.monthFirst] : [p.dayFirst]) {
    for (const m of text.matchAll(re)) {
      const month = p.monthOf(m.groups!.mon!);
      const d = Number(m.groups!.d);
      if (month === 0 || d < 1 || d > 31) continue;
      if (taken.some((t) => t.start < m.index + m[0].length && m.index < t.end)) continue;
      const f: Found = {
        start: m.index,
        end: m.index + m[0].length,
        kind: 'date',
        keys: [`d:${month}-${d}`, `m:${month}`],
        english: `${d} ${EN_MONTHS[month - 1]}`,
      };
      taken.push(f);
      out.push(f);
    }
  }
  for (const m of text.matchAll(p.month)) {
    if (taken.some((t) => t.start <= m.index && m.index < t.end)) continue;
    const month = p.monthOf(m[0]);
    if (month === 0) continue;
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'month', keys: [`m:${month}`], english: EN_MONTHS[month - 1]! });
  }
  for (const m of text.matchAll(p.day)) {
    const n = p.days.findIndex((d) => d.toLowerCase() === m[1]!.toLowerCase()) + 1;
    if (n === 0) continue;
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'day', keys: [`w:${n}`], english: EN_DAYS[n - 1]! });
  }
  return out;
}

// Nothing below can match a text without one of these: most sentences are skipped at once.
const MAY_HOLD: Record<Lang, RegExp> = {
  nl: /\d|uur|half|kwart|dag|jan|feb|maart|apr|mei|jun|jul|aug|sep|okt|nov|dec/iu,
  en: /\d|half|quarter|o'clock|o’clock|noon|midday|midnight|day|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec/u,
};

/** Every time, date, weekday and month in a text, left to right, overlaps resolved (the first, the longest). */
export function findDateTimes(text: string, lang: Lang): DateTimeMention[] {
  if (!MAY_HOLD[lang].test(text)) return [];
  const found = [...(lang === 'nl' ? dutchTimes(text) : englishTimes(text)), ...dates(text, lang)];
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: DateTimeMention[] = [];
  let reach = -1;
  for (const f of found) {
    if (f.start < reach) continue;
    out.push({ ...f, text: text.slice(f.start, f.end) });
    reach = f.end;
  }
  return out;
}
