// The ordered list of schema migrations. Schema version N is reached by running the first N.
import type { Database } from 'better-sqlite3';
import { migrate001 } from './001-initial.js';
import { migrate003 } from './003-interchange.js';

export type Migration = (db: Database) => void;

/** Schema 2 belongs to another change; until it lands here, step 2 changes nothing. */
const reserved002: Migration = () => {};

export const MIGRATIONS: readonly Migration[] = [migrate001, reserved002, migrate003];

export const SCHEMA_VERSION = MIGRATIONS.length;
