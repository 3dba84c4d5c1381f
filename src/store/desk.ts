// The local side of the desk link: which desk this TM has joined, the role the server gives
// its user, which change sets wait to be pushed, and the one transaction a sync runs in.
// SQLite only; the conversation with the server lives in src/desk/.
import type { Database } from 'better-sqlite3';
import { asyncTransaction } from './transaction.js';

/** The role the desk's server gives this TM's login. */
export type DeskRole = 'desk' | 'translator';

/** The desk this TM has joined. */
export interface DeskLink {
  url: string;
  label: string;
  deskId: string;
  login: string;
  role: DeskRole;
  joinedAt: string;
  lastSeq: number;
  lastSyncAt: string | null;
  lastTryAt: string | null;
  lastError: string | null;
  changeFloor: number;
}

interface LinkRow {
  url: string;
  label: string;
  desk_id: string;
  login: string;
  role: DeskRole;
  joined_at: string;
  last_seq: number;
  last_sync_at: string | null;
  last_try_at: string | null;
  last_error: string | null;
  change_floor: number;
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
    changeFloor: r.change_floor,
  };
}

/** The role the desk gives this TM's user, or null when the TM has not joined a desk. */
export function deskRole(db: Database): { role: DeskRole; login: string; label: string } | null {
  const r = db.prepare(`SELECT role, login, label FROM desk WHERE id = 1`).get() as { role: DeskRole; login: string; label: string } | undefined;
  return r ?? null;
}

/** Records the link to a desk (a join); change sets made before it stay this TM's own. */
export function saveDeskLink(db: Database, link: Omit<DeskLink, 'lastSyncAt' | 'lastTryAt' | 'lastError' | 'changeFloor'>): void {
  const floor = db.prepare(`SELECT coalesce(max(id), 0) FROM change_sets`).pluck().get() as number;
  db.prepare(
    `INSERT INTO desk (id, url, label, desk_id, login, role, joined_at, last_seq, last_sync_at, change_floor)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(link.url, link.label, link.deskId, link.login, link.role, link.joinedAt, link.lastSeq, link.joinedAt, floor);
}

/** Points the link at another address of the same desk. */
export function moveDeskLink(db: Database, url: string, label: string): void {
  db.prepare(`UPDATE desk SET url = ?, label = ? WHERE id = 1`).run(url, label);
}

/** Updates who this TM logs in as and the role the server gives them. */
export function updateDeskRole(db: Database, login: string, role: DeskRole): void {
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

/** How many pairs are live in the TM. */
export function livePairCount(db: Database): number {
  return db.prepare(`SELECT count(*) FROM pairs WHERE deleted_at IS NULL`).pluck().get() as number;
}

/** The change sets made here since the join that the desk has not placed yet, oldest first. */
export function pendingChangeIds(db: Database): number[] {
  const link = deskLink(db);
  if (!link) return [];
  return db
    .prepare(`SELECT c.id FROM change_sets c WHERE c.id > ? AND NOT EXISTS (SELECT 1 FROM desk_changes d WHERE d.change_id = c.id) ORDER BY c.id`)
    .pluck()
    .all(link.changeFloor) as number[];
}

/** How many change sets made here wait for the desk. */
export function pendingCount(db: Database): number {
  return pendingChangeIds(db).length;
}

/**
 * Runs `work` (which awaits the network) as one IMMEDIATE transaction: a sync or a join
 * commits all it did or, when it fails or the process dies, none of it. Other writers wait
 * meanwhile (their busy timeout); readers go on.
 */
export function deskTransaction<T>(db: Database, work: () => Promise<T>): Promise<T> {
  return asyncTransaction(db, work);
}

/** Writes `fn`'s changes to the desk tables as one small transaction of its own. */
export function deskWrite<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/** The notices not yet shown, now marked shown. Call inside a write transaction. */
export function takeNotices(db: Database): { kind: 'replaced' | 'refused'; detail: Record<string, unknown> }[] {
  const rows = db.prepare(`SELECT kind, detail FROM desk_notices WHERE reported = 0 ORDER BY id`).all() as { kind: 'replaced' | 'refused'; detail: string }[];
  db.prepare(`UPDATE desk_notices SET reported = 1 WHERE reported = 0`).run();
  return rows.map((r) => ({ kind: r.kind, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

/** Keeps a notice for the user's next sync. */
export function addNotice(db: Database, at: string, kind: 'replaced' | 'refused', detail: Record<string, unknown>): void {
  db.prepare(`INSERT INTO desk_notices (at, kind, detail) VALUES (?, ?, ?)`).run(at, kind, JSON.stringify(detail));
}
