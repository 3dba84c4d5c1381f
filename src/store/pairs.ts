// Pairs: add, read, edit, delete and restore, with history. Plain functions taking the db
// first; statements are prepared once per connection.
import type { Database, Statement } from 'better-sqlite3';
import { NotFoundError, InputError } from '../core/errors.js';
import { nfcTrim, norm } from '../core/normalize.js';
import { unsafeTextReason } from '../core/text-safety.js';
import type { NewPair, Pair, PairKind, PairStatus } from '../core/types.js';
import { changeId } from './changes.js';
import { syncMatchIndex } from './match-index/index.js';
import { assertMayChange } from './reviewers.js';

interface PairRow {
  id: number;
  kind: PairKind;
  source: string;
  target: string;
  status: PairStatus;
  approved_by: string;
  approved_at: string;
  changed_by: string;
  changed_at: string;
  ref: string | null;
  note: string | null;
  tags: string;
  usage_count: number;
  deleted_at: string | null;
  deleted_by: string | null;
}

const SELECT_PAIR = `
  SELECT p.id, p.kind, p.source, p.target, p.status, p.approved_by, p.approved_at,
         p.changed_by, p.changed_at, p.ref, p.note, p.usage_count, p.deleted_at, p.deleted_by,
         (SELECT json_group_array(tag) FROM (SELECT tag FROM pair_tags t WHERE t.pair_id = p.id ORDER BY tag)) AS tags
  FROM pairs p`;

function toPair(row: PairRow): Pair {
  return {
    id: row.id,
    kind: row.kind,
    source: row.source,
    target: row.target,
    status: row.status,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    changedBy: row.changed_by,
    changedAt: row.changed_at,
    ref: row.ref,
    note: row.note,
    tags: JSON.parse(row.tags) as string[],
    usageCount: row.usage_count,
    deletedAt: row.deleted_at,
    deletedBy: row.deleted_by,
  };
}

interface Statements {
  insert: Statement;
  insertNew: Statement;
  insertTag: Statement;
  insertHistory: Statement;
  findLive: Statement;
}

const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      // Positional parameters and ON CONFLICT: the cheapest form, since imports run it a
      // million times. The conflict target is the partial unique index on live pairs.
      insert: db.prepare(`
        INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status,
                           approved_by, approved_at, changed_by, changed_at, ref, note, usage_count)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (kind, source_norm, target_norm) WHERE deleted_at IS NULL DO NOTHING`),
      insertNew: db.prepare(`
        INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status,
                           approved_by, approved_at, changed_by, changed_at, ref, note, usage_count)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertTag: db.prepare(`INSERT OR IGNORE INTO pair_tags (pair_id, tag) VALUES (?, ?)`),
      insertHistory: db.prepare(`INSERT INTO pair_history (pair_id, action, at, by, before, after, change_id) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      findLive: db.prepare(`SELECT id, status FROM pairs WHERE kind = ? AND source_norm = ? AND target_norm = ? AND deleted_at IS NULL`),
    };
    cache.set(db, s);
  }
  return s;
}

/** The current time as stored: ISO 8601 in UTC. */
export function now(): string {
  return new Date().toISOString();
}

export type AddOutcome =
  | { outcome: 'added'; id: number }
  | { outcome: 'duplicate'; id: number }
  /** A proposed pair that the writer, who may approve, wrote again: now approved. */
  | { outcome: 'promoted'; id: number }
  | { outcome: 'conflict'; id: number; existingStatus: PairStatus };

/** Writes a history row of the running command's change set. */
function writeHistory(db: Database, id: number, action: HistoryEntry['action'], at: string, by: string, before: string | null, after: string | null): void {
  statements(db).insertHistory.run(id, action, at, by, before, after, changeId(db));
}

/**
 * Why a pair cannot be stored at all, or null when it can. A term may have English equal to
 * its Dutch (a name the desk does not translate, or a rejected rendering that left the word
 * untranslated); a sentence may not.
 */
