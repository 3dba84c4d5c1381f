// Where the index stands, as recorded in the TM (table match_state).
import type { Database } from 'better-sqlite3';
import { statements } from './statements.js';

/** Where the index stands: pairs with ids up to `through` are covered, except `pending`. */
export interface IndexState {
  through: number;
  generation: number;
}

/** The index's coverage mark and generation (it changes whenever posting lists change). */
export function indexState(db: Database): IndexState {
  return statements(db).state.get() as IndexState;
}
