// The ordered list of schema migrations. Schema version N is reached by running the first N.
import type { Database } from 'better-sqlite3';
import { migrate001 } from './001-initial.js';
import { migrate003 } from './003-interchange.js';
import { migrate004 } from './004-match-index.js';
import { migrate005 } from './005-lean-indexes.js';
import { migrate006 } from './006-trust.js';
import { migrate007 } from './007-check.js';
import { migrateDesk } from './009-desk.js';

export type Migration = (db: Database) => void;

/**
 * Step 2 was reserved while two changes were numbered in parallel and has shipped as a no-op.
 * Databases at schema 3 have passed it, so it must stay a no-op: new schema changes are
 * appended (004, …), never filled in here.
 */
const reserved002: Migration = () => {};

// The desk's migration keeps its reserved number 009; it sits last, so on this branch it is
// schema 8 until the lookup issue's 008 is merged before it.
export const MIGRATIONS: readonly Migration[] = [migrate001, reserved002, migrate003, migrate004, migrate005, migrate006, migrate007, migrateDesk];

export const SCHEMA_VERSION = MIGRATIONS.length;
