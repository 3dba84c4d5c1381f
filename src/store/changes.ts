// Change sets: every command that writes records one, and every history row it writes names
// it. A change set is what `ntm changes` lists and `ntm undo` reverses; its uuid identifies it
// beyond this file (a shared desk TM exchanges change sets). Commands open one around their
// work (`inChangeSet`); the store's writers ask for its id (`changeId`) when they write
// history, so a command that ends up writing nothing records no change set at all.
import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../core/errors.js';
import { writeTransaction } from './transaction.js';

/** What a change set is about: the command, who ran it, and what it was given. */
export interface ChangeMeta {
  command: string;
  by: string;
  /** What the command was given (files, a phrase, a reviewer …), shown by `ntm changes`. */
  detail?: Record<string, unknown>;
  /** For an undo: the change set it reverses. */
  undoes?: number;
}

/** A recorded change set. */
export interface ChangeSet {
  id: number;
  uuid: string;
  command: string;
  by: string;
  at: string;
  /** Pairs touched. */
  pairs: number;
  undoes: number | null;
  /** The change set that undid this one, if any (and was not itself undone). */
  undoneBy: number | null;
  detail: Record<string, unknown> | null;
}

interface Open {
  meta: ChangeMeta;
  id: number | null;
}

const open = new WeakMap<Database, Open>();

/**
 * The id of the change set the running command writes into, its row made on first use;
 * null when no command opened one (a library caller writing directly).
 */
export function changeId(db: Database): number | null {
  const o = open.get(db);
  if (!o) return null;
  if (o.id === null) {
    const { meta } = o;
    const info = db
      .prepare(`INSERT INTO change_sets (uuid, command, by, at, undoes, detail) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(randomUUID(), meta.command, meta.by, new Date().toISOString(), meta.undoes ?? null, meta.detail ? JSON.stringify(meta.detail) : null);
    o.id = Number(info.lastInsertRowid);
  }
  return o.id;
}

/**
 * Adds `entries` to list `key` in the running change set's detail: what a command changed
 * besides pairs (a term's rules, accepted findings), so that `ntm changes` shows it and
 * `ntm undo` reverses it. Makes the change set if need be; nothing when no command opened one.
 */
export function recordDetail(db: Database, key: 'termRules' | 'accepted' | 'withdrawn', entries: readonly unknown[]): void {
  if (entries.length === 0) return;
  const id = changeId(db);
  if (id === null) return;
  const append = db.prepare(`UPDATE change_sets SET detail = json_insert(coalesce(detail, '{}'), ?, json(?)) WHERE id = ?`);
  for (const e of entries) append.run(`$.${key}[#]`, JSON.stringify(e), id);
}

/** Counts the pairs a change set touched, once its rows are written. */
function finish(db: Database, id: number): void {
  db.prepare(`UPDATE change_sets SET pairs = (SELECT count(DISTINCT pair_id) FROM pair_history WHERE change_id = ?) WHERE id = ?`).run(id, id);
}

/**
 * Runs `fn` as one change set in one IMMEDIATE transaction (a savepoint inside a caller's
 * transaction). Returns what `fn` returns and the change set's id, or null if nothing was written.
 * `into` continues an earlier change set (an interactive review writes decision by decision).
 */
export function inChangeSet<T>(db: Database, meta: ChangeMeta, fn: () => T, into?: number): { result: T; change: number | null } {
  return writeTransaction(db, () => {
    const previous = open.get(db);
    const o: Open = { meta, id: into ?? null };
    open.set(db, o);
    try {
      const result = fn();
      if (o.id !== null) finish(db, o.id);
      return { result, change: o.id };
    } finally {
      if (previous) open.set(db, previous);
      else open.delete(db);
    }
  });
}

/** `inChangeSet` for asynchronous work; the caller holds the transaction (an import's). */
export async function inChangeSetAsync<T>(db: Database, meta: ChangeMeta, fn: () => Promise<T>): Promise<{ result: T; change: number | null }> {
  if (!db.inTransaction) throw new Error('inChangeSetAsync needs an open transaction');
  const o: Open = { meta, id: null };
  open.set(db, o);
  try {
    const result = await fn();
    if (o.id !== null) finish(db, o.id);
    return { result, change: o.id };
  } finally {
    open.delete(db);
  }
}

interface Row {
  id: number;
  uuid: string;
  command: string;
  by: string;
  at: string;
  pairs: number;
  undoes: number | null;
  undone_by: number | null;
  detail: string | null;
}

const SELECT = `SELECT c.id, c.uuid, c.command, c.by, c.at, c.pairs, c.undoes, c.detail,
  (SELECT max(u.id) FROM change_sets u WHERE u.undoes = c.id
     AND NOT EXISTS (SELECT 1 FROM change_sets r WHERE r.undoes = u.id AND r.id > u.id)) AS undone_by
  FROM change_sets c`;

function toChange(r: Row): ChangeSet {
  return {
    id: r.id,
    uuid: r.uuid,
    command: r.command,
    by: r.by,
    at: r.at,
    pairs: r.pairs,
    undoes: r.undoes,
    undoneBy: r.undone_by,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
  };
}

/** Change sets newest first. */
export function listChanges(db: Database, o: { limit: number; by?: string }): ChangeSet[] {
  const rows = o.by
    ? db.prepare(`${SELECT} WHERE c.by = ? ORDER BY c.id DESC LIMIT ?`).all(o.by, o.limit)
    : db.prepare(`${SELECT} ORDER BY c.id DESC LIMIT ?`).all(o.limit);
  return (rows as Row[]).map(toChange);
}

/** One change set by id; NotFoundError when there is none. */
export function getChange(db: Database, id: number): ChangeSet {
  const row = db.prepare(`${SELECT} WHERE c.id = ?`).get(id) as Row | undefined;
  if (!row) throw new NotFoundError(`There is no change set #${id} ("ntm changes" lists them).`);
  return toChange(row);
}
