// Backups: a consistent copy of a translation memory taken while others may be writing
// (SQLite's online backup API), and putting one back without losing the current one.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, StoreError, UsageError } from '../core/errors.js';
import { putInPlace, removeWithJournals, resolveTarget, syncToDisk, writeWhole } from './files.js';
import { APPLICATION_ID, describeSqliteError, openStore, type OpenOptions } from './open.js';

export interface BackupInfo {
  file: string;
  bytes: number;
  pairs: number;
  schemaVersion: number;
}

/** Copy every page in one step: a step restarts when another process writes in between. */
const ALL_PAGES = { progress: () => 0x7fffffff };

/** An error that reads as SQLite's "busy" (exit 2, "try again in a moment"). */
function busy(): Error {
  return Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
}

/**
 * Copies the database open in `db` into the new file `dest` with the online backup API.
 * A first step that finds the source locked reports nothing copied and nothing remaining
 * (better-sqlite3 then resolves as if done): that is a failure here, never a copy.
 */
async function copyDatabase(db: Db, dest: string): Promise<void> {
  const progress = await db.backup(dest, ALL_PAGES);
  if (progress.totalPages === 0 || progress.remainingPages !== 0) throw busy();
}

/** Reads what a finished backup holds, after checking it is whole. */
function inspect(file: string, what: string): BackupInfo {
  // A copy cut off while it was written (by ntm before it wrote under temporary names, or by
  // cp) has the rollback journal of its last write beside it.
  const cutOff = existsSync(`${file}-journal`);
  const damaged = (why: string): InputError =>
    new InputError(
      cutOff
        ? `is damaged: it was cut off while it was being written (${file}-journal lies beside it); use another backup`
        : `is damaged (${why}); use another backup`,
      what,
    );
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    if (cutOff) throw damaged('');
    throw new InputError(`cannot be opened: ${describeSqliteError(err)}`, what);
  }
  try {
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) {
      throw new InputError('is not an ntm translation memory (or a backup of one)', what);
    }
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw damaged(String(check));
    return {
      file,
      bytes: statSync(file).size,
      pairs: (db.prepare(`SELECT count(*) AS n FROM pairs WHERE deleted_at IS NULL`).get() as { n: number }).n,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
    };
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (cutOff || code.startsWith('SQLITE_CORRUPT')) throw damaged(describeSqliteError(err));
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
  // --force writes through a symbolic link and keeps the replaced file's permissions.
  const dest = resolveTarget(target, o.force === true, (why) => new UsageError(`${file} ${why}.`));
  let info: BackupInfo | undefined;
  try {
    await writeWhole(dest.path, async (partial) => {
      await copyDatabase(db, partial);
      seal(partial);
      info = inspect(partial, file);
      if (dest.mode !== undefined) chmodSync(partial, dest.mode);
    });
    return { ...info!, file: target };
  } catch (err) {
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
    throw new InputError(`was written by a newer ntm (schema ${info.schemaVersion}; this ntm knows up to ${knownSchemaVersion}); update ntm first`, file);
  }
  return info;
}

/** A file name next to `path` that does not exist yet, stamped with the time. */
export function stampedName(path: string, label: string): string {
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  let name = `${path}.${label}-${stamp}.bak`;
  for (let n = 2; existsSync(name); n++) name = `${path}.${label}-${stamp}-${n}.bak`;
  return name;
}

/** Copies the database at `path` as it is now (through a reader) to a new kept copy beside it. */
async function keepCopy(path: string, label: string): Promise<string> {
  return writeWhole(stampedName(path, label), async (partial) => {
    const reader = new Database(path, { readonly: true, fileMustExist: true });
    try {
      await copyDatabase(reader, partial);
    } finally {
      reader.close();
    }
    seal(partial);
  });
}

export interface RestoreOptions {
  /** How long to wait for another writer (milliseconds), as every command does. */
  busyTimeoutMs?: number;
  /** Told about things the user should know (an upgrade of the current TM on the way). */
  onNotice?: (message: string) => void;
  /** Called at the moments that must be safe to be killed at (crash tests). */
  onStep?: (name: string) => void;
}

