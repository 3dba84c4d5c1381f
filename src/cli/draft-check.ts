// The check approve runs before it stores anything: a draft with issues is refused unless
// --force. This is the seam where `ntm check` plugs in: until its checks (terms, forbidden
// renderings, TM deviations, numbers) are part of ntm, approve checks what a draft shows on
// its own, the same Dutch translated differently in two segments.
import type { Database } from 'better-sqlite3';
import { inconsistentTargets, type DraftIssue, type DraftUnit } from '../core/draft.js';

/** Checks a draft against itself and the TM; returns the issues, in segment order. */
export type DraftChecker = (db: Database, units: readonly DraftUnit[]) => DraftIssue[];

/** The check approve runs. */
export const checkDraft: DraftChecker = (_db, units) => inconsistentTargets(units);
