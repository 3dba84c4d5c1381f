// Terms and approved segment targets as the check needs them, and the listings behind
// `ntm terms` and `ntm conflicts`.
import type { Database } from 'better-sqlite3';
import { foldCase, norm } from '../core/normalize.js';
import type { TermEntry } from '../core/terms.js';
import type { Pair, PairKind } from '../core/types.js';
import { getPairs } from './pairs.js';

interface TermRow {
  id: number;
  source: string;
  source_norm: string;
  target: string;
  status: 'approved' | 'forbidden';
  note: string | null;
}

/** A stored term with the ids of its renderings, for listing. */
export interface TermListing extends TermEntry {
  approvedIds: number[];
  forbiddenIds: number[];
}

function groupTerms(rows: Iterable<TermRow>): TermListing[] {
  const bySource = new Map<string, TermListing>();
  for (const r of rows) {
    let t = bySource.get(r.source_norm);
    if (!t) {
      t = { source: r.source, approved: [], forbidden: [], note: null, approvedIds: [], forbiddenIds: [] };
      bySource.set(r.source_norm, t);
    }
    if (r.status === 'approved') {
      t.approved.push(r.target);
      t.approvedIds.push(r.id);
    } else {
      t.forbidden.push(r.target);
      t.forbiddenIds.push(r.id);
    }
    // Notes are usually the same on every rendering; keep the first one written.
    t.note ??= r.note;
  }
  return [...bySource.values()];
}

// Proposed renderings are not the desk's wording yet: "ntm review" lists them.
const TERM_ROWS = `SELECT id, source, source_norm, target, status, note FROM pairs
                   WHERE kind = 'term' AND deleted_at IS NULL AND status IN ('approved', 'forbidden')`;

/** Every live term with its approved and rejected renderings, in the order they were stored. */
export function loadTermEntries(db: Database): TermEntry[] {
  // Rows as arrays: thousands of terms load noticeably faster than as objects. In the
  // order stored, so that a term's first approved rendering is the one the desk added first.
  const rows = db.prepare(`${TERM_ROWS} ORDER BY id`).raw(true).all() as [number, string, string, string, TermRow['status'], string | null][];
  return groupTerms(rows.map(([id, source, source_norm, target, status, note]) => ({ id, source, source_norm, target, status, note })));
}

/** Terms alphabetically, optionally only those whose Dutch or English contains `filter` (any case). */
export function listTerms(db: Database, o: { filter?: string; limit: number }): TermListing[] {
  const all = groupTerms(db.prepare(`${TERM_ROWS} ORDER BY lower(source_norm), source_norm, status, id`).iterate() as Iterable<TermRow>);
  const needle = o.filter === undefined ? '' : foldCase(norm(o.filter));
  const hit = (s: string) => foldCase(s).includes(needle);
  return all.filter((t) => needle === '' || hit(t.source) || t.approved.some(hit) || t.forbidden.some(hit)).slice(0, o.limit);
}

/**
 * Approved targets (normalised) of stored segments whose source is one of `sources`
 * (normalised). One indexed look-up per distinct source.
 */
export function approvedTargetsFor(db: Database, sources: Iterable<string>): Map<string, string[]> {
  const stmt = db.prepare(
    `SELECT target_norm FROM pairs
     WHERE source_norm = ? AND kind = 'segment' AND status = 'approved' AND deleted_at IS NULL ORDER BY id`,
  );
  stmt.pluck(true);
  const out = new Map<string, string[]>();
  for (const s of sources) {
    if (out.has(s)) continue;
    const targets = stmt.all(s) as string[];
    if (targets.length > 0) out.set(s, targets);
  }
  return out;
}

/** A stored source with more than one approved target. */
export interface Conflict {
  source: string;
  pairs: Pair[];
}

/** Sources with several approved targets (segments, or terms with `kind`), most recently changed first. */
export function listConflicts(db: Database, o: { kind: PairKind; limit: number }): { conflicts: Conflict[]; total: number } {
  const groups = db
    .prepare(
      `SELECT source_norm, json_group_array(id) AS ids FROM
         (SELECT source_norm, id, changed_at FROM pairs
          WHERE deleted_at IS NULL AND status = 'approved' AND kind = ? ORDER BY id)
       GROUP BY source_norm HAVING count(*) > 1
       ORDER BY max(changed_at) DESC, source_norm`,
    )
    .all(o.kind) as { source_norm: string; ids: string }[];
  const conflicts = groups.slice(0, o.limit).map((g) => {
    const pairs = getPairs(db, JSON.parse(g.ids) as number[]);
    return { source: pairs[0]?.source ?? g.source_norm, pairs };
  });
  return { conflicts, total: groups.length };
}
