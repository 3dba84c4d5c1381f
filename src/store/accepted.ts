// Findings of `ntm check` that an editor accepted: kept in the TM with who, when and why, so
// that they are not reported again for the same sentence, in any draft.
import type { Database } from 'better-sqlite3';
import type { Acceptance } from '../core/check.js';
import { recordDetail } from './changes.js';

/** What is known of a finding when it is accepted (`ntm accept <id>` knows only the id). */
export interface FindingRecord {
  id: string;
  kind?: string;
  source?: string;
  term?: string;
  found?: string;
}

/** An accepted finding as listed. */
export interface AcceptedFinding extends Required<Pick<FindingRecord, 'id'>>, Acceptance {
  kind: string | null;
  source: string | null;
  term: string | null;
  found: string | null;
}

interface Row {
  finding_id: string;
  kind: string | null;
  source: string | null;
  term: string | null;
  found: string | null;
  note: string | null;
  accepted_by: string;
  accepted_at: string;
}

function toAccepted(r: Row): AcceptedFinding {
  return { id: r.finding_id, kind: r.kind, source: r.source, term: r.term, found: r.found, note: r.note, by: r.accepted_by, at: r.accepted_at };
}

/**
 * Accepts findings. A finding accepted before keeps its first judgement (who accepted it and
 * why), and is reported back as already accepted. The new ones are recorded in the running
 * change set. Call inside a transaction.
 */
export function acceptFindings(
  db: Database,
  findings: readonly FindingRecord[],
  a: { by: string; at: string; note: string | null },
): { added: string[]; already: AcceptedFinding[] } {
  const get = db.prepare(`SELECT * FROM accepted_findings WHERE finding_id = ?`);
  const insert = db.prepare(
    `INSERT INTO accepted_findings (finding_id, kind, source, term, found, note, accepted_by, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const added: string[] = [];
  const already: AcceptedFinding[] = [];
  for (const f of findings) {
    const row = get.get(f.id) as Row | undefined;
    if (row) {
      already.push(toAccepted(row));
      continue;
    }
    insert.run(f.id, f.kind ?? null, f.source ?? null, f.term ?? null, f.found ?? null, a.note, a.by, a.at);
    added.push(f.id);
  }
  recordDetail(db, 'accepted', added);
  return { added, already };
}

/**
 * Puts withdrawn acceptances back as they were (who, when, why): the undo of a withdrawal.
 * A finding accepted again meanwhile keeps that newer judgement. Call inside a transaction.
 */
export function restoreAcceptances(db: Database, rows: readonly AcceptedFinding[]): string[] {
  const insert = db.prepare(
    `INSERT INTO accepted_findings (finding_id, kind, source, term, found, note, accepted_by, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (finding_id) DO NOTHING`,
  );
  const back = rows.filter((r) => insert.run(r.id, r.kind, r.source, r.term, r.found, r.note, r.by, r.at).changes === 1).map((r) => r.id);
  recordDetail(db, 'accepted', back);
  return back;
}

/**
 * Withdraws acceptances: those findings are reported again. Returns what was withdrawn, and
 * records it (whole, for undo) in the running change set. Call inside a transaction.
 */
export function withdrawFindings(db: Database, ids: readonly string[]): AcceptedFinding[] {
  const get = db.prepare(`SELECT * FROM accepted_findings WHERE finding_id = ?`);
  const del = db.prepare(`DELETE FROM accepted_findings WHERE finding_id = ?`);
  const out: AcceptedFinding[] = [];
  for (const id of ids) {
    const row = get.get(id) as Row | undefined;
    if (!row) continue;
    del.run(id);
    out.push(toAccepted(row));
  }
  recordDetail(db, 'withdrawn', out);
  return out;
}

/** The acceptances among these finding ids, by id (one primary-key look-up each). */
export function acceptancesOf(db: Database, ids: readonly string[]): Map<string, Acceptance> {
  const out = new Map<string, Acceptance>();
  if (ids.length === 0 || db.prepare(`SELECT 1 FROM accepted_findings LIMIT 1`).get() === undefined) return out;
  const get = db.prepare(`SELECT * FROM accepted_findings WHERE finding_id = ?`);
  for (const id of ids) {
    const r = get.get(id) as Row | undefined;
    if (r) out.set(id, { by: r.accepted_by, at: r.accepted_at, note: r.note });
  }
  return out;
}

/** Every accepted finding, newest first. */
export function listAccepted(db: Database): AcceptedFinding[] {
  return (db.prepare(`SELECT * FROM accepted_findings ORDER BY accepted_at DESC, finding_id`).all() as Row[]).map(toAccepted);
}
