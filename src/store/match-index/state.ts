// Where the index stands, as recorded in the TM (table match_state).
import type { Database } from 'better-sqlite3';
import { POSTING_FORMAT } from './codec.js';
import { statements } from './statements.js';

/** Where the index stands: pairs with ids up to `through` are covered, except `pending`. */
export interface IndexState {
  through: number;
  generation: number;
  /** The posting format its lists were written in (POSTING_FORMAT when this ntm can read them). */
  format: number;
}

/** The index's coverage mark and generation (it changes whenever posting lists change). */
export function indexState(db: Database): IndexState {
  return statements(db).state.get() as IndexState;
}

/**
 * True when the index's lists are in another format than this ntm's (written by another
 * version, or before formats were recorded): they must be rebuilt before any lookup reads
 * them. False for a TM whose schema has no index yet.
 */
export function matchIndexIsStale(db: Database): boolean {
  const hasFormat = db.prepare(`SELECT 1 FROM pragma_table_info('match_state') WHERE name = 'format'`).get();
  return hasFormat !== undefined && indexState(db).format !== POSTING_FORMAT;
}
