// Fuzzy lookup against the stored sources (or targets with `reverse`): the length window is
// a range scan on an index; every row inside it is scored. Exact in recall by construction.
import type { Database } from 'better-sqlite3';
import { foldCase, norm } from '../core/normalize.js';
import { lengthWindow, rankCandidates, rankExhaustive, type Candidate, type Scored } from '../core/match.js';
import type { Match, Pair } from '../core/types.js';
import { getPairs } from './pairs.js';

export interface LookupOptions {
  min: number;
  limit: number;
  /** Match the English side (en → nl) instead of the Dutch. */
  reverse?: boolean;
}

function candidatesInWindow(db: Database, reverse: boolean, lo: number, hi: number): Iterable<Candidate> {
  const col = reverse ? 'target' : 'source';
  return db
    .prepare(
      `SELECT id, ${col}_norm AS source FROM pairs
       WHERE deleted_at IS NULL AND status = 'approved' AND ${col}_len BETWEEN ? AND ?`,
    )
    .iterate(lo, hi) as Iterable<Candidate>;
}

/** Every live approved source (or target): the input of the exhaustive reference scan. */
export function allCandidates(db: Database, reverse = false): Iterable<Candidate> {
  const col = reverse ? 'target' : 'source';
  return db
    .prepare(`SELECT id, ${col}_norm AS source FROM pairs WHERE deleted_at IS NULL AND status = 'approved'`)
    .iterate() as Iterable<Candidate>;
}

/** The ids and scores of the best matches for a query. */
export function findMatchIds(db: Database, query: string, o: LookupOptions): Scored[] {
  const q = norm(query);
  const { lo, hi } = lengthWindow(q.length, o.min);
  return rankCandidates(q, candidatesInWindow(db, o.reverse ?? false, lo, hi), o);
}

/** The same result computed by scoring every stored text: the reference for recall tests. */
export function findMatchIdsExhaustive(db: Database, query: string, o: LookupOptions): Scored[] {
  return rankExhaustive(norm(query), allCandidates(db, o.reverse ?? false), o);
}

/** The best matches for a query, with their pairs. */
export function findMatches(db: Database, query: string, o: LookupOptions): Match[] {
  const scored = findMatchIds(db, query, o);
  const pairs = new Map(getPairs(db, scored.map((s) => s.id)).map((p) => [p.id, p] as const));
  return scored.flatMap((s) => {
    const pair = pairs.get(s.id);
    return pair ? [{ pair, score: s.score }] : [];
  });
}

export interface ConcordanceOptions {
  /** Search the English side instead of the Dutch. */
  target?: boolean;
  limit: number;
}

/** Live pairs whose source (or target) contains the phrase, case-insensitively, newest first. */
export function concordance(db: Database, phrase: string, o: ConcordanceOptions): Pair[] {
  const col = o.target ? 'target_norm' : 'source_norm';
  const rows = db
    .prepare(
      `SELECT id FROM pairs WHERE deleted_at IS NULL AND ntm_contains(${col}, ?)
       ORDER BY approved_at DESC, id DESC LIMIT ?`,
    )
    .all(foldCase(norm(phrase)), o.limit) as { id: number }[];
  return getPairs(
    db,
    rows.map((r) => r.id),
  );
}

export interface Stats {
  pairs: number;
  segments: number;
  terms: number;
  approved: number;
  forbidden: number;
  deleted: number;
  conflicts: number;
  schemaVersion: number;
}

/** Dutch segments with more than one approved English (terms may have several by design). */
export function countConflicts(db: Database): number {
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM (SELECT 1 FROM pairs
         WHERE deleted_at IS NULL AND status = 'approved' AND kind = 'segment'
         GROUP BY source_norm HAVING count(*) > 1)`,
      )
      .get() as { n: number }
  ).n;
}

/** Counts for `ntm stats`. */
export function stats(db: Database): Stats {
  const row = db
    .prepare(
      `SELECT
         count(*) FILTER (WHERE deleted_at IS NULL) AS pairs,
         count(*) FILTER (WHERE deleted_at IS NULL AND kind = 'segment') AS segments,
         count(*) FILTER (WHERE deleted_at IS NULL AND kind = 'term') AS terms,
         count(*) FILTER (WHERE deleted_at IS NULL AND status = 'approved') AS approved,
         count(*) FILTER (WHERE deleted_at IS NULL AND status = 'forbidden') AS forbidden,
         count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted
       FROM pairs`,
    )
    .get() as Omit<Stats, 'conflicts' | 'schemaVersion'>;
  const conflicts = countConflicts(db);
  return { ...row, conflicts, schemaVersion: db.pragma('user_version', { simple: true }) as number };
}
