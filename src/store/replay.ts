// A change set's rows as another TM needs them to replay or reverse it (a shared desk TM, a
// later `ntm sync`): each history row with both sides of the pair filled in. Rows that only
// add a pair or mark it deleted or restored keep no copy of it when written in bulk (an
// import would grow by a third): they do not change its texts, so the pair as it was then is
// the `after` of its last edit before the row, or, before any edit, the `before` of its first
// edit, or, with no edit at all, the pair as it is now.
import type { Database } from 'better-sqlite3';
import { getPair, snapshot } from './pairs.js';

type Snapshot = Record<string, unknown>;

/** One history row of a change set, complete. */
export interface ReplayRow {
  history: number;
  pair: number;
  action: 'add' | 'edit' | 'delete' | 'restore';
  at: string;
  by: string;
  before: Snapshot | null;
  after: Snapshot | null;
}

interface Row {
  id: number;
  pair_id: number;
  change_id: number | null;
  action: ReplayRow['action'];
  at: string;
  by: string;
  before: string | null;
  after: string | null;
}

/** Every history row of change set `id`, oldest first, each with the pair before and after it. */
export function replayRows(db: Database, id: number): ReplayRow[] {
  const rows = db
    .prepare(
      `SELECT id, pair_id, change_id, action, at, by, before, after FROM pair_history
       WHERE pair_id IN (SELECT pair_id FROM pair_history WHERE change_id = ?) ORDER BY pair_id, id`,
    )
    .all(id) as Row[];
  const out: ReplayRow[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j]!.pair_id === rows[i]!.pair_id) j++;
    const history = rows.slice(i, j);
    const firstEdit = history.find((r) => r.action === 'edit' && r.before !== null);
    let state: Snapshot | null = firstEdit ? (JSON.parse(firstEdit.before!) as Snapshot) : (JSON.parse(snapshot(getPair(db, history[0]!.pair_id))) as Snapshot);
    for (const r of history) {
      const before: Snapshot | null = r.before !== null ? (JSON.parse(r.before) as Snapshot) : r.action === 'add' ? null : state;
      const after: Snapshot | null = r.after !== null ? (JSON.parse(r.after) as Snapshot) : r.action === 'delete' ? null : state;
      if (r.action === 'edit' && after) state = after;
      if (r.change_id === id) out.push({ history: r.id, pair: r.pair_id, action: r.action, at: r.at, by: r.by, before, after });
    }
    i = j;
  }
  return out.sort((a, b) => a.history - b.history);
}