export function invalidPairReason(source: string, target: string, kind: PairKind = 'segment'): string | null {
  return (
    unsafeTextReason(source, 'the Dutch text') ?? unsafeTextReason(target, 'the English text') ?? invalidNormalizedReason(norm(source), norm(target), kind)
  );
}

/**
 * A lone UTF-16 surrogate (half of a character), which SQLite would store as invalid UTF-8
 * and read back as U+FFFD: only the library API can hand one over (every file reader decodes
 * UTF-8, which cannot carry one).
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a text field cannot be stored (it is not well-formed UTF-16), or null. */
export function illFormedReason(what: string, value: string | null | undefined): string | null {
  return value && LONE_SURROGATE.test(value) ? `the ${what} holds half of a character (a lone UTF-16 surrogate)` : null;
}

/** `invalidPairReason` for texts already normalised. */
export function invalidNormalizedReason(s: string, t: string, kind: PairKind = 'segment'): string | null {
  const broken = illFormedReason('Dutch text', s) ?? illFormedReason('English text', t);
  if (broken) return broken;
  if (s.length === 0 && t.length === 0) return 'both the Dutch and the English text are empty';
  if (s.length === 0) return 'the Dutch text is empty';
  if (t.length === 0) return 'the English text is empty';
  if (s === t && kind !== 'term') return 'the English text is the same as the Dutch (nothing was translated)';
  return null;
}

/**
 * Stores one pair unless the same (kind, source, target) is already live: then it reports
 * a duplicate (same status) or a conflict (approved vs forbidden). Call inside a transaction
 * when adding several.
 */
export function addPair(db: Database, p: NewPair): AddOutcome {
  const reason = invalidPairReason(p.source, p.target, p.kind);
  if (reason) throw new InputError(reason);
  const at = p.at ?? now();
  const r = insertPair(db, p, norm(p.source), norm(p.target), at);
  if (r.outcome === 'added') {
    writeHistory(db, r.id, 'add', at, p.by, null, null);
    syncMatchIndex(db);
  }
  return r;
}

/**
 * The insert behind addPair, without the history row and the index sync: bulk imports write
 * those for all their pairs at once (`recordAdds`, `syncMatchIndex`). The texts must be
 * valid (see invalidNormalizedReason).
 */
export function insertPair(db: Database, p: NewPair, sourceNorm: string, targetNorm: string, at: string, opts: { knownNew?: boolean } = {}): AddOutcome {
  const st = statements(db);
  const broken =
    illFormedReason('approver', p.by) ??
    illFormedReason('changer', p.changedBy) ??
    illFormedReason('reference', p.ref) ??
    illFormedReason('note', p.note) ??
    (p.tags ?? []).map((t) => illFormedReason('tag', t)).find((r) => r !== null);
  if (broken) throw new InputError(broken);
  const status: PairStatus = p.status ?? 'approved';
  // knownNew: the caller has made sure no live pair has this (kind, source, target), as a
  // bulk import does while the unique index is rebuilt (see import.ts).
  const info = (opts.knownNew ? st.insertNew : st.insert).run(
    p.kind,
    nfcTrim(p.source),
    nfcTrim(p.target),
    sourceNorm,
    targetNorm,
    sourceNorm.length,
    targetNorm.length,
    status,
    p.by,
    at,
    p.changedBy ?? p.by,
    p.changedAt ?? at,
    emptyToNull(p.ref),
    emptyToNull(p.note),
    p.usageCount ?? 0,
  );
  if (info.changes === 0) {
    // The same (kind, source, target) is live already.
    const existing = st.findLive.get(p.kind, sourceNorm, targetNorm) as { id: number; status: PairStatus };
    return sameKeyOutcome(db, existing, status, p.by, at);
  }
  const id = Number(info.lastInsertRowid);
  if (p.tags && p.tags.length > 0) for (const tag of cleanTags(p.tags)) st.insertTag.run(id, tag);
  return { outcome: 'added', id };
}

/**
 * What storing a pair whose (kind, source, target) is already live comes to: the same pair
 * (a duplicate; so is a proposal of what the desk approved), a proposal approved now (the
 * writer may approve), or a conflict between approved or proposed and forbidden.
 */
