// The schema migrations, each under the schema version it brings a TM to. A TM at version V
// gets every migration with a higher version, in order; `user_version` records the last.
import type { Database } from 'better-sqlite3';
import { migrate001 } from './001-initial.js';
import { migrate003 } from './003-interchange.js';
import { migrate004 } from './004-match-index.js';
import { migrate005 } from './005-lean-indexes.js';
import { migrate006 } from './006-trust.js';
import { migrate007 } from './007-check.js';
import { migrate008 } from './008-match-index-format.js';
import { migrate009 } from './009-desk.js';
import { migrate010 } from './010-context.js';

/** One schema change: run inside the upgrade's transaction, it brings a TM to `version`. */
export interface Migration {
  version: number;
  up: (db: Database) => void;
}

/**
 * Step 2 was reserved while two changes were numbered in parallel and has shipped as a no-op.
 * Databases at schema 3 have passed it, so it must stay a no-op: new schema changes get new
 * numbers, never this one.
 */
const reserved002 = (): void => {};

/**
 * Numbers left out of the list on purpose (none now: 8, 9 and 10 were taken by branches
 * developed side by side, and reserved here until each was merged).
 */
export const RESERVED_VERSIONS: readonly number[] = [];

export const MIGRATIONS: readonly Migration[] = checked([
  { version: 1, up: migrate001 },
  { version: 2, up: reserved002 },
  { version: 3, up: migrate003 },
  { version: 4, up: migrate004 },
  { version: 5, up: migrate005 },
  { version: 6, up: migrate006 },
  { version: 7, up: migrate007 },
  { version: 8, up: migrate008 },
  { version: 9, up: migrate009 },
  { version: 10, up: migrate010 },
]);

/** The schema version a TM has once every migration ran. */
export const SCHEMA_VERSION = latestVersion(MIGRATIONS);

/** The version the last of `migrations` brings a TM to (0 for none). */
export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}

/**
 * The list, once its versions are known to rise 1, 2, 3, … with no repeat and no gap other
 * than a reserved number: a TM at version V skips every migration up to V, so one out of
 * order (or two sharing a number) would never run on a TM that passed its number.
 */
export function checked(migrations: readonly Migration[]): readonly Migration[] {
  let expected = 1;
  for (const [i, m] of migrations.entries()) {
    while (m.version !== expected && RESERVED_VERSIONS.includes(expected)) expected++;
    if (m.version !== expected) throw new Error(`schema migration list: version ${m.version} at place ${i + 1}`);
    expected++;
  }
  return migrations;
}
