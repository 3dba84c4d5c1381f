// Terms and approved segment targets as the check needs them, and the listings behind
// `ntm terms` and `ntm conflicts`.
import type { Database } from 'better-sqlite3';
import { foldCase, norm } from '../core/normalize.js';
import { buildTermIndex, COMPOUND_SCOPES, termsInText, type CompoundScope, type TermEntry, type TermIndex, type TermInText } from '../core/terms.js';
import type { UnitProp } from '../core/units.js';
import type { Pair, PairKind } from '../core/types.js';
import { recordDetail } from './changes.js';
import { getPairs } from './pairs.js';
import { changeStamp } from './stamp.js';

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

/** How a term is found in a text, as the desk set it (`ntm add --match-case`, `--in-compounds`). */
export interface TermRules {
  matchCase: boolean;
  compounds: CompoundScope;
}

function groupTerms(rows: Iterable<TermRow>, rules: ReadonlyMap<string, TermRules> = new Map()): TermListing[] {
  const bySource = new Map<string, TermListing>();
  for (const r of rows) {
    let t = bySource.get(r.source_norm);
    if (!t) {
      t = { source: r.source, approved: [], forbidden: [], note: null, approvedIds: [], forbiddenIds: [] };
      const rule = rules.get(r.source_norm);
      if (rule?.matchCase) t.matchCase = true;
      if (rule && rule.compounds !== 'both') t.compounds = rule.compounds;
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
  return groupTerms(
    rows.map(([id, source, source_norm, target, status, note]) => ({ id, source, source_norm, target, status, note })),
    allTermRules(db),
  );
}

/** TMX properties that carry a term's rules through export and import. */
const RULE_PROPS = { matchCase: 'x-ntm-match-case', compounds: 'x-ntm-compounds' } as const;

/** A term's rules as TMX properties (none for the defaults). */
export function termRuleProps(rules: TermRules | undefined): UnitProp[] {
  const out: UnitProp[] = [];
  if (rules?.matchCase) out.push({ type: RULE_PROPS.matchCase, value: 'yes' });
  if (rules && rules.compounds !== 'both') out.push({ type: RULE_PROPS.compounds, value: rules.compounds });
  return out;
}

/** Takes a term's rule properties out of a unit's properties; null when it has none. */
export function takeTermRuleProps(unit: { props?: UnitProp[] }): Partial<TermRules> | null {
  if (!unit.props?.length) return null;
  const rules: Partial<TermRules> = {};
  const rest = unit.props.filter((p) => {
    const type = p.type.toLowerCase();
    if (type === RULE_PROPS.matchCase) rules.matchCase = /^(yes|true|1)$/i.test(p.value.trim());
    else if (type === RULE_PROPS.compounds && (COMPOUND_SCOPES as readonly string[]).includes(p.value.trim()))
      rules.compounds = p.value.trim() as CompoundScope;
    else return true;
    return false;
  });
  if (rest.length === unit.props.length) return null;
  if (rest.length) unit.props = rest;
  else delete unit.props;
  return rules;
}

/** Every term's rules, by source_norm. */
export function allTermRules(db: Database): Map<string, TermRules> {
  const rows = db.prepare(`SELECT source_norm, match_case, compounds FROM term_rules`).raw(true).all() as [string, number, CompoundScope][];
  return new Map(rows.map(([s, m, c]) => [s, { matchCase: m === 1, compounds: c }]));
}

/** The rules stored for a term (by its Dutch), or the defaults. */
export function getTermRules(db: Database, source: string): TermRules {
  const r = db.prepare(`SELECT match_case, compounds FROM term_rules WHERE source_norm = ?`).get(norm(source)) as
    | { match_case: number; compounds: CompoundScope }
    | undefined;
  return r ? { matchCase: r.match_case === 1, compounds: r.compounds } : { matchCase: false, compounds: 'both' };
}

/** A change of a term's rules as its change set records it (detail.termRules), for undo. */
export interface TermRulesChange {
  source: string;
  before: TermRules;
  after: TermRules;
}

/**
 * Changes how a term is found: the rules given replace the stored ones, the rest stay; a
 * change is recorded in the running change set. Returns the rules now in force and whether
 * anything changed. Call inside a transaction.
 */
export function setTermRules(db: Database, source: string, change: Partial<TermRules>, by: string, at: string): { rules: TermRules; changed: boolean } {
  const before = getTermRules(db, source);
  const rules = { ...before, ...change };
  const changed = rules.matchCase !== before.matchCase || rules.compounds !== before.compounds;
  if (changed) {
    db.prepare(
      `INSERT INTO term_rules (source_norm, match_case, compounds, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (source_norm) DO UPDATE SET match_case = excluded.match_case, compounds = excluded.compounds,
         changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
    ).run(norm(source), rules.matchCase ? 1 : 0, rules.compounds, by, at);
    recordDetail(db, 'termRules', [{ source: source.trim(), before, after: rules } satisfies TermRulesChange]);
  }
  return { rules, changed };
}

interface CachedTermIndex {
  index: TermIndex;
  /** SQLite's data_version (other connections' commits) and this connection's total_changes() when built. */
  stamp: string;
}

const termIndexes = new WeakMap<Database, CachedTermIndex>();

/** Words whose compound parts a long-lived index remembers before it starts afresh. */
const COMPOUND_CACHE_LIMIT = 50_000;

/**
 * The TM's terms, indexed for finding in text. Kept per connection for a process that keeps
 * the TM open (ntm serve) and built again only when the TM has changed since: another
 * connection committed (data_version) or this one wrote (total_changes).
 */
export function termIndexOf(db: Database): TermIndex {
  const stamp = changeStamp(db);
  const cached = termIndexes.get(db);
  if (cached && cached.stamp === stamp) {
    if (cached.index.compoundCache.size > COMPOUND_CACHE_LIMIT) cached.index.compoundCache.clear();
    return cached.index;
  }
  const index = buildTermIndex(loadTermEntries(db));
  termIndexes.set(db, { index, stamp });
  return index;
}

/**
 * The stored terms a Dutch text holds, with their approved and forbidden renderings (the
 * term pane; JSON `terms` of lookup). One function for every caller: lookup, serve, pretranslate notes.
 */
export function storedTermsIn(db: Database, text: string): TermInText[] {
  return termsInText(termIndexOf(db), text);
}

/** Terms alphabetically, optionally only those whose Dutch or English contains `filter` (any case). */
export function listTerms(db: Database, o: { filter?: string; limit: number }): TermListing[] {
  const all = groupTerms(db.prepare(`${TERM_ROWS} ORDER BY lower(source_norm), source_norm, status, id`).iterate() as Iterable<TermRow>, allTermRules(db));
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