export function sameKeyOutcome(db: Database, existing: { id: number; status: PairStatus }, status: PairStatus, by: string, at: string): AddOutcome {
  if (existing.status === status) return { outcome: 'duplicate', id: existing.id };
  if (existing.status === 'approved' && status === 'proposed') return { outcome: 'duplicate', id: existing.id };
  if (existing.status === 'proposed' && status === 'approved') {
    promotePair(db, existing.id, by, at);
    return { outcome: 'promoted', id: existing.id };
  }
  return { outcome: 'conflict', id: existing.id, existingStatus: existing.status };
}

/** Makes a proposed pair approved by `by` (a reviewer's acceptance); history keeps the proposal. */
export function promotePair(db: Database, id: number, by: string, at = now()): Pair {
  const before = getPair(db, id);
  db.prepare(`UPDATE pairs SET status = 'approved', approved_by = ?, approved_at = ?, changed_by = ?, changed_at = ? WHERE id = ?`).run(by, at, by, at, id);
  const after = getPair(db, id);
  writeHistory(db, id, 'edit', at, by, snapshot(before), snapshot(after));
  syncMatchIndex(db);
  return after;
}

/**
 * A pair's fields as history keeps them (JSON): kind, source, target, status, approvedBy,
 * approvedAt, changedBy, changedAt, ref, note, tags. `SNAPSHOT_SQL` builds the same in SQL.
 */
export const SNAPSHOT_SQL = `json_object('kind', p.kind, 'source', p.source, 'target', p.target, 'status', p.status,
  'approvedBy', p.approved_by, 'approvedAt', p.approved_at, 'changedBy', p.changed_by, 'changedAt', p.changed_at,
  'ref', p.ref, 'note', p.note,
  'tags', (SELECT json_group_array(tag) FROM (SELECT tag FROM pair_tags t WHERE t.pair_id = p.id ORDER BY tag)))`;

/**
 * Writes the 'add' history row of every pair with an id above `afterId` (a bulk import's).
 * Like every 'add' row it keeps no copy of the pair (a third more file for an import): the
 * pair as added is the `before` of its next history row, or the pair itself (`replayRow`).
 */
export function recordAdds(db: Database, afterId: number): void {
  if (db.prepare(`SELECT NOT EXISTS (SELECT 1 FROM pairs WHERE id > ?)`).pluck().get(afterId) === 1) return;
  db.prepare(
    `INSERT INTO pair_history (pair_id, action, at, by, before, after, change_id)
     SELECT p.id, 'add', p.approved_at, p.approved_by, NULL, NULL, ? FROM pairs p WHERE p.id > ? ORDER BY p.id`,
  ).run(changeId(db), afterId);
}

function emptyToNull(v: string | null | undefined): string | null {
  if (v === undefined || v === null) return null;
  const t = v.trim();
  return t.length === 0 ? null : t;
}

/** Tags trimmed, empty ones dropped, each once. */
export function cleanTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))];
}

// Reading a pair by id needs only the columns and tables of schema 1, so a reference TM
// of any schema can be read (store/reference.ts) without preparing the writers above.
const byIdCache = new WeakMap<Database, Statement>();

function byId(db: Database): Statement {
  let st = byIdCache.get(db);
  if (!st) byIdCache.set(db, (st = db.prepare(`${SELECT_PAIR} WHERE p.id = ?`)));
  return st;
}

/** A pair by id, deleted or not; throws NotFoundError when there is none. */
export function getPair(db: Database, id: number): Pair {
  const row = byId(db).get(id) as PairRow | undefined;
  if (!row) throw new NotFoundError(`There is no pair #${id}.`);
  return toPair(row);
}

/** Several pairs by id, in the order of the ids given (missing ids left out). */
export function getPairs(db: Database, ids: readonly number[]): Pair[] {
  const st = byId(db);
  const out: Pair[] = [];
  for (const id of ids) {
    const row = st.get(id) as PairRow | undefined;
    if (row) out.push(toPair(row));
  }
  return out;
}

