// Backups: a consistent copy of a translation memory taken while others may be writing
// (SQLite's online backup API), and putting one back without losing the current one.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, StoreError, UsageError } from '../core/errors.js';
import { APPLICATION_ID, describeSqliteError } from './open.js';

export interface BackupInfo {
  file: string;
  bytes: number;
  pairs: number;
  schemaVersion: number;
}

/** Copy every page in one step: a step restarts when another process writes in between. */
const ALL_PAGES = { progress: () => 0x7fffffff };

/** Reads what a finished backup holds, after checking it is whole. */
function inspect(file: string, what: string): BackupInfo {
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new InputError(`cannot be opened: ${describeSqliteError(err)}`, what);
  }
  try {
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
      throw new InputError('is not an ntm translation memory (or a backup of one)', what);
    }
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new InputError(`is damaged (${String(check)})`, what);
    return {
      file,
      bytes: statSync(file).size,
      pairs: (db.prepare(`SELECT count(*) AS n FROM pairs WHERE deleted_at IS NULL`).get() as { n: number }).n,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
    };
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot be read: ${describeSqliteError(err)}`, what);
  } finally {
    db.close();
  }
}

/** Makes the finished copy one self-contained file (no -wal beside it) that opens anywhere. */
function seal(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/**
 * Copies the open translation memory to `file`, safely while other processes write to it.
 * The copy is written under a temporary name and renamed into place when it is whole, so
 * `file` is never a half-written backup. Refuses to replace an existing file unless `force`.
 */
export async function backupTo(db: Db, dbPath: string, file: string, o: { force?: boolean } = {}): Promise<BackupInfo> {
  const target = resolve(file);
  if (target === resolve(dbPath)) throw new UsageError('The backup cannot be the translation memory itself; name another file.');
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new UsageError(`${file} is a folder; name a file inside it.`);
    if (!o.force) throw new UsageError(`${file} already exists; choose another name, or add --force to replace it.`);
  }
  if (!existsSync(dirname(target))) throw new UsageError(`The folder of ${file} does not exist.`);
  const partial = `${target}.partial-${process.pid}`;
  try {
    await db.backup(partial, ALL_PAGES);
    seal(partial);
    const info = inspect(partial, file);
    renameSync(partial, target);
    return { ...info, file: target };
  } catch (err) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
    if (err instanceof InputError || err instanceof UsageError) throw err;
    throw new StoreError(`The backup to ${file} failed: ${describeSqliteError(err)}. Nothing was written.`);
  }
}

/** Checks that `file` is a whole ntm backup that this ntm can read, and what it holds. */
export function checkBackup(file: string, knownSchemaVersion: number): BackupInfo {
  if (!existsSync(file)) throw new InputError('no such file', file);
  if (statSync(file).isDirectory()) throw new InputError('is a folder, not a backup file', file);
  const info = inspect(file, file);
  if (info.schemaVersion > knownSchemaVersion) {
    throw new InputError(
      `was written by a newer ntm (schema ${info.schemaVersion}; this ntm knows up to ${knownSchemaVersion}); update ntm first`,
      file,
    );
  }
  return info;
}

/** A file name next to `path` that does not exist yet, stamped with the time. */
export function stampedName(path: string, label: string): string {
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  let name = `${path}.${label}-${stamp}.bak`;
  for (let n = 2; existsSync(name); n++) name = `${path}.${label}-${stamp}-${n}.bak`;
  return name;
}

/**
 * Keeps the translation memory at `path` as it is now in a new file beside it and returns
 * that file (null when there is no database). Uses the online backup where the database
 * is readable, and a byte copy of its files where it is too damaged for that.
 */
export async function keepCurrent(path: string, label: string): Promise<string | null> {
  if (!existsSync(path)) return null;
  const copy = stampedName(path, label);
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      await db.backup(copy, ALL_PAGES);
    } finally {
      db.close();
    }
    seal(copy);
  } catch {
    // Not readable as a database: keep its bytes exactly as they are.
    for (const suffix of ['-journal', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
    copyFileSync(path, copy);
    if (existsSync(path + '-wal')) copyFileSync(path + '-wal', copy + '-wal');
  }
  return copy;
}

/**
 * Puts the backup at `file` in place of the translation memory at `path`. Through SQLite's
 * backup API into the live file, so other ntm processes see either the old or the restored
 * contents, never a mix; where the current file is not a usable database it is replaced
 * as a file instead.
 */
export async function restoreFrom(file: string, path: string): Promise<void> {
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (existsSync(path) && usable(path)) {
      await source.backup(path, ALL_PAGES);
      return;
    }
    const incoming = `${path}.restoring-${process.pid}`;
    try {
      await source.backup(incoming, ALL_PAGES);
      seal(incoming);
      for (const suffix of ['-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
      renameSync(incoming, path);
    } finally {
      for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(incoming + suffix, { force: true });
    }
  } finally {
    source.close();
  }
}

function usable(path: string): boolean {
  try {
    const db = new Database(path, { fileMustExist: true });
    try {
      return db.pragma('quick_check', { simple: true }) === 'ok';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}
