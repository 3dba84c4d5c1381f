// What a translation memory holds, in counts: `ntm stats`, and the conflicts `ntm doctor` reports.
import type { Database } from 'better-sqlite3';

export interface Stats {
  pairs: number;
  segments: number;
  terms: number;
  approved: number;
  /** Waiting for a reviewer ("ntm review"). */
  proposed: number;
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
         count(*) FILTER (WHERE deleted_at IS NULL AND status = 'proposed') AS proposed,
         count(*) FILTER (WHERE deleted_at IS NULL AND status = 'forbidden') AS forbidden,
         count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted
       FROM pairs`,
    )
    .get() as Omit<Stats, 'conflicts' | 'schemaVersion'>;
  const conflicts = countConflicts(db);
  return { ...row, conflicts, schemaVersion: db.pragma('user_version', { simple: true }) as number };
}
