// Which side of a multilingual file is the Dutch and which the English. Codes match by their
// primary subtag, ignoring case and `_` vs `-`; the user may choose other codes
// (--source-lang/--target-lang). A file with no unit in the source language, or none with
// both languages, is refused as a whole rather than imported the wrong way round.
import { InputError } from '../core/errors.js';

/** The two languages an import pairs: source (ntm's Dutch side) and target (English side). */
export interface LanguagePair {
  source: string;
  target: string;
}

export const DEFAULT_LANGUAGES: LanguagePair = { source: 'nl', target: 'en' };

const NAMES: Record<string, string> = { nl: 'Dutch', en: 'English' };

/** "Dutch (nl)" for the codes users know by name, else the code itself. */
export function languageName(code: string): string {
  const p = primary(code);
  return NAMES[p] ? `${NAMES[p]} (${code})` : code;
}

/** The primary language subtag of a code, lower case. */
export function primary(code: string): string {
  return code.trim().split(/[-_]/)[0]!.toLowerCase();
}

/** True when two codes name the same language (nl = nl-NL = NL-be = nl_NL). */
export function sameLanguage(code: string | undefined, wanted: string): boolean {
  return code !== undefined && code.trim() !== '' && primary(code) === primary(wanted);
}

/** Of several candidates, the one whose code is exactly `wanted`, else the first of its language. */
export function pickLanguage<T>(items: readonly T[], codeOf: (t: T) => string | undefined, wanted: string): T | undefined {
  const exact = (c: string | undefined) => c !== undefined && c.trim().toLowerCase().replace('_', '-') === wanted.toLowerCase().replace('_', '-');
  return items.find((t) => exact(codeOf(t))) ?? items.find((t) => sameLanguage(codeOf(t), wanted));
}

/** Counts what a file holds, so that the end of the file can refuse it with a precise reason. */
export class LanguageTally {
  private seen = new Set<string>();
  units = 0;
  withSource = 0;
  withBoth = 0;

  constructor(
    private readonly langs: LanguagePair,
    private readonly file: string,
    /** A draft (check, approve) rather than an import: the refusals say so. */
    private readonly draft = false,
  ) {}

  /** Records the language codes of one unit. */
  saw(codes: Iterable<string | undefined>): void {
    this.units++;
    for (const c of codes) if (c && this.seen.size < 12) this.seen.add(c.trim());
  }

  /** Throws when the file as a whole cannot be a source→target import. */
  check(): void {
    if (this.units === 0) throw new InputError(`holds no translation units; nothing ${this.draft ? 'to read' : 'imported'}`, this.file);
    const found = this.seen.size ? [...this.seen].join(', ') : 'none given';
    const choose = this.draft
      ? `a draft is ${languageName(this.langs.source)} → ${languageName(this.langs.target)}`
      : 'nothing imported (choose other languages with --source-lang and --target-lang)';
    if (this.withSource === 0) {
      throw new InputError(
        `has no ${languageName(this.langs.source)} text in any of its ${this.units} unit${this.units === 1 ? '' : 's'} (its languages: ${found}); ${choose}`,
        this.file,
      );
    }
    if (this.withBoth === 0) {
      throw new InputError(
        `has ${languageName(this.langs.source)} text but no ${languageName(this.langs.target)} in any unit (its languages: ${found}); ${choose}`,
        this.file,
      );
    }
  }
}
