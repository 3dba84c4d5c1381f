// Word-level differences between a query and a stored source, for display. jsdiff does the
// alignment; we only name the sides in the translator's terms.
import { createRequire } from 'node:module';

// Loaded on first use: a `lookup --json` or a lookup without matches never shows a diff, and
// a cold start should not pay for loading the library.
const load = createRequire(import.meta.url);
let diffLib: typeof import('diff') | undefined;

/** A piece of text: in both, only in the query, or only in the stored source. */
export interface DiffPart {
  text: string;
  side: 'both' | 'query' | 'stored';
}

/** The differences that turn the stored source into the query, word by word. */
export function wordDiff(query: string, stored: string): DiffPart[] {
  diffLib ??= load('diff') as typeof import('diff');
  return diffLib.diffWordsWithSpace(stored, query).map((c) => ({
    text: c.value,
    side: c.added ? 'query' : c.removed ? 'stored' : 'both',
  }));
}
