// A draft: the bilingual table a translator edits between pretranslate and approve. Rows come
// out of pretranslate with where their wording came from; units go back in with approve.
import { norm } from './normalize.js';

/** How a draft row got its English: from a 100 % match, a fuzzy match (numbers adapted or
 *  not), nothing, or a copy of a segment that is not translated (a link, a date stamp). */
export type DraftMatch = 'exact' | 'fuzzy' | 'adapted' | 'none' | 'copy';

/** One row of a draft as pretranslate writes it. */
export interface DraftRow {
  segment: number;
  paragraph: number;
  source: string;
  target: string;
  score: number | null;
  match: DraftMatch;
  /** The stored pair the target came from. */
  pairId: number | null;
  /** That pair's Dutch, for fuzzy matches: what the translator compares the segment with. */
  pairSource: string | null;
  note: string;
}

/** One unit of a draft as approve (and check) reads it back. */
export interface DraftUnit {
  /** 1-based, in file order (SPEC: segments are numbered from 1 in file order). */
  segment: number;
  /** Line in the file, for messages. */
  line: number;
  source: string;
  target: string;
}

/** A finding about a draft, in the shape of `ntm check` issues (SPEC). */
export interface DraftIssue {
  kind: string;
  segment: number;
  message: string;
  [detail: string]: unknown;
}

/**
 * Segments with the same Dutch (after norm) as an earlier one but different English: one
 * `inconsistent-target` issue per later occurrence. Empty targets are not translations yet.
 */
export function inconsistentTargets(units: readonly DraftUnit[]): DraftIssue[] {
  const first = new Map<string, DraftUnit>();
  const issues: DraftIssue[] = [];
  for (const u of units) {
    const target = norm(u.target);
    if (target === '') continue;
    const key = norm(u.source);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, u);
      continue;
    }
    if (norm(earlier.target) !== target) {
      issues.push({
        kind: 'inconsistent-target',
        segment: u.segment,
        expected: [earlier.target],
        found: u.target,
        message: `the same Dutch as segment ${earlier.segment} is translated differently: "${u.target}" here, "${earlier.target}" there`,
      });
    }
  }
  return issues;
}
