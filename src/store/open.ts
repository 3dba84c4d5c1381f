// Opening a translation memory: create or refuse, pragmas, migrations in one transaction.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from '../core/errors.js';
import { foldCase } from '../core/normalize.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';

/** 'ntm1' as a 32-bit integer: marks a SQLite file as an ntm translation memory. */
export const APPLICATION_ID = 0x6e746d31;

export interface OpenOptions {
  /** Create the file (and its folder) when missing. Read commands pass false. */
  create: boolean;
  /** Open without write access (nothing is migrated; an old schema is refused). */
  readonly?: boolean;
}

/** An open translation memory. */
export interface Store {
  db: Db;
  path: string;
  close(): void;
}

/** Opens (and if allowed creates) the translation memory at `path`, migrating an older one. */
export function openStore(path: string, opts: OpenOptions): Store {
  const exists = path !== ':memory:' && existsSync(path);
  if (!exists && path !== ':memory:') {
    if (!opts.create) {
      throw new StoreError(
        `No translation memory at ${path}. Fill one with "ntm import <file>" or "ntm add", or point --db (or $NTM_DB) at an existing one.`,
      );
    }
    mkdirSync(dirname(path), { recursive: true });
  }
  if (exists && statSync(path).isDirectory()) {
    throw new StoreError(`${path} is a folder, not a translation memory file.`);
  }

  let db: Db;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: !opts.create });
  } catch (err) {
    throw new StoreError(`Cannot open ${path}: ${describeSqliteError(err)}`);
  }
  try {
    configure(db, opts.readonly ?? false);
    checkAndMigrate(db, path, opts.readonly ?? false);
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`Cannot open ${path}: ${describeSqliteError(err)}`);
  }
  registerFunctions(db);
  return { db, path, close: () => db.close() };
}

function configure(db: Db, readonly: boolean): void {
  // Reading the schema first makes a non-SQLite file fail here, with SQLITE_NOTADB.
  db.pragma('schema_version', { simple: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Lookups read megabytes of posting lists from a large TM; mapped pages skip a copy.
  db.pragma('mmap_size = 1073741824');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
}

function checkAndMigrate(db: Db, path: string, readonly: boolean): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const appId = db.pragma('application_id', { simple: true }) as number;
  const tableCount = (db.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get() as { n: number }).n;

  if (appId !== APPLICATION_ID && !(appId === 0 && version === 0 && tableCount === 0)) {
    throw new StoreError(`${path} is a SQLite database, but not an ntm translation memory.`);
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      `${path} was written by a newer ntm (schema ${version}; this ntm knows up to ${SCHEMA_VERSION}). Update ntm to open it; nothing was changed.`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  if (readonly) {
    throw new StoreError(`${path} has schema ${version} and needs an upgrade; open it once without read-only access.`);
  }
  const apply = db.transaction(() => {
    for (let v = version; v < SCHEMA_VERSION; v++) MIGRATIONS[v]!(db);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  apply.immediate();
}

function registerFunctions(db: Db): void {
  // Case-insensitive containment that agrees with the highlighting in the CLI.
  db.function('ntm_contains', { deterministic: true }, (text: unknown, folded: unknown) =>
    typeof text === 'string' && typeof folded === 'string' && foldCase(text).includes(folded) ? 1 : 0,
  );
}

/** A short human reason for a SQLite failure. */
export function describeSqliteError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  switch (e.code) {
    case 'SQLITE_NOTADB':
      return 'the file is not a SQLite database (is it a translation memory?)';
    case 'SQLITE_CORRUPT':
      return 'the database file is damaged';
    case 'SQLITE_BUSY':
    case 'SQLITE_BUSY_SNAPSHOT':
      return 'the database is busy (another ntm is writing); try again in a moment';
    case 'SQLITE_READONLY':
      return 'the database is read-only here';
    case 'SQLITE_CANTOPEN':
      return 'the file cannot be opened (check the path and permissions)';
    case 'SQLITE_FULL':
      return 'the disk is full';
    default:
      return e.message ?? String(err);
  }
}
