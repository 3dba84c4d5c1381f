// Whole files or none: everything ntm writes beside a translation memory or for the user
// (backups, kept copies, exports) is written under a temporary name and renamed into place
// once complete and on disk, so a crash never leaves a half-written file under a real name.
import { closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

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
