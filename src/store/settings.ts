// The TM's own settings (table settings, schema 10), JSON by key. The first: the default
// reference TMs every lookup also searches (`ntm settings also add <file>`). A change is a
// change set of its own (no pairs), so `ntm changes` lists it and `ntm undo` takes it back.
import type { Database } from 'better-sqlite3';
import { NotFoundError } from '../core/errors.js';
import { changeId } from './changes.js';

/** The key of the default reference TMs: a list of absolute file names. */
export const ALSO = 'also';

function read<T>(db: Database, key: string): T | undefined {
  const v = db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck().get(key) as string | undefined;
  return v === undefined ? undefined : (JSON.parse(v) as T);
}

function write(db: Database, key: string, value: unknown): void {
  db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(key, JSON.stringify(value));
}

/** The default reference TMs, in the order added. */
export function referenceTms(db: Database): string[] {
  const v = read<unknown>(db, ALSO);
  return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : [];
}

/** Records a settings change as a change set of its own (for `ntm changes` and undo). */
function record(db: Database, action: 'add' | 'remove', value: string): void {
  db.prepare(`UPDATE change_sets SET detail = json_object('setting', ?, 'action', ?, 'value', ?) WHERE id = ?`).run(ALSO, action, value, changeId(db));
}

/** Adds a default reference TM (an absolute file name); false when it is listed already. Call inside a change set. */
export function addReferenceTm(db: Database, path: string): boolean {
  const list = referenceTms(db);
  if (list.includes(path)) return false;
  write(db, ALSO, [...list, path]);
  record(db, 'add', path);
  return true;
}

/** Removes a default reference TM. Call inside a change set. */
export function removeReferenceTm(db: Database, path: string): void {
  const list = referenceTms(db);
  if (!list.includes(path)) throw new NotFoundError(`${path} is not a default reference TM ("ntm settings also list" names them).`);
  write(
    db,
    ALSO,
    list.filter((p) => p !== path),
  );
  record(db, 'remove', path);
}

/** Reverses a settings change set (its `detail`); false when the detail is no settings change. */
export function undoSetting(db: Database, detail: Record<string, unknown>): boolean {
  if (detail.setting !== ALSO || typeof detail.value !== 'string') return false;
  if (detail.action === 'add') {
    if (referenceTms(db).includes(detail.value)) removeReferenceTm(db, detail.value);
  } else if (detail.action === 'remove') addReferenceTm(db, detail.value);
  else return false;
  return true;
}
