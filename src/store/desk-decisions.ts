// The check's own decisions on a desk: a term's rules and accepted findings, which a change
// set records in its detail (termRules, accepted, withdrawn; see changes.ts's recordDetail)
// rather than as pair history. A sync pushes them with the change set and every TM applies
// them in the desk's order, its own change sets included, so the last in that order holds
// everywhere. A detail a hand-made push could make malformed is skipped entry by entry, by
// every TM alike.
import type { Database } from 'better-sqlite3';
import { norm } from '../core/normalize.js';
import { COMPOUND_SCOPES, type CompoundScope } from '../core/terms.js';

/** An accepted finding as it travels (who, when and why it was accepted: what `accepted` ids alone lose). */
interface AcceptedRow {
  id: string;
  kind: string | null;
  source: string | null;
  term: string | null;
  found: string | null;
  note: string | null;
  by: string;
  at: string;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** True when a change set's detail holds a decision the desk shares. */
export function hasDecisions(detail: Record<string, unknown> | null): boolean {
  return detail !== null && (list(detail.termRules).length > 0 || list(detail.accepted).length > 0 || list(detail.withdrawn).length > 0);
}

/**
 * The detail as it is pushed: the accepted ids with the rows this TM holds for them
 * (acceptedRows), so that other TMs keep who accepted each finding, when and why.
 */
export function detailToPush(db: Database, detail: Record<string, unknown> | null): Record<string, unknown> | null {
  if (detail === null) return null;
  const ids = list(detail.accepted).filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) return detail;
  const get = db.prepare(
    `SELECT finding_id AS id, kind, source, term, found, note, accepted_by AS by, accepted_at AS at FROM accepted_findings WHERE finding_id = ?`,
  );
  const rows = ids.map((id) => get.get(id) as AcceptedRow | undefined).filter((r): r is AcceptedRow => r !== undefined);
  return { ...detail, acceptedRows: rows };
}

/** The detail as a pulled change set keeps it: without the rows that only travel. */
export function detailToKeep(detail: string | null): string | null {
  if (detail === null || !detail.includes('"acceptedRows"')) return detail;
  const { acceptedRows: _rows, ...rest } = JSON.parse(detail) as Record<string, unknown>;
  return JSON.stringify(rest);
}

/** Applies a change set's decisions (its detail, as JSON text) as the desk ordered it; `author` and `at` are the change set's. */
export function applyDecisions(db: Database, detailJson: string | null, author: string, at: string): void {
  if (detailJson === null || !/"(termRules|accepted|withdrawn)"/.test(detailJson)) return;
  let detail: unknown;
  try {
    detail = JSON.parse(detailJson);
  } catch {
    return;
  }
  if (!isObject(detail)) return;
  const setRules = db.prepare(
    `INSERT INTO term_rules (source_norm, match_case, compounds, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (source_norm) DO UPDATE SET match_case = excluded.match_case, compounds = excluded.compounds,
       changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
  );
  for (const r of list(detail.termRules)) {
    if (!isObject(r) || !isObject(r.after)) continue;
    const source = text(r.source);
    const { matchCase, compounds } = r.after;
    if (!source?.trim() || typeof matchCase !== 'boolean' || !COMPOUND_SCOPES.includes(compounds as CompoundScope)) continue;
    setRules.run(norm(source), matchCase ? 1 : 0, compounds as string, author, at);
  }
  const rows = new Map<string, Record<string, unknown>>();
  for (const r of list(detail.acceptedRows)) if (isObject(r) && typeof r.id === 'string') rows.set(r.id, r);
  const accept = db.prepare(
    `INSERT INTO accepted_findings (finding_id, kind, source, term, found, note, accepted_by, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (finding_id) DO NOTHING`,
  );
  for (const id of list(detail.accepted)) {
    if (typeof id !== 'string' || id.length === 0) continue;
    const r = rows.get(id) ?? {};
    accept.run(id, text(r.kind), text(r.source), text(r.term), text(r.found), text(r.note), text(r.by) ?? author, text(r.at) ?? at);
  }
  // Withdrawals are recorded whole (for undo); the id is what counts here.
  const withdraw = db.prepare(`DELETE FROM accepted_findings WHERE finding_id = ?`);
  for (const w of list(detail.withdrawn)) if (isObject(w) && typeof w.id === 'string') withdraw.run(w.id);
}

/**
 * Takes back the decisions of change sets made here that the desk refused (newest first): a
 * term's rules go back to what they were before, acceptances are withdrawn, withdrawn ones
 * come back as they were.
 */
export function revertDecisions(db: Database, details: readonly (Record<string, unknown> | null)[], at: string): void {
  const setRules = db.prepare(
    `INSERT INTO term_rules (source_norm, match_case, compounds, changed_by, changed_at) VALUES (?, ?, ?, 'desk', ?)
     ON CONFLICT (source_norm) DO UPDATE SET match_case = excluded.match_case, compounds = excluded.compounds,
       changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
  );
  const withdraw = db.prepare(`DELETE FROM accepted_findings WHERE finding_id = ?`);
  const restore = db.prepare(
    `INSERT INTO accepted_findings (finding_id, kind, source, term, found, note, accepted_by, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (finding_id) DO NOTHING`,
  );
  for (const detail of [...details].reverse()) {
    if (!hasDecisions(detail)) continue;
    for (const r of list(detail!.termRules).reverse()) {
      if (!isObject(r) || !isObject(r.before) || typeof r.source !== 'string') continue;
      const { matchCase, compounds } = r.before;
      if (typeof matchCase !== 'boolean' || !COMPOUND_SCOPES.includes(compounds as CompoundScope)) continue;
      setRules.run(norm(r.source), matchCase ? 1 : 0, compounds as string, at);
    }
    for (const id of list(detail!.accepted)) if (typeof id === 'string') withdraw.run(id);
    for (const w of list(detail!.withdrawn)) {
      if (!isObject(w) || typeof w.id !== 'string') continue;
      restore.run(w.id, text(w.kind), text(w.source), text(w.term), text(w.found), text(w.note), text(w.by) ?? 'desk', text(w.at) ?? at);
    }
  }
}
