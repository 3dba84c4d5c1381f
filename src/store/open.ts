// Opening a translation memory: create or refuse, pragmas, migrations in one transaction.
// Several ntm processes may open the same file at once (two translators saving together, a
// script importing while someone looks up), so every step here is safe to race.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from '../core/errors.js';
import { foldCase } from '../core/normalize.js';
import { hasPhrase } from '../core/phrase.js';
import { partialName, putInPlace, removeWithJournals } from './files.js';
import { matchIndexIsStale, rebuildMatchIndex } from './match-index/index.js';
import { checked, latestVersion, MIGRATIONS, type Migration } from './migrations/index.js';

/** 'ntm1' as a 32-bit integer: marks a SQLite file as an ntm translation memory. */
export const APPLICATION_ID = 0x6e746d31;

/**
 * 'ntm0': a brand-new, empty translation memory that a failed first command is removing.
 * Another ntm that opened the file in that instant sees this mark and starts over.
 */
const ABANDONED_ID = 0x6e746d30;

/** The largest TM file a connection maps into memory (see configure). */
const MAP_UP_TO = 256 * 1024 * 1024;

/** How long a command waits for another writer before it gives up (milliseconds). */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** Create the file (and its folder) when missing. Read commands pass false. */
  create: boolean;
  /** Open without write access (nothing is migrated; an old schema is refused). */
  readonly?: boolean;
  /** How long to wait for another writer, in milliseconds (default 5000). */
  busyTimeoutMs?: number;
  /** Told about things the user should know, e.g. where the pre-upgrade backup went. */
  onNotice?: (message: string) => void;
  /** Keep a copy of the file before upgrading it (default true; false for ntm's own temporary copies). */
  copyBeforeUpgrade?: boolean;
  /** Called at the moments of an upgrade that must be safe to be killed at (crash tests). */
  onStep?: (name: string) => void;
  /** The migrations to apply; tests pass a longer list to exercise an upgrade. */
  migrations?: readonly Migration[];
  /**
   * For the test suite only: commit without fsync (SQLite's synchronous = OFF). What a killed
   * process wrote is still in the operating system, so every crash test means the same; only
   * a power cut could lose a commit, and no test makes one. Users never set it.
   */
  noFsync?: boolean;
}

/** An open translation memory. */
export interface Store {
  db: Db;
  path: string;
  close(): void;
}

/** Thrown inside openStore when the file turned out to be abandoned; the open is retried. */
class Abandoned extends Error {}

/** Opens (and if allowed creates) the translation memory at `path`, migrating an older one. */
export function openStore(path: string, opts: OpenOptions): Store {
  for (let attempt = 0; ; attempt++) {
    try {
      return openOnce(path, opts);
    } catch (err) {
      if (!(err instanceof Abandoned) || attempt >= 20) {
        if (err instanceof Abandoned) throw new StoreError(`Cannot open ${path}: another ntm keeps removing it; try again.`);
        throw err;
      }
      pause(25);
    }
  }
}

function openOnce(path: string, opts: OpenOptions): Store {
  const memory = path === ':memory:';
  const exists = !memory && existsSync(path);
  if (!exists && !memory) {
    if (!opts.create) {
      throw new StoreError(`No translation memory at ${path}. Fill one with "ntm import <file>" or "ntm add", or point --db (or $NTM_DB) at an existing one.`);
    }
    mkdirSync(dirname(path), { recursive: true });
  }
  if (exists && statSync(path).isDirectory()) {
    throw new StoreError(`${path} is a folder, not a translation memory file.`);
  }

  const readonly = opts.readonly ?? false;
  let db: Db;
  try {
    db = new Database(path, {
      readonly,
      fileMustExist: !opts.create,
      timeout: opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    });
  } catch (err) {
    throw new StoreError(`Cannot open ${path}: ${describeSqliteError(err)}`);
  }
  try {
    // Nothing may change in a file before we know it is ours: validate, then configure.
    // Reading the header makes a non-SQLite file fail at once, with SQLITE_NOTADB. An
    // abandoned file was taken out of WAL mode before it was marked, so reading the mark
    // creates no -wal or -shm file next to a name that may already belong to a new file.
    if ((db.pragma('application_id', { simple: true }) as number) === ABANDONED_ID) throw new Abandoned();
    validate(readHeader(db), path, latestVersion(opts.migrations ?? MIGRATIONS));
    configure(db, readonly, opts.noFsync === true);
    checkAndMigrate(db, path, opts);
    rebuildStaleMatchIndex(db, path, opts);
  } catch (err) {
    db.close();
    if (err instanceof StoreError || err instanceof Abandoned) throw err;
    throw new StoreError(`Cannot open ${path}: ${describeSqliteError(err)}`);
  }
  registerFunctions(db);
  return { db, path, close: () => db.close() };
}

interface Header {
  version: number;
  appId: number;
  tables: number;
}

