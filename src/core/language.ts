// Is the "Dutch" side Dutch? Only Dutch and English are ever in question, so a text is read
// first by its function words (the Snowball stop-word lists of Dutch and English, as
// @orama/stopwords ships them, minus the words both languages have: in, is, was, had, over,
// me, of): whichever language has more of them wins. A text where they tie (a headline: "Vulkaan spuwt
// as op Mexico-stad") goes to franc-min, a character-trigram identifier, asked to choose
// between Dutch and English only. franc is loaded only when a text needs it (it costs about
// a seventh of a second to load); scripts/measure-langid.mjs measures both on real news.
//
// Texts of one or two words (terms: "Rijkswaterstaat", "code rood") are never judged: a
// guess on so little would refuse real terms. A pair is refused only when BOTH sides read as
// the other language, so one misread side never refuses anything, and only when the
// function words of at least one side tell.
import { stopwords as DUTCH } from '@orama/stopwords/dutch';
import { stopwords as ENGLISH } from '@orama/stopwords/english';

export type Language = 'nl' | 'en';

/** Texts with fewer words than this are not judged. */
export const MIN_WORDS = 3;

const WEIGHT = new Map<string, number>();
{
  const english = new Set(ENGLISH);
  const shared = new Set(DUTCH.filter((w) => english.has(w)));
  for (const w of DUTCH) if (!shared.has(w)) WEIGHT.set(w, 1);
  for (const w of ENGLISH) if (!shared.has(w)) WEIGHT.set(w, -1);
}

const WORD = /[\p{L}\p{M}']+/gu;

/** The words of a text, lower case. */
function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** How many words a text has (runs of letters). */
export function wordCount(text: string): number {
  return words(text).length;
}

/** The language a text's function words point to, or null when they do not tell. */
export function byFunctionWords(text: string): Language | null {
  let score = 0;
  for (const w of words(text)) score += WEIGHT.get(w) ?? 0;
  return score > 0 ? 'nl' : score < 0 ? 'en' : null;
}

type Franc = (text: string, options: { only: string[]; minLength: number }) => string;
let franc: Franc | null = null;

/** Loads franc-min once; later calls cost nothing. */
async function loadFranc(): Promise<Franc> {
  franc ??= (await import('franc-min')).franc as Franc;
  return franc;
}

/** The language a text reads as, Dutch or English, or null when it cannot tell (or has under MIN_WORDS words). */
export async function readsAs(text: string): Promise<Language | null> {
  if (wordCount(text) < MIN_WORDS) return null;
  const quick = byFunctionWords(text);
  if (quick) return quick;
  const code = (await loadFranc())(text, { only: ['nld', 'eng'], minLength: 1 });
  return code === 'nld' ? 'nl' : code === 'eng' ? 'en' : null;
}

/** Which way round a pair reads: 'normal' (Dutch, English), 'reversed', or null when it cannot tell. */
export async function pairDirection(source: string, target: string): Promise<'normal' | 'reversed' | null> {
  if (wordCount(source) < MIN_WORDS || wordCount(target) < MIN_WORDS) return null;
  // franc answers even for text in no language at all (codes, names, "a a a"): a pair is
  // judged only when the function words of at least one side speak.
  if (byFunctionWords(source) === null && byFunctionWords(target) === null) return null;
  const s = await readsAs(source);
  const t = await readsAs(target);
  if (s === 'nl' && t === 'en') return 'normal';
  if (s === 'en' && t === 'nl') return 'reversed';
  return null;
}

/** How many pairs of a file `FileDirection` reads before it decides. */
export const SAMPLE_PAIRS = 400;

/**
 * Which way round a whole file reads, from its first SAMPLE_PAIRS pairs that have enough
 * words on both sides: reversed when more of them read English → Dutch than Dutch → English.
 * `offer` is cheap (it keeps the texts); `verdict` reads them.
 */
export class FileDirection {
  private readonly sample: [string, string][] = [];
  private decided: { normal: number; reversed: number } | null = null;

  /** Keeps a pair for the verdict while the sample is not full. */
  offer(source: string, target: string): void {
    if (this.sample.length >= SAMPLE_PAIRS) return;
    if (wordCount(source) < MIN_WORDS || wordCount(target) < MIN_WORDS) return;
    this.sample.push([source, target]);
  }

  /** True once the sample is full: the verdict will not change. */
  get full(): boolean {
    return this.sample.length >= SAMPLE_PAIRS;
  }

  /** How many sampled pairs read each way. */
  async verdict(): Promise<{ normal: number; reversed: number; reversedFile: boolean }> {
    if (!this.decided || !this.full) {
      let normal = 0;
      let reversed = 0;
      for (const [s, t] of this.sample) {
        const d = await pairDirection(s, t);
        if (d === 'normal') normal++;
        else if (d === 'reversed') reversed++;
      }
      this.decided = { normal, reversed };
    }
    return { ...this.decided, reversedFile: this.decided.reversed > this.decided.normal };
  }
}
