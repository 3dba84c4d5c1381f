// Word-level differences between a query and a stored source, for display. jsdiff does the
// alignment; we only name the sides in the translator's terms.
import { diffWordsWithSpace } from 'diff';

/** A piece of text: in both, only in the query, or only in the stored source. */
export interface DiffPart {
  text: string;
  side: 'both' | 'query' | 'stored';
}

/** The differences that turn the stored source into the query, word by word. */
export function wordDiff(query: string, stored: string): DiffPart[] {
  return diffWordsWithSpace(stored, query).map((c) => ({
    text: c.value,
    side: c.added ? 'query' : c.removed ? 'stored' : 'both',
  }));
}
