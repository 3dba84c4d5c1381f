// The ordered list of schema migrations. Schema version N is reached by running the first N.
import type { Database } from 'better-sqlite3';
import { migrate001 } from './001-initial.js';
import { migrate002 } from './002-match-index.js';

export type Migration = (db: Database) => void;

export const MIGRATIONS: readonly Migration[] = [migrate001, migrate002];

export const SCHEMA_VERSION = MIGRATIONS.length;
