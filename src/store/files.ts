// Whole files or none: everything ntm writes beside a translation memory or for the user
// (backups, kept copies, exports) is written under a temporary name and renamed into place
// once complete and on disk, so a crash never leaves a half-written file under a real name.
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The temporary name a file is written under before it gets `final`. */
export function partialName(final: string): string {
  return `${final}.partial-${process.pid}`;
}

/** Removes a file and whatever SQLite may have left beside it. */
export function removeWithJournals(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

/** Flushes a file (or a folder's list of names) to the disk. */
export function syncToDisk(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems cannot sync a folder; the rename is then as durable as they make it.
  } finally {
    closeSync(fd);
  }
}

/** Gives the complete file `temp` the name `final`, durably: its bytes first, then the name. */
export function putInPlace(temp: string, final: string): void {
  syncToDisk(temp);
  renameSync(temp, final);
  syncToDisk(dirname(final));
}

/**
 * Writes `final` through `write`, which fills the temporary file it is given: renamed into
 * place when `write` returns, removed when it throws. Returns `final`.
 */
export async function writeWhole(final: string, write: (temp: string) => void | Promise<void>): Promise<string> {
  const temp = partialName(final);
  try {
    await write(temp);
    putInPlace(temp, final);
    return final;
  } catch (err) {
    removeWithJournals(temp);
    throw err;
  }
}

/** Where a file that replaces `file` must be written, and the permissions it must keep. */
export interface Target {
  /** The path to write: `file` itself, or what a symbolic link at `file` points to. */
  path: string;
  /** The permission bits of the file being replaced (undefined for a new file). */
  mode?: number;
}

/**
 * Resolves the file a command is about to (re)place: through a symbolic link to the file it
 * names, so the link stays a link; an existing file keeps its permissions. Anything that is
 * not a regular file (a folder, a device, a pipe) is refused, and an existing file is replaced
 * only with `force`. Throws `refuse(reason)`.
 */
export function resolveTarget(file: string, force: boolean, refuse: (reason: string) => Error): Target {
  let path = resolve(file);
  let seen: Stats | undefined;
  try {
    seen = lstatSync(path);
  } catch {
    return { path };
  }
  if (seen.isSymbolicLink()) {
    try {
      path = realpathSync(path);
    } catch {
      // A link to nothing yet: the file it names is created.
      path = resolve(dirname(path), readlinkSync(path));
      if (existsSync(path)) throw refuse('is a symbolic link that cannot be followed');
      return { path };
    }
    seen = statSync(path);
  }
  if (seen.isDirectory()) throw refuse('is a folder; name a file to write');
  if (!seen.isFile()) throw refuse('is not a regular file (a device, pipe or socket), so it is not replaced');
  if (!force) throw refuse('already exists; nothing written (add --force to replace it)');
  return { path, mode: seen.mode & 0o7777 };
}

/** Writes `text` as the whole of a resolved target (see resolveTarget), keeping the permissions of the file it replaces. */
export function writeTextWhole(target: Target, text: string): Promise<string> {
  return writeWhole(target.path, (temp) => {
    writeFileSync(temp, text);
    if (target.mode !== undefined) chmodSync(temp, target.mode);
  });
}
