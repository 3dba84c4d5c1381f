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
  let st = changeCounters.get(db);
  if (!st) {
    // One statement, prepared once: a server asks this on every request.
    st = db.prepare('SELECT (SELECT data_version FROM pragma_data_version) AS v, total_changes() AS c').raw();
    changeCounters.set(db, st);
  }
  const [v, c] = st.get() as [number, number];
  return `${v}:${c}`;
}