export interface RestoreReport {
  /** The copy of the translation memory as it was before, or null when there was none. */
  kept: string | null;
  /** Live pairs in the restored translation memory. */
  pairs: number;
}

/**
 * Puts the backup at `file` in place of the translation memory at `path`, keeping the
 * current one in a `before-restore` copy beside it. The backup is first copied and upgraded
 * to this ntm's schema privately. Into a usable translation memory it is then written in one
 * write transaction that also covers taking the kept copy: every write that committed
 * before the restore is in the kept copy, every later one lands in the restored TM, and other
 * processes read the old or the new contents, never a mix. A writer in the way is waited for
 * as any writer is (the busy timeout); after that the restore gives up, having changed nothing.
 */
export async function restoreBackup(file: string, path: string, o: RestoreOptions = {}): Promise<RestoreReport> {
  const staging = `${path}.restoring-${process.pid}`;
  const storeOptions: OpenOptions = { create: false, busyTimeoutMs: o.busyTimeoutMs, onNotice: o.onNotice, onStep: o.onStep };
  // The first restore on a new machine: the TM's folder may not exist yet.
  mkdirSync(dirname(path), { recursive: true });
  try {
    const source = new Database(file, { readonly: true, fileMustExist: true });
    try {
      await copyDatabase(source, staging);
    } finally {
      source.close();
    }
    openStore(staging, { create: false, copyBeforeUpgrade: false }).close();
    o.onStep?.('restore:staged');
    const pairs = countPairs(staging);
    if (!existsSync(path) && placeNew(staging, path)) return { kept: null, pairs };
    if (!usable(path)) return { kept: await replaceFile(staging, path), pairs };
    return { kept: await restoreInPlace(staging, path, storeOptions, o), pairs };
  } finally {
    removeWithJournals(staging);
  }
}

function countPairs(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT count(*) FROM pairs WHERE deleted_at IS NULL`).pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Gives the staged copy the TM's name if nothing has it yet (false when something does). */
function placeNew(staging: string, path: string): boolean {
  syncToDisk(staging);
  try {
    // A link, not a rename: it never replaces a TM another ntm created a moment ago.
    linkSync(staging, path);
  } catch (err) {
    if ((err as { code?: string }).code === 'EEXIST') return false;
    throw err;
  }
  syncToDisk(dirname(path));
  return true;
}

/**
 * A TM file that is not a whole ntm translation memory (damaged, or not one at all) cannot
 * take a transaction: its bytes are kept as they are, and the staged copy takes its name.
 */
async function replaceFile(staging: string, path: string): Promise<string> {
  const kept = await writeWhole(stampedName(path, 'before-restore'), (partial) => copyFileSync(path, partial));
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${kept}-wal`);
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
  putInPlace(staging, path);
  return kept;
}

async function restoreInPlace(staging: string, path: string, storeOptions: OpenOptions, o: RestoreOptions): Promise<string> {
  const store = openStore(path, storeOptions);
  const { db } = store;
  let kept: string | null = null;
  try {
    // Tables are dropped and made again whole; their foreign keys hold in the backup.
    db.pragma('foreign_keys = OFF');
    db.prepare(`ATTACH DATABASE ? AS restored`).run(staging);
    db.exec('BEGIN IMMEDIATE');
    let committing = false;
    try {
      o.onStep?.('restore:locked');
      const generation = matchGeneration(db);
      // Under the write lock, so no write can fall between this copy and the restore.
      kept = await keepCopy(path, 'before-restore');
      o.onStep?.('restore:kept');
      replaceContents(db, generation);
      o.onStep?.('restore:replaced');
      committing = true;
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      // Nothing was restored: the kept copy is the TM as it still is.
      if (kept && !committing) removeWithJournals(kept);
      throw err;
    }
    return kept;
  } finally {
    store.close();
  }
}

