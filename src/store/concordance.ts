// Concordance: every live pair whose source (or target) holds a phrase, newest first — in
// any case anywhere by default, or as whole words and in the case given (core/phrase.ts),
// among the pairs a filter admits.
import type { Database } from 'better-sqlite3';
import type { PairFilter } from '../core/filter.js';
import { phraseNeedle } from '../core/phrase.js';
import type { Pair } from '../core/types.js';
import { filterSql } from './filter.js';
import { getPairs } from './pairs.js';

export interface ConcordanceOptions {
  /** Search the English side instead of the Dutch. */
  target?: boolean;
  limit: number;
  /** Only whole words: "IS" is not in "Islamitische". */
  wholeWord?: boolean;
  /** Only in the case given: "IS" is not "is". */
  matchCase?: boolean;
  filter?: PairFilter;
}

/** Live pairs whose source (or target) holds the phrase, newest first. */
export function concordance(db: Database, phrase: string, o: ConcordanceOptions): Pair[] {
  const col = o.target ? 'target_norm' : 'source_norm';
  const mode = { wholeWord: o.wholeWord ?? false, matchCase: o.matchCase ?? false };
  const { where, args } = filterSql(o.filter);
  const rows = db
    .prepare(
      `SELECT p.id FROM pairs p WHERE p.deleted_at IS NULL AND ntm_phrase(p.${col}, ?, ?)${where.map((w) => ` AND ${w}`).join('')}
       ORDER BY p.approved_at DESC, p.id DESC LIMIT ?`,
    )
    .pluck()
    .all(phraseNeedle(phrase, mode), (mode.wholeWord ? 1 : 0) | (mode.matchCase ? 2 : 0), ...args, o.limit) as number[];
  return getPairs(db, rows);
}