function readHeader(db: Db): Header {
  const read = (): Header => ({
    version: db.pragma('user_version', { simple: true }) as number,
    appId: db.pragma('application_id', { simple: true }) as number,
    tables: (db.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get() as { n: number }).n,
  });
  // One snapshot for all three: read one by one, another process's first migration could
  // commit in between, and a half-seen new database looks like someone else's SQLite file.
  return db.inTransaction ? read() : db.transaction(read)();
}

function configure(db: Db, readonly: boolean, noFsync: boolean): void {
  db.pragma('foreign_keys = ON');
  // A TM of up to MAP_UP_TO bytes is mapped into memory: reading a mapped page costs no
  // system call and no copy (a lookup that scores most texts of its window, at --min 50,
  // reads thousands of rows: a third slower unmapped on 100k pairs). A larger one is read
  // through SQLite's small page cache: mapped pages count as the process's memory, and a
  // lookup on a new sentence reads tens of megabytes of posting lists from a TM of a million
  // pairs (a batch held 826 MB with all of such a file mapped, 280 MB without).
  if (!db.memory && statSync(db.name).size <= MAP_UP_TO) db.pragma(`mmap_size = ${MAP_UP_TO}`);
  if (readonly) return;
  // WAL lets lookups read while another process imports. Switching needs a moment of
  // exclusive access, so it is done only when the file is not in WAL mode yet.
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
  // FULL: when ntm says a pair is stored, it survives a power cut, not only a crash.
  db.pragma(noFsync ? 'synchronous = OFF' : 'synchronous = FULL');
  // Marked while we were switching to WAL: start over (see discardNewStore).
  if ((db.pragma('application_id', { simple: true }) as number) === ABANDONED_ID) throw new Abandoned();
}

function validate(h: Header, path: string, known: number): void {
  if (h.appId === ABANDONED_ID) throw new Abandoned();
  if (h.appId !== APPLICATION_ID && !(h.appId === 0 && h.version === 0 && h.tables === 0)) {
    throw new StoreError(`${path} is a SQLite database, but not an ntm translation memory.`);
  }
  if (h.version > known) {
    throw new StoreError(
      `${path} was written by a newer ntm (schema ${h.version}; this ntm knows up to ${known}). Update ntm to open it; nothing was changed.`,
    );
  }
}

function checkAndMigrate(db: Db, path: string, opts: OpenOptions): void {
  const migrations = checked(opts.migrations ?? MIGRATIONS);
  const target = latestVersion(migrations);
  const seen = readHeader(db);
  validate(seen, path, target);
  if (seen.version === target) return;
  if (opts.readonly) {
    throw new StoreError(`${path} has schema ${seen.version} and needs an upgrade; open it once without read-only access.`);
  }
  // Foreign keys are off while migrating (SQLite's procedure for rebuilding a table: with
  // them on, dropping the old table would cascade into every table that refers to it), and
  // checked before the commit instead. The pragma cannot change inside a transaction.
  db.pragma('foreign_keys = OFF');
  // Several processes may find the same old (or brand-new) file at once: the first to get
  // the write lock migrates, the others wait for it and then find nothing left to do.
  db.exec('BEGIN IMMEDIATE');
  let backup: string | null = null;
  try {
    const h = readHeader(db);
    validate(h, path, target);
    if (h.version < target) {
      opts.onStep?.('upgrade:locked');
      if (h.version > 0 && path !== ':memory:' && opts.copyBeforeUpgrade !== false) backup = backupBeforeUpgrade(path, h.version, target);
      opts.onStep?.('upgrade:kept');
      for (const m of migrations) if (m.version > h.version) m.up(db);
      if ((db.pragma('foreign_key_check') as unknown[]).length > 0) {
        throw new StoreError(`Cannot upgrade ${path}: the upgrade would leave broken references between tables; nothing was changed.`);
      }
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${target}`);
    }
    opts.onStep?.('upgrade:migrated');
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (backup) rmSync(backup, { force: true });
    throw err;
  } finally {
    db.pragma('foreign_keys = ON');
  }
  if (backup) {
    opts.onNotice?.(`upgraded ${path} from schema ${seen.version} to ${target}; the earlier version is kept in ${backup}`);
  }
}

/**
 * Rebuilds the lookup index when its lists are in another format than this ntm's: after an
 * upgrade (a migration only asks for it, by the format it leaves, since it must not run index
 * code that later versions change), or after another version of ntm wrote them. A read-only
 * open leaves it: lookups then refuse and name `ntm doctor --repair`.
 */
function rebuildStaleMatchIndex(db: Db, path: string, opts: OpenOptions): void {
  if (opts.readonly || !matchIndexIsStale(db)) return;
  db.exec('BEGIN IMMEDIATE');
  let pairs = 0;
  try {
    if (matchIndexIsStale(db)) {
      rebuildMatchIndex(db);
      pairs = db.prepare(`SELECT count(*) FROM pairs WHERE deleted_at IS NULL AND status = 'approved'`).pluck().get() as number;
    }
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  if (pairs > 0) opts.onNotice?.(`rebuilt the lookup index of ${path} for this version of ntm (${pairs.toLocaleString('en')} pairs)`);
}

/**
 * Copies the database as it is before an upgrade, next to it, and returns the copy's path.
 * Runs while the caller holds the write lock, through a second connection (WAL lets it read),
 * so the copy is exactly what the migration starts from. Written under a temporary name and
 * renamed once complete and on disk: a crash never leaves a cut-off copy under the real name.
 */
function backupBeforeUpgrade(path: string, from: number, to: number): string {
  let file = `${path}.before-schema-${to}.bak`;
  for (let n = 2; existsSync(file); n++) file = `${path}.before-schema-${to}-${n}.bak`;
  const temp = partialName(file);
  const reader = new Database(path, { readonly: true, fileMustExist: true });
  try {
    reader.prepare('VACUUM INTO ?').run(temp);
    putInPlace(temp, file);
  } catch (err) {
    removeWithJournals(temp);
    throw new StoreError(`Cannot upgrade ${path} from schema ${from}: the backup copy failed (${describeSqliteError(err)}); nothing was changed.`);
  } finally {
    reader.close();
  }
  return file;
}

/**
 * Removes a database that this run created, after the run failed, so that bad input leaves
 * no file behind — but only if nothing could be lost: no other process has it open and it
 * holds no row at all. Returns true when the file was removed. Closes the store.
 */
export function discardNewStore(store: Store): boolean {
  const { db, path } = store;
  let removed = false;
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.pragma('busy_timeout = 0');
    // Leaving WAL needs every other connection gone; if one is there, the file stays.
    if (db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') return false;
    // No journal file by name from here on: the file is about to lose its name.
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
    // The fuzzy-match index (match_*) is derived data with a state row from the start; every
    // other table holds what a translator stored, and any row there keeps the file.
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'match\\_%' ESCAPE '\\'`).all() as { name: string }[];
    const rows = tables.some(({ name }) => db.prepare(`SELECT 1 FROM "${name.replace(/"/g, '""')}" LIMIT 1`).get());
    if (rows) {
      db.exec('ROLLBACK');
      return false;
    }
    // Whoever opened the file a moment ago sees the mark once we let go, and starts over.
    db.pragma(`application_id = ${ABANDONED_ID}`);
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
    db.exec('COMMIT');
    removed = true;
  } catch {
    if (db.open && db.inTransaction) db.exec('ROLLBACK');
  } finally {
    if (db.open) db.close();
  }
  return removed;
}

