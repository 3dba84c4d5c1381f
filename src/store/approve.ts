// Approving a draft: its translated segments become approved pairs. Call inside one
// transaction so that a draft is approved whole or not at all.
import type { Database } from 'better-sqlite3';
import type { DraftUnit } from '../core/draft.js';
import { norm } from '../core/normalize.js';
import { addPair, invalidPairReason, recordUse } from './pairs.js';

export interface ApproveDefaults {
  by: string;
  ref?: string;
  tags?: string[];
  /** 'proposed' when the approver is not a reviewer of a TM that has reviewers. */
  writes?: 'approved' | 'proposed';
}

export interface ApproveReport {
  /** New pairs stored. */
  added: number;
  /** How they were stored: approved, or proposed for a reviewer. */
  status: 'approved' | 'proposed';
  /** Segments whose pair was already stored (unchanged 100 % matches): counted as uses. */
  uses: number;
  /** Segments repeating an earlier segment of the same draft, with the same English. */
  repetitions: number;
  /** Segments whose English was left empty. */
  empty: number;
  /** Segments copied unchanged (links, stamps: nothing to translate). */
  copied: number;
  /** New pairs for a Dutch sentence that already had other approved English. */
  alternatives: { segment: number; id: number; others: number }[];
  /** Segments that could not be stored, and why. */
  skipped: { segment: number; line: number; reason: string }[];
}

/** Stores the translated units of a draft as approved segment pairs. */
export function approveUnits(db: Database, units: readonly DraftUnit[], d: ApproveDefaults): ApproveReport {
  const status = d.writes ?? 'approved';
  const report: ApproveReport = { added: 0, status, uses: 0, repetitions: 0, empty: 0, copied: 0, alternatives: [], skipped: [] };
  const approvedTargets = db.prepare(
    `SELECT count(*) AS n FROM pairs WHERE kind = 'segment' AND status = 'approved' AND deleted_at IS NULL AND source_norm = ?`,
  );
  const seen = new Set<string>();
  for (const u of units) {
    const source = norm(u.source);
    const target = norm(u.target);
    if (target === '' && source !== '') {
      report.empty++;
      continue;
    }
    if (source !== '' && source === target) {
      report.copied++;
      continue;
    }
    const reason = invalidPairReason(u.source, u.target);
    if (reason) {
      report.skipped.push({ segment: u.segment, line: u.line, reason });
      continue;
    }
    const key = `${source}\t${target}`;
    if (seen.has(key)) {
      report.repetitions++;
      continue;
    }
    seen.add(key);
    const others = (approvedTargets.get(source) as { n: number }).n;
    const r = addPair(db, { kind: 'segment', source: u.source, target: u.target, status, by: d.by, ref: d.ref, tags: d.tags });
    if (r.outcome === 'added' || r.outcome === 'promoted') {
      report.added++;
      if (others > 0) report.alternatives.push({ segment: u.segment, id: r.id, others });
    } else if (r.outcome === 'duplicate') {
      recordUse(db, r.id);
      report.uses++;
    } else {
      report.skipped.push({
        segment: u.segment,
        line: u.line,
        reason: `this English is stored as a forbidden rendering (#${r.id}); edit #${r.id} or change the translation`,
      });
    }
  }
  return report;
}
