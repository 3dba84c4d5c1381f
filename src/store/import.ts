// Bulk import: every unit of one file in one transaction. A structural error anywhere
// rolls the whole file back; a unit that cannot be a pair is skipped and reported.
//
// A newsroom TM takes hundreds of thousands of pairs in one import, so the loop does the
// least per pair: one insert; the fuzzy-match index is built in memory as pairs come and
// written in large batches, and the 'add' history rows are written at the end, in bulk. When an import is at least as large as the table it
// goes into, the non-unique indexes on pairs are dropped for its duration and built again
// at the end: sorting once is much cheaper than a million scattered index updates. All of it
// is inside the caller's transaction, so a failure restores every index as it was.
import type { Database } from 'better-sqlite3';
import { norm } from '../core/normalize.js';
import type { PairKind } from '../core/types.js';
import { isSkipped, type ReadItem } from '../formats/units.js';
import { IndexBuild, indexState, syncMatchIndex } from './match-index.js';
import { insertPair, invalidNormalizedReason, now, recordAdds } from './pairs.js';

export interface ImportDefaults {
  kind: PairKind;
  by: string;
  ref?: string;
  tags?: string[];
}

export interface ImportReport {
  imported: number;
  duplicates: number;
  skipped: { line: number; reason: string }[];
}

/**
 * Runs an async unit of work as one IMMEDIATE transaction: committed when it returns,
 * rolled back when it throws. (better-sqlite3's own transactions cannot span an await.)
 */
export async function asyncTransaction<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

/**
 * An import rebuilds the secondary indexes once it has added this many pairs, or an eighth
 * of the table if that is more: from there on, rebuilding (a sort of the whole table) costs
 * less than updating them pair by pair, and never more than twice what either would.
 */
const BULK_IMPORT = 2000;
/** SQLite page cache during an import, in KiB: the unique index stays in memory. */
const IMPORT_CACHE_KIB = 256 * 1024;

/** Non-unique indexes on pairs (with the SQL that makes them), which an import can rebuild. */
function secondaryIndexes(db: Database): { name: string; sql: string }[] {
  return db
    .prepare(
      `SELECT name, sql FROM sqlite_schema
       WHERE type = 'index' AND tbl_name = 'pairs' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`,
    )
    .all() as { name: string; sql: string }[];
}

/**
 * Adds every unit; call inside `asyncTransaction` so that a file is imported whole or not
 * at all. `onProgress` is called now and then with the number of units read.
 */
export async function importUnits(
  db: Database,
  items: AsyncIterable<ReadItem> | Iterable<ReadItem>,
  d: ImportDefaults,
  onProgress?: (read: number) => void,
): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, duplicates: 0, skipped: [] };
  const lastIdBefore = db.prepare(`SELECT coalesce(max(id), 0) FROM pairs`).pluck().get() as number;
  const rowsBefore = db.prepare(`SELECT count(*) FROM pairs`).pluck().get() as number;
  const cacheBefore = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  const at = now();
  const defaultTags = d.tags ?? [];
  // The lookup index takes the new pairs as they come, so it must cover all older ones.
  syncMatchIndex(db, { force: true });
  const covered = indexState(db).through;
  const build = new IndexBuild(db);
  let dropped: { name: string; sql: string }[] = [];
  let read = 0;
  try {
    for await (const item of items) {
      read++;
      if (onProgress && read % 5000 === 0) onProgress(read);
      if (isSkipped(item)) {
        report.skipped.push({ line: item.line, reason: item.skipped });
        continue;
      }
      const sourceNorm = norm(item.source);
      const targetNorm = norm(item.target);
      const reason = invalidNormalizedReason(sourceNorm, targetNorm);
      if (reason) {
        report.skipped.push({ line: item.line, reason });
        continue;
      }
      const r = insertPair(
        db,
        {
          kind: item.kind ?? d.kind,
          source: item.source,
          target: item.target,
          status: item.status ?? 'approved',
          by: item.by ?? d.by,
          ref: item.ref ?? d.ref,
          note: item.note,
          tags: item.tags ? [...defaultTags, ...item.tags] : defaultTags,
          usageCount: item.usageCount,
        },
        sourceNorm,
        targetNorm,
        item.at ?? at,
      );
      if (r.outcome === 'added') {
        report.imported++;
        // Pairs below the mark (after pairs at the top were removed) reach it through
        // match_pending instead; forbidden renderings are never matched.
        if (r.id > covered && (item.status ?? 'approved') === 'approved') build.add(r.id, sourceNorm, targetNorm);
        if (report.imported === Math.max(BULK_IMPORT, Math.ceil(rowsBefore / 8)) && db.inTransaction && dropped.length === 0) {
          dropped = secondaryIndexes(db);
          for (const ix of dropped) db.exec(`DROP INDEX "${ix.name.replace(/"/g, '""')}"`);
        }
      } else if (r.outcome === 'duplicate') report.duplicates++;
      else {
        report.skipped.push({
          line: item.line,
          reason: `the same pair is stored as ${r.existingStatus} (#${r.id}); edit #${r.id} to change it`,
        });
      }
    }
    for (const ix of dropped) db.exec(ix.sql);
    dropped = [];
    recordAdds(db, lastIdBefore);
    build.finish(db.prepare(`SELECT coalesce(max(id), 0) FROM pairs`).pluck().get() as number);
    syncMatchIndex(db);
  } finally {
    db.pragma(`cache_size = ${cacheBefore}`);
  }
  onProgress?.(read);
  return report;
}
