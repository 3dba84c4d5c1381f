// Transactions belong to the store: only code under src/store/ begins, commits or rolls back.
// A command that makes several store writes one unit of work hands them to writeTransaction
// (or, when the work awaits, to asyncTransaction: an import's importTransaction, a desk
// sync's deskTransaction), so the command says what
// belongs together and the store how it is made all-or-nothing.
import type { Database } from 'better-sqlite3';

/**
 * Runs `work` as one IMMEDIATE write transaction: all of it is stored, or (if it throws) none.
 * Inside a transaction already open it is a savepoint of that one (better-sqlite3 nests them).
 */
export function writeTransaction<T>(db: Database, work: () => T): T {
  return db.transaction(work).immediate();
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
