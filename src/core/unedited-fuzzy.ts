// unedited-fuzzy: a segment whose English is still the fuzzy (< 100 %) suggestion pretranslate
// filled in. Approving it would store the stored pair's English for a sentence that differs
// ("code rood" with the English of "code oranje"), and the next lookup would offer that at
// 100 %. What was filled in is known from the draft (the stored pair's English in tm_en or
// the XLIFF alt-trans, with its numbers adapted as pretranslate adapts them) or, where a
// spreadsheet or CAT tool dropped that, from the stored pair named by tm_id. The text
// decides, not a status: a CAT tool that confirms a segment without a change leaves it the
// suggestion. Only when no suggested text is known at all does an XLIFF target still in the
// state pretranslate wrote (needs-review-translation) count as unedited.
import { adaptNumbers } from './adapt-numbers.js';
import type { DraftFill, DraftUnit } from './draft.js';
import { norm } from './normalize.js';

/** What a segment was filled with from a fuzzy match, as far as the draft and the TM tell. */
export interface FuzzySuggestion {
  score: number | null;
  pairId: number | null;
  /** The English pretranslate may have filled in, normalised (as stored, and with numbers adapted). */
  texts: string[];
  /** XLIFF: the target is still in the state pretranslate wrote. */
  unconfirmed: boolean;
}

/** True when the draft says the segment was filled from a fuzzy match. */
export function filledFromFuzzy(fill: DraftFill | undefined): boolean {
  if (!fill) return false;
  if (fill.match !== undefined && fill.match !== '') return fill.match === 'fuzzy' || fill.match === 'adapted';
  if (fill.stateQualifier === 'fuzzy-match') return true;
  return fill.score !== undefined && fill.score < 100 && fill.pairTarget !== undefined;
}

/**
 * The fuzzy suggestion a draft segment was filled with, or null when it was not filled from
 * a fuzzy match. `stored` is the pair the draft names (tm_id), as the TM holds it now.
 */
export function fuzzySuggestion(unit: DraftUnit, stored?: { source: string; target: string }): FuzzySuggestion | null {
  const fill = unit.fill;
  if (!filledFromFuzzy(fill)) return null;
  const texts = new Set<string>();
  const offer = (source: string | undefined, target: string | undefined): void => {
    if (target === undefined || norm(target) === '') return;
    texts.add(norm(target));
    if (source !== undefined) {
      const adapted = adaptNumbers(unit.source, source, target);
      if (adapted?.kind === 'adapted') texts.add(norm(adapted.target));
    }
  };
  offer(fill!.pairSource, fill!.pairTarget);
  if (stored) offer(stored.source, stored.target);
  return {
    score: fill!.score ?? null,
    pairId: fill!.pairId ?? null,
    texts: [...texts],
    unconfirmed: fill!.state === 'needs-review-translation',
  };
}

/** True when a segment's English (normalised) is still its fuzzy suggestion. */
export function isUneditedFuzzy(target: string, s: FuzzySuggestion): boolean {
  if (target === '') return false;
  if (s.texts.length > 0) return s.texts.includes(target);
  return s.unconfirmed;
}

/** The message of an unedited-fuzzy issue. */
export function uneditedFuzzyMessage(s: FuzzySuggestion): string {
  const score = s.score !== null ? `${s.score} % ` : '';
  const from = s.pairId !== null ? ` (from #${s.pairId})` : '';
  return (
    `The English is still the ${score}fuzzy suggestion pretranslate filled in${from}, unedited: it translates a different sentence. ` +
    'Edit it, or approve it as it is with --accept-fuzzy.'
  );
}