function registerFunctions(db: Db): void {
  // Case-insensitive containment that agrees with the highlighting in the CLI.
  db.function('ntm_contains', { deterministic: true }, (text: unknown, folded: unknown) =>
    typeof text === 'string' && typeof folded === 'string' && foldCase(text).includes(folded) ? 1 : 0,
  );
  // Concordance's modes (core/phrase.ts): flags 1 = whole words, 2 = case as given.
  db.function('ntm_phrase', { deterministic: true }, (text: unknown, needle: unknown, flags: unknown) =>
    typeof text === 'string' &&
    typeof needle === 'string' &&
    typeof flags === 'number' &&
    hasPhrase(text, needle, { wholeWord: (flags & 1) !== 0, matchCase: (flags & 2) !== 0 })
      ? 1
      : 0,
  );
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The SQLite result code family of an error ('SQLITE_BUSY' for 'SQLITE_BUSY_SNAPSHOT'), or null. */
function sqliteFamily(err: unknown): string | null {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  return code.split('_').slice(0, 2).join('_');
}

/** A short human reason for a SQLite failure. */
export function describeSqliteError(err: unknown): string {
  const e = err as { message?: string };
  switch (sqliteFamily(err)) {
    case 'SQLITE_NOTADB':
      return 'the file is not a SQLite database (is it a translation memory?)';
    case 'SQLITE_CORRUPT':
      return 'the database file is damaged (restore a backup with "ntm restore-backup")';
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'the database is busy: another ntm kept it locked for too long; try again in a moment';
    case 'SQLITE_READONLY':
      return 'the database is read-only here (check that you may write to the file and its folder)';
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
      return 'the file cannot be opened (check the path and permissions)';
    case 'SQLITE_FULL':
      return 'the disk is full; free some space and try again';
    case 'SQLITE_IOERR':
      return 'reading or writing the file failed (is the disk full, or the drive gone?)';
    default:
      return e.message ?? String(err);
  }
}

/**
 * The exit status for a SQLite failure: 2 when the surroundings are at fault (busy, full,
 * read-only, not a database) and nothing was written; 3 for anything unexpected.
 */
export function sqliteExitCode(err: unknown): number {
  const family = sqliteFamily(err);
  const expected = [
    'SQLITE_BUSY',
    'SQLITE_LOCKED',
    'SQLITE_READONLY',
    'SQLITE_FULL',
    'SQLITE_NOTADB',
    'SQLITE_CORRUPT',
    'SQLITE_CANTOPEN',
    'SQLITE_PERM',
    'SQLITE_IOERR',
  ];
  return family && expected.includes(family) ? 2 : 3;
}