export interface ListOptions {
  kind?: PairKind;
  status?: PairStatus;
  deleted?: boolean;
  tag?: string;
  /** Further conditions (article, approver, date, …): store/filter.ts's SQL. */
  where?: { where: string[]; args: unknown[] };
  limit: number;
  offset?: number;
}

/** Pairs newest first, filtered. */
export function listPairs(db: Database, o: ListOptions): Pair[] {
  const where = [o.deleted ? 'p.deleted_at IS NOT NULL' : 'p.deleted_at IS NULL'];
  const args: unknown[] = [];
  if (o.kind) {
    where.push('p.kind = ?');
    args.push(o.kind);
  }
  if (o.status) {
    where.push('p.status = ?');
    args.push(o.status);
  }
  if (o.tag) {
    where.push('EXISTS (SELECT 1 FROM pair_tags t WHERE t.pair_id = p.id AND t.tag = ?)');
    args.push(o.tag);
  }
  if (o.where) {
    where.push(...o.where.where);
    args.push(...o.where.args);
  }
  const sql = `${SELECT_PAIR} WHERE ${where.join(' AND ')} ORDER BY p.id DESC LIMIT ? OFFSET ?`;
  return (db.prepare(sql).all(...args, o.limit, o.offset ?? 0) as PairRow[]).map(toPair);
}

export interface PairChanges {
  source?: string;
  target?: string;
  note?: string | null;
  ref?: string | null;
  status?: PairStatus;
  addTags?: string[];
  removeTags?: string[];
}

/** A pair as history keeps it (see SNAPSHOT_SQL). */
export function snapshot(p: Pair): string {
  return JSON.stringify({
    kind: p.kind,
    source: p.source,
    target: p.target,
    status: p.status,
    approvedBy: p.approvedBy,
    approvedAt: p.approvedAt,
    changedBy: p.changedBy,
    changedAt: p.changedAt,
    ref: p.ref,
    note: p.note,
    tags: p.tags,
  });
}

/** Changes a live pair; the pair as it was is kept in its history. Returns the new pair. */
export function editPair(db: Database, id: number, changes: PairChanges, by: string): Pair {
  return db
    .transaction(() => {
      const before = getPair(db, id);
      if (before.deletedAt) throw new NotFoundError(`Pair #${id} is deleted; restore it first with "ntm restore ${id}".`);
      assertMayChange(db, by, before, changes.status);
      for (const [text, what] of [
        [changes.note, 'the note'],
        [changes.ref, 'the article reference'],
        ...(changes.addTags ?? []).map((t) => [t, 'a tag']),
      ] as const) {
        const unsafe = text ? unsafeTextReason(text, what) : null;
        if (unsafe) throw new InputError(unsafe);
      }
      const source = changes.source ?? before.source;
      const target = changes.target ?? before.target;
      const reason =
        invalidPairReason(source, target, before.kind) ??
        illFormedReason('changer', by) ??
        illFormedReason('note', changes.note) ??
        illFormedReason('reference', changes.ref) ??
        (changes.addTags ?? []).map((t) => illFormedReason('tag', t)).find((r) => r !== null);
      if (reason) throw new InputError(reason);
      const status = changes.status ?? before.status;
      const sourceNorm = norm(source);
      const targetNorm = norm(target);
      const clash = statements(db).findLive.get(before.kind, sourceNorm, targetNorm) as { id: number } | undefined;
      if (clash && clash.id !== id) {
        throw new InputError(`that would make #${id} the same pair as #${clash.id}; edit or delete #${clash.id} instead`);
      }
      const at = now();
      db.prepare(
        `UPDATE pairs SET source = ?, target = ?, source_norm = ?, target_norm = ?, source_len = ?, target_len = ?,
         status = ?, note = ?, ref = ?, changed_by = ?, changed_at = ? WHERE id = ?`,
      ).run(
        source.normalize('NFC').trim(),
        target.normalize('NFC').trim(),
        sourceNorm,
        targetNorm,
        sourceNorm.length,
        targetNorm.length,
        status,
        changes.note === undefined ? before.note : emptyToNull(changes.note),
        changes.ref === undefined ? before.ref : emptyToNull(changes.ref),
        by,
        at,
        id,
      );
      for (const tag of cleanTags(changes.addTags ?? [])) statements(db).insertTag.run(id, tag);
      const removeTag = db.prepare(`DELETE FROM pair_tags WHERE pair_id = ? AND tag = ?`);
      for (const tag of cleanTags(changes.removeTags ?? [])) removeTag.run(id, tag);
      const after = getPair(db, id);
      writeHistory(db, id, 'edit', at, by, snapshot(before), snapshot(after));
      syncMatchIndex(db);
      return after;
    })
    .immediate();
}