/** The lookup index's generation in the live TM (0 if it has none). */
function matchGeneration(db: Db): number {
  const has = db.prepare(`SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = 'match_state'`).get();
  return has ? ((db.prepare(`SELECT max(generation) FROM main.match_state`).pluck().get() as number | null) ?? 0) : 0;
}

interface SchemaObject {
  type: 'table' | 'index' | 'trigger' | 'view';
  name: string;
  sql: string;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Replaces everything in the TM (schema "main") with the attached "restored" database, inside
 * the caller's transaction: tables dropped, made again from the backup's schema, filled with
 * its rows (ids kept), then its indexes, triggers and views. The lookup index's generation
 * becomes higher than both the live one and the backup's, so a process that cached posting
 * lists of the TM before the restore never takes them for the restored ones.
 */
function replaceContents(db: Db, liveGeneration: number): void {
  const objects = (schema: string): SchemaObject[] =>
    db
      .prepare(`SELECT type, name, sql FROM ${schema}.sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid`)
      .all() as SchemaObject[];
  const live = objects('main');
  for (const v of live.filter((x) => x.type === 'view')) db.exec(`DROP VIEW main.${quote(v.name)}`);
  // Indexes and triggers go with their tables.
  for (const t of live.filter((x) => x.type === 'table')) db.exec(`DROP TABLE main.${quote(t.name)}`);
  for (const internal of ['sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4']) {
    if (db.prepare(`SELECT 1 FROM main.sqlite_schema WHERE name = ?`).get(internal)) db.exec(`DELETE FROM main.${internal}`);
  }

  const incoming = objects('restored');
  const tables = incoming.filter((x) => x.type === 'table');
  // Unqualified CREATE statements make their objects in "main".
  for (const t of tables) db.exec(t.sql);
  for (const t of tables) copyRows(db, t.name);
  if (db.prepare(`SELECT 1 FROM restored.sqlite_schema WHERE name = 'sqlite_sequence'`).get()) {
    db.exec(`INSERT INTO main.sqlite_sequence SELECT * FROM restored.sqlite_sequence`);
  }
  for (const type of ['index', 'trigger', 'view']) for (const x of incoming.filter((y) => y.type === type)) db.exec(x.sql);
  for (const pragma of ['user_version', 'application_id']) {
    db.pragma(`main.${pragma} = ${Number(db.pragma(`restored.${pragma}`, { simple: true }))}`);
  }
  if (tables.some((t) => t.name === 'match_state')) {
    db.prepare(`UPDATE main.match_state SET generation = max(generation, ?) + 1`).run(liveGeneration);
  }
}

/** Copies every row of one table from "restored" into the empty table of the same name in "main", ids and all. */
function copyRows(db: Db, table: string): void {
  const columns = (
    db.prepare(`SELECT name, type, pk, hidden FROM pragma_table_xinfo(?, 'restored')`).all(table) as {
      name: string;
      type: string;
      pk: number;
      hidden: number;
    }[]
  ).filter((c) => c.hidden === 0);
  const withoutRowid = (db.prepare(`SELECT wr FROM pragma_table_list WHERE schema = 'restored' AND name = ?`).pluck().get(table) as number) === 1;
  const keys = columns.filter((c) => c.pk > 0);
  // A rowid that no column names must be copied by name, or the rows would be numbered anew.
  const hiddenRowid = !withoutRowid && !(keys.length === 1 && keys[0]!.type.toUpperCase() === 'INTEGER');
  const names = [...(hiddenRowid ? ['rowid'] : []), ...columns.map((c) => quote(c.name))].join(', ');
  db.exec(`INSERT INTO main.${quote(table)} (${names}) SELECT ${names} FROM restored.${quote(table)}`);
}

/** True when `path` is a whole ntm translation memory that can take a transaction. */
function usable(path: string): boolean {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return db.pragma('application_id', { simple: true }) === APPLICATION_ID && db.pragma('quick_check', { simple: true }) === 'ok';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}
