// The local side of the desk link: which desk this TM has joined, and what waits to be
// pushed. SQLite only; the conversation with the server lives in src/desk/.
import type { Database } from 'better-sqlite3';

/** The desk this TM has joined. */
export interface DeskLink {
  url: string;
  label: string;
  deskId: string;
  login: string;
  role: 'desk' | 'translator';
  joinedAt: string;
  lastSeq: number;
  lastSyncAt: string | null;
  lastTryAt: string | null;
  lastError: string | null;
  historyFloor: number;
}

interface LinkRow {
  url: string;
  label: string;
  desk_id: string;
  login: string;
  role: 'desk' | 'translator';
  joined_at: string;
  last_seq: number;
  last_sync_at: string | null;
  last_try_at: string | null;
  last_error: string | null;
  history_floor: number;
}

/** The desk this TM has joined, or null. */
export function deskLink(db: Database): DeskLink | null {
  const r = db.prepare(`SELECT * FROM desk WHERE id = 1`).get() as LinkRow | undefined;
  if (!r) return null;
  return {
    url: r.url,
    label: r.label,
    deskId: r.desk_id,
    login: r.login,
    role: r.role,
    joinedAt: r.joined_at,
    lastSeq: r.last_seq,
    lastSyncAt: r.last_sync_at,
    lastTryAt: r.last_try_at,
    lastError: r.last_error,
    historyFloor: r.history_floor,
  };
}

/** Records the link to a desk (a join); the history written so far stays this TM's own. */
export function saveDeskLink(db: Database, link: Omit<DeskLink, 'lastSyncAt' | 'lastTryAt' | 'lastError' | 'historyFloor'>): void {
  const floor = (db.prepare(`SELECT coalesce(max(id), 0) FROM pair_history`).pluck().get() as number) ?? 0;
  db.prepare(
    `INSERT INTO desk (id, url, label, desk_id, login, role, joined_at, last_seq, last_sync_at, history_floor)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(link.url, link.label, link.deskId, link.login, link.role, link.joinedAt, link.lastSeq, link.joinedAt, floor);
}

/** Updates who this TM logs in as and the role the server gives them. */
export function updateDeskRole(db: Database, login: string, role: 'desk' | 'translator'): void {
  db.prepare(`UPDATE desk SET login = ?, role = ? WHERE id = 1`).run(login, role);
}

/** Notes a sync attempt: when, and the one-line reason it failed (null when it worked). */
export function recordSyncAttempt(db: Database, at: string, error: string | null): void {
  if (error === null) db.prepare(`UPDATE desk SET last_try_at = ?, last_sync_at = ?, last_error = NULL WHERE id = 1`).run(at, at);
  else db.prepare(`UPDATE desk SET last_try_at = ?, last_error = ? WHERE id = 1`).run(at, error);
}

/** True when the TM holds no pair at all (live or deleted): a join may fill it. */
export function tmIsEmpty(db: Database): boolean {
  return db.prepare(`SELECT 1 FROM pairs LIMIT 1`).get() === undefined;
}

/** How many of this TM's changes wait for the desk: sealed change sets and unsealed history rows. */
export function pendingChanges(db: Database): { changeSets: number; unsealed: number } {
  const link = deskLink(db);
  if (!link) return { changeSets: 0, unsealed: 0 };
  const changeSets = db.prepare(`SELECT count(*) FROM desk_changes WHERE state = 'pending'`).pluck().get() as number;
  const unsealed = db
    .prepare(
      `SELECT count(*) FROM pair_history h WHERE h.id > ? AND NOT EXISTS (SELECT 1 FROM desk_history d WHERE d.history_id = h.id)`,
    )
    .pluck()
    .get(link.historyFloor) as number;
  return { changeSets, unsealed };
}
