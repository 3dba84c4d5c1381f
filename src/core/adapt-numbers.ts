// Number adaptation for pretranslate: when a stored source differs from the segment only in
// its numbers, the approved target is still right once its numbers are the segment's. Numbers
// are matched by value, not by position, so that "1.200" (Dutch) finds "1,200" (English)
// wherever the translation put it.
import { norm } from './normalize.js';

/** Digits, optionally grouped or with a decimal part: 17, 2019, 1.200, 3,5, 13.00. */
const NUMBER = /\d+(?:[.,]\d+)*/g;

interface NumberToken {
  text: string;
  index: number;
}

function numbersIn(text: string): NumberToken[] {
  return [...text.matchAll(NUMBER)].map((m) => ({ text: m[0], index: m.index }));
}

/** The value of a number as Dutch writes it: 1.200 = 1200, 3,5 = 3.5; 13.00 (a time) = 13. */
export function dutchNumberValue(token: string): number {
  if (/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(token)) return Number(token.replace(/\./g, '').replace(',', '.'));
  if (/^\d+,\d+$/.test(token)) return Number(token.replace(',', '.'));
  return Number(token);
}

/** The value of a number as English writes it: 1,200 = 1200, 3.5 = 3.5. */
export function englishNumberValue(token: string): number {
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(token)) return Number(token.replace(/,/g, ''));
  if (/^\d+,\d+$/.test(token)) return Number(token.replace(',', '.'));
  return Number(token);
}

/** A Dutch number written the English way; `grouped` puts commas between thousands. */
function toEnglish(token: string, grouped: boolean): string {
  const dutchGrouped = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(token);
  if (!dutchGrouped && !/^\d+,\d+$/.test(token)) {
    // No Dutch separators: a year, a count, a time "13.00"; written as it is.
    if (!grouped || !/^\d+$/.test(token)) return token;
  }
  const [whole, fraction] = (dutchGrouped || /^\d+,\d+$/.test(token) ? token.replace(/\./g, '').split(',') : [token]) as [string, string?];
  const intPart = grouped || dutchGrouped ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  return fraction === undefined ? intPart : `${intPart}.${fraction}`;
}

/** One number changed in the target. */
export interface NumberChange {
  from: string;
  to: string;
}

export type Adaptation =
  /** The target with the segment's numbers. */
  | { kind: 'adapted'; target: string; changes: NumberChange[] }
  /** Only numbers differ, but the target does not show them as digits: the translator must. */
  | { kind: 'not-adapted'; changes: NumberChange[] };

/**
 * The stored target adapted to the segment, when the stored source differs from the segment
 * only in numbers; null when anything else differs (or nothing does).
 */
export function adaptNumbers(segment: string, storedSource: string, storedTarget: string): Adaptation | null {
  const seg = norm(segment);
  const src = norm(storedSource);
  const segNums = numbersIn(seg);
  const srcNums = numbersIn(src);
  if (segNums.length === 0 || segNums.length !== srcNums.length) return null;
  const skeleton = (text: string) => text.replace(NUMBER, '\u0000');
  if (skeleton(seg) !== skeleton(src)) return null;
  if (segNums.every((n, i) => n.text === srcNums[i]!.text)) return null;

  // Each stored value must become one new number wherever it occurs, or the mapping is unclear.
  const newByValue = new Map<number, string>();
  for (let i = 0; i < srcNums.length; i++) {
    const value = dutchNumberValue(srcNums[i]!.text);
    const next = segNums[i]!.text;
    const known = newByValue.get(value);
    if (known !== undefined && known !== next) return null;
    newByValue.set(value, next);
  }
  const changes = srcNums
    .map((n, i) => ({ from: n.text, to: segNums[i]!.text }))
    .filter((c, i, all) => c.from !== c.to && all.findIndex((d) => d.from === c.from) === i);

  const target = storedTarget;
  const targetNums = numbersIn(target);
  const changed = [...newByValue.entries()].filter(([value, next]) => dutchNumberValue(next) !== value);
  for (const [value] of changed) {
    if (!targetNums.some((t) => englishNumberValue(t.text) === value)) return { kind: 'not-adapted', changes };
  }
  const replacements = new Map(changed);
  let out = '';
  let from = 0;
  const shown: NumberChange[] = [];
  for (const t of targetNums) {
    const next = replacements.get(englishNumberValue(t.text));
    if (next === undefined) continue;
    const written = toEnglish(next, /^\d{1,3}(?:,\d{3})+/.test(t.text));
    out += target.slice(from, t.index) + written;
    from = t.index + t.text.length;
    if (!shown.some((c) => c.from === t.text)) shown.push({ from: t.text, to: written });
  }
  return { kind: 'adapted', target: out + target.slice(from), changes: shown };
}
