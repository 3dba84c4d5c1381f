// Bulk import: every unit of one file in one transaction. A structural error anywhere
// rolls the whole file back; a unit that cannot be a pair is skipped and reported.
import type { Database } from 'better-sqlite3';
import type { PairKind } from '../core/types.js';
import { isSkipped, type ReadItem } from '../formats/units.js';
import { saveExtras } from './interchange.js';
import { InputError } from '../core/errors.js';
import { addPair, type AddOutcome } from './pairs.js';

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
    // SQLite may already have rolled back (e.g. on a full disk); the first error is the news.
    try {
      if (db.inTransaction) db.exec('ROLLBACK');
    } catch {
      // nothing was committed either way
    }
    throw err;
  }
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
  // A bulk import touches every index page; a larger page cache (64 MB, for this connection
  // only) keeps them in memory instead of spilling to the write-ahead log mid-transaction.
  const cacheBefore = db.pragma('cache_size', { simple: true }) as number;
  if (cacheBefore > -65536 && cacheBefore < 16384) db.pragma('cache_size = -65536');
  let read = 0;
  {
    for await (const item of items) {
      read++;
      if (onProgress && read % 1000 === 0) onProgress(read);
      if (isSkipped(item)) {
        report.skipped.push({ line: item.line, reason: item.skipped });
        continue;
      }
      let r: AddOutcome;
      try {
        r = addPair(db, {
          kind: item.kind ?? d.kind,
          source: item.source,
          target: item.target,
          status: item.status ?? 'approved',
          by: item.by ?? d.by,
          at: item.at,
          changedBy: item.changedBy,
          changedAt: item.changedAt,
          ref: item.ref ?? d.ref,
          note: item.note,
          tags: [...(d.tags ?? []), ...(item.tags ?? [])],
          usageCount: item.usageCount,
        });
      } catch (err) {
        // A unit that cannot be a pair (an empty side, nothing translated) is skipped, not fatal.
        if (!(err instanceof InputError)) throw err;
        report.skipped.push({ line: item.line, reason: err.detail });
        continue;
      }
      if (r.outcome === 'added') {
        report.imported++;
        saveExtras(db, r.id, item);
      }
      else if (r.outcome === 'duplicate') report.duplicates++;
      else {
        report.skipped.push({
          line: item.line,
          reason: `the same pair is stored as ${r.existingStatus} (#${r.id}); edit #${r.id} to change it`,
        });
      }
    }
  }
  onProgress?.(read);
  return report;
}
