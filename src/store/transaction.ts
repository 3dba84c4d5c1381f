// Transactions belong to the store: only code under src/store/ begins, commits or rolls back.
// A command that makes several store writes one unit of work hands them to writeTransaction
// (or, when the work awaits, to importTransaction in import.ts), so the command says what
// belongs together and the store how it is made all-or-nothing.
import type { Database } from 'better-sqlite3';

/**
 * Runs `work` as one IMMEDIATE write transaction: all of it is stored, or (if it throws) none.
 * Inside a transaction already open it is a savepoint of that one (better-sqlite3 nests them).
 */
export function writeTransaction<T>(db: Database, work: () => T): T {
  return db.transaction(work).immediate();
}
