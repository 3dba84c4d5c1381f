// Whether a TM has changed since a process last looked: what lets a long-lived process (ntm
// serve, a lookup reading many queries) keep things it derived from the TM (the term index,
// what a filter admits) instead of deriving them again per request.
import type { Database, Statement } from 'better-sqlite3';

const changeCounters = new WeakMap<Database, Statement>();

/**
 * A value that differs whenever the TM may have changed: SQLite's data_version (commits by
 * other connections) and this connection's total_changes() (its own writes).
 */
export function changeStamp(db: Database): string {
  let changes = changeCounters.get(db);
  if (!changes) {
    changes = db.prepare('SELECT total_changes()').pluck();
    changeCounters.set(db, changes);
  }
  return `${db.pragma('data_version', { simple: true })}:${changes.get()}`;
}