/** Marks a pair deleted; it stays in the database and `restorePair` brings it back. */
export function deletePair(db: Database, id: number, by: string): Pair {
  return db
    .transaction(() => {
      const before = getPair(db, id);
      if (before.deletedAt) throw new NotFoundError(`Pair #${id} is already deleted.`);
      assertMayChange(db, by, before);
      const at = now();
      db.prepare(`UPDATE pairs SET deleted_at = ?, deleted_by = ? WHERE id = ?`).run(at, by, id);
      writeHistory(db, id, 'delete', at, by, snapshot(before), null);
      syncMatchIndex(db);
      return getPair(db, id);
    })
    .immediate();
}

/** Brings a deleted pair back, unless an identical pair has been added since. */
export function restorePair(db: Database, id: number, by: string): Pair {
  return db
    .transaction(() => {
      const before = getPair(db, id);
      if (!before.deletedAt) throw new NotFoundError(`Pair #${id} is not deleted; nothing to restore.`);
      assertMayChange(db, by, before);
      const unsafe = invalidPairReason(before.source, before.target, before.kind);
      if (unsafe) throw new InputError(`#${id} cannot come back as it is: ${unsafe}`);
      // The key the unique index on live pairs compares: the stored normal forms.
      const key = db.prepare(`SELECT source_norm, target_norm FROM pairs WHERE id = ?`).get(id) as { source_norm: string; target_norm: string };
      const clash = statements(db).findLive.get(before.kind, key.source_norm, key.target_norm) as { id: number } | undefined;
      if (clash) throw new InputError(`#${id} cannot come back: the same pair is stored again as #${clash.id}`);
      const at = now();
      db.prepare(`UPDATE pairs SET deleted_at = NULL, deleted_by = NULL WHERE id = ?`).run(id);
      writeHistory(db, id, 'restore', at, by, null, snapshot(before));
      syncMatchIndex(db);
      return getPair(db, id);
    })
    .immediate();
}

export interface HistoryEntry {
  action: 'add' | 'edit' | 'delete' | 'restore';
  at: string;
  by: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The change set that made it (none for changes from before schema 6). */
  change: number | null;
}

/** Every recorded change to a pair, oldest first. */
export function pairHistory(db: Database, id: number): HistoryEntry[] {
  getPair(db, id);
  const rows = db.prepare(`SELECT action, at, by, before, after, change_id FROM pair_history WHERE pair_id = ? ORDER BY id`).all(id) as {
    action: HistoryEntry['action'];
    at: string;
    by: string;
    before: string | null;
    after: string | null;
    change_id: number | null;
  }[];
  return rows.map((r) => ({
    action: r.action,
    at: r.at,
    by: r.by,
    before: r.before ? (JSON.parse(r.before) as Record<string, unknown>) : null,
    after: r.after ? (JSON.parse(r.after) as Record<string, unknown>) : null,
    change: r.change_id,
  }));
}

/** Counts one use of a pair (a translator took its wording). */
export function recordUse(db: Database, id: number): void {
  db.prepare(`UPDATE pairs SET usage_count = usage_count + 1, last_used_at = ? WHERE id = ? AND deleted_at IS NULL`).run(now(), id);
}
