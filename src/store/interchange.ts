// What interchange files carry beyond ntm's own fields (pair_extras), and reading pairs out
// for export, one at a time, in a stable order.
import type { Database, Statement } from 'better-sqlite3';
import type { PairKind } from '../core/types.js';
import type { StoredUnit, TmUnit, UnitProp } from '../core/units.js';
import { allTermRules, termRuleProps } from './terms.js';

/** Keeps a unit's inline codes, language codes, props, further notes and attributes for a pair. */
const insertExtras = new WeakMap<Database, Statement>();

export function saveExtras(db: Database, pairId: number, u: TmUnit): void {
  const props = u.props?.length ? JSON.stringify(u.props) : null;
  const notes = u.moreNotes?.length ? JSON.stringify(u.moreNotes) : null;
  const attrs = u.attrs && Object.keys(u.attrs).length ? JSON.stringify(u.attrs) : null;
  const values = [u.sourceMarkup ?? null, u.targetMarkup ?? null, u.sourceLang ?? null, u.targetLang ?? null, props, notes, attrs];
  if (values.every((v) => v === null)) return;
  let stmt = insertExtras.get(db);
  if (!stmt) {
    stmt = db.prepare(
      `INSERT OR REPLACE INTO pair_extras (pair_id, source_markup, target_markup, source_lang, target_lang, props, more_notes, attrs)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insertExtras.set(db, stmt);
  }
  stmt.run(pairId, ...values);
}

export interface ExportFilter {
  kind?: PairKind;
  /** Only pairs added or changed at or after this ISO time. */
  since?: string;
  /** Order by source text (TBX groups the renderings of one term). */
  bySource?: boolean;
}

interface ExportRow {
  id: number;
  kind: PairKind;
  source: string;
  target: string;
  status: 'approved' | 'forbidden';
  approved_by: string;
  approved_at: string;
  changed_by: string;
  changed_at: string;
  ref: string | null;
  note: string | null;
  usage_count: number;
  tags: string;
  source_markup: string | null;
  target_markup: string | null;
  source_lang: string | null;
  target_lang: string | null;
  props: string | null;
  more_notes: string | null;
  attrs: string | null;
}

/** Every live (not deleted) pair matching the filter, oldest first (or by source), streamed. */
export function* exportUnits(db: Database, f: ExportFilter): Generator<StoredUnit> {
  const where = ['p.deleted_at IS NULL'];
  const args: unknown[] = [];
  if (f.kind) {
    where.push('p.kind = ?');
    args.push(f.kind);
  }
  if (f.since) {
    where.push('(p.approved_at >= ? OR p.changed_at >= ?)');
    args.push(f.since, f.since);
  }
  const stmt = db.prepare(`
    SELECT p.id, p.kind, p.source, p.target, p.status, p.approved_by, p.approved_at, p.changed_by, p.changed_at,
           p.ref, p.note, p.usage_count, p.source_norm,
           (SELECT json_group_array(tag) FROM (SELECT tag FROM pair_tags t WHERE t.pair_id = p.id ORDER BY tag)) AS tags,
           x.source_markup, x.target_markup, x.source_lang, x.target_lang, x.props, x.more_notes, x.attrs
    FROM pairs p LEFT JOIN pair_extras x ON x.pair_id = p.id
    WHERE ${where.join(' AND ')}
    ORDER BY ${f.bySource ? 'p.source_norm, p.status, p.id' : 'p.id'}`);
  // A term's rules (ntm add --match-case, --in-compounds) travel as properties of each of its units.
  const rules = allTermRules(db);
  for (const r of stmt.iterate(...args) as Iterable<ExportRow & { source_norm: string }>) {
    const u: StoredUnit = {
      id: r.id,
      line: r.id,
      source: r.source,
      target: r.target,
      kind: r.kind,
      status: r.status,
      by: r.approved_by,
      at: r.approved_at,
      changedBy: r.changed_by,
      changedAt: r.changed_at,
      usageCount: r.usage_count,
      tags: JSON.parse(r.tags) as string[],
      sourceNorm: r.source_norm,
    };
    if (r.ref !== null) u.ref = r.ref;
    if (r.note !== null) u.note = r.note;
    if (r.source_markup !== null) u.sourceMarkup = r.source_markup;
    if (r.target_markup !== null) u.targetMarkup = r.target_markup;
    if (r.source_lang !== null) u.sourceLang = r.source_lang;
    if (r.target_lang !== null) u.targetLang = r.target_lang;
    if (r.props !== null) u.props = JSON.parse(r.props) as UnitProp[];
    const ruleProps = r.kind === 'term' ? termRuleProps(rules.get(r.source_norm)) : [];
    if (ruleProps.length) u.props = [...(u.props ?? []), ...ruleProps];
    if (r.more_notes !== null) u.moreNotes = JSON.parse(r.more_notes) as string[];
    if (r.attrs !== null) u.attrs = JSON.parse(r.attrs) as Record<string, string>;
    yield u;
  }
}
