// Keeping the index right: triggers on pairs (migration 004) log every change to a pair that
// the index already covers into match_pending, with the texts as they were indexed. New pairs
// need no log: the index covers ids up to match_state.indexed_through. Lookups score the
// backlog (logged pairs and ids above the mark) directly, so they are exact at any moment;
// `syncMatchIndex` folds the backlog into the posting lists, in the writer's transaction.
import type { Database } from 'better-sqlite3';
import type { Bigrams } from '../../core/grams.js';
import { POSTING_FORMAT, SOURCE_SIDE, TARGET_SIDE } from './codec.js';
import { indexState } from './state.js';
import { statements } from './statements.js';
import { ListPatch } from './patch.js';
import { addRemovals, IndexBuild, removeFromLists } from './writer.js';

/** Backlog (changed or new pairs) a writer leaves for lookups to score directly. */
export const SYNC_BACKLOG = 500;

/**
 * Folds every change since the last sync into the posting lists, when the backlog has
 * reached SYNC_BACKLOG (or always with `force`). Call inside the writing transaction.
 * Returns true when it did. Lists in another format are not added to: they are rebuilt.
 */
export function syncMatchIndex(db: Database, opts: { force?: boolean } = {}): boolean {
  const st = statements(db);
  if (indexState(db).format !== POSTING_FORMAT) {
    db.transaction(() => rebuildMatchIndex(db))();
    return true;
  }
  const backlog = (st.pendingCount.get() as number) + Math.max(0, (st.maxId.get() as number) - indexState(db).through);
  if (backlog === 0 || (!opts.force && backlog < SYNC_BACKLOG)) return false;
  // Its own transaction, or a savepoint within the caller's: the index changes all at once.
  db.transaction(() => sync(db))();
  return true;
}

/** Backlogs (pending plus new pairs) up to this many are patched into the lists in place. */
const DEFAULT_PATCH_UP_TO = 20_000;
let PATCH_UP_TO = DEFAULT_PATCH_UP_TO;

/** Sets up to which backlog a sync patches the lists in place (tests use 0 for the bulk path). */
export function setPatchUpTo(pairs = DEFAULT_PATCH_UP_TO): void {
  PATCH_UP_TO = pairs;
}

/** Removals from this many pairs on, a sync may rebuild the index instead (see `sync`; `rebuildIsCheaper`). */
const DEFAULT_REBUILD_FROM = 20_000;
let REBUILD_FROM = DEFAULT_REBUILD_FROM;

/**
 * True when taking `leaving` pairs out of the index costs more than building it again for the
 * pairs that stay: more of them leave than stay (an undone import).
 */
export function rebuildIsCheaper(db: Database, leaving: number): boolean {
  if (leaving < REBUILD_FROM) return false;
  return leaving > liveApproved(db) - leaving;
}

/** Sets from how many removed pairs a sync may rebuild instead (tests lower it). */
export function setRebuildFrom(pairs = DEFAULT_REBUILD_FROM): void {
  REBUILD_FROM = pairs;
}

function liveApproved(db: Database): number {
  return db.prepare(`SELECT count(*) FROM pairs WHERE deleted_at IS NULL AND status = 'approved'`).pluck().get() as number;
}

function sync(db: Database): void {
  const st = statements(db);
  const { through } = indexState(db);
  const maxId = st.maxId.get() as number;
  const pending = st.pending.all() as { id: number; source: string | null; target: string | null; indexed: number }[];

  // Taking a pair out costs a pass over every list its bigrams are on, however short its text;
  // indexing the pairs that stay costs what an import of them does. When more pairs leave the
  // index than stay in it (an undone import), building it anew is the cheaper of the two.
  const leaving = pending.reduce((n, p) => n + p.indexed, 0);
  if (leaving >= REBUILD_FROM && leaving > liveApproved(db)) {
    clearMatchIndex(db);
    sync(db);
    return;
  }

  // A side whose text is still what the index holds for the pair (an edit of the English
  // leaves the Dutch as it was) keeps its postings: only changed sides go out and back in.
  const current = new Map<number, [string, string]>();
  for (const [id, source, target] of db
    .prepare(
      `SELECT id, source_norm, target_norm FROM pairs WHERE id IN (SELECT pair_id FROM match_pending WHERE indexed = 1) AND deleted_at IS NULL AND status = 'approved'`,
    )
    .raw()
    .iterate() as Iterable<[number, string, string]>) {
    current.set(id, [source, target]);
  }
  const kept = new Map<number, { source: boolean; target: boolean }>();
  for (const p of pending) {
    const now = current.get(p.id);
    if (p.indexed && now) kept.set(p.id, { source: p.source === now[0], target: p.target === now[1] });
  }

  // A modest backlog is patched into the lists in place (patch.ts); a large one (an import)
  // goes through a bulk build, which writes new lists faster than patching them one by one.
  // An empty index is always built.
  const fresh = Math.max(0, maxId - through);
  if (through > 0 && pending.length + fresh <= PATCH_UP_TO) {
    const patch = new ListPatch();
    for (const p of pending) {
      if (!p.indexed) continue;
      const keep = kept.get(p.id);
      if (p.source !== null && !keep?.source) patch.remove(SOURCE_SIDE, p.source, p.id);
      if (p.target !== null && !keep?.target) patch.remove(TARGET_SIDE, p.target, p.id);
    }
    for (let after = 0; ; ) {
      const rows = st.toIndex.all(after, through, 20000) as [number, string, string][];
      if (rows.length === 0) break;
      for (const [id, source, target] of rows) {
        const keep = kept.get(id);
        if (!keep?.source) patch.add(SOURCE_SIDE, source, id);
        if (!keep?.target) patch.add(TARGET_SIDE, target, id);
      }
      after = rows[rows.length - 1]![0];
    }
    patch.apply(st);
    st.setState.run(Math.max(maxId, through));
    st.clearPending.run();
    return;
  }

  // Take out what the index holds for changed pairs (the texts as they were indexed)...
  const removals = new Map<number, Set<number>>();
  let t: Bigrams | undefined;
  for (const p of pending) {
    if (!p.indexed) continue;
    const keep = kept.get(p.id);
    if (p.source !== null && !keep?.source) t = addRemovals(removals, SOURCE_SIDE, p.source, p.id, t);
    if (p.target !== null && !keep?.target) t = addRemovals(removals, TARGET_SIDE, p.target, p.id, t);
  }
  removeFromLists(st, removals);

  // ...then index every changed or new pair that is live and approved now.
  const build = new IndexBuild(db);
  try {
    let after = 0;
    for (;;) {
      const rows = st.toIndex.all(after, through, 20000) as [number, string, string][];
      if (rows.length === 0) break;
      for (const [id, source, target] of rows) {
        const keep = kept.get(id);
        build.add(id, keep?.source ? null : source, keep?.target ? null : target);
      }
      after = rows[rows.length - 1]![0];
    }
    build.finish(Math.max(maxId, through));
  } finally {
    build.release();
  }
  st.clearPending.run();
}

/**
 * Builds the index again from the pairs alone, as `ntm doctor --repair` does: every posting
 * list and the backlog are dropped and every live approved pair is indexed. Call inside a
 * write transaction.
 */
export function rebuildMatchIndex(db: Database): void {
  clearMatchIndex(db);
  syncMatchIndex(db, { force: true });
}

/**
 * Empties the index, which then covers no pair, its lists to come in this ntm's format: the
 * next sync indexes every live approved pair. Meanwhile the triggers log nothing (they log
 * only covered pairs), so a bulk change that will leave the index to be rebuilt anyway (an
 * undone import) costs no backlog rows. Call inside a write transaction, and sync before it
 * ends.
 */
export function clearMatchIndex(db: Database): void {
  db.prepare(`DELETE FROM match_postings`).run();
  db.prepare(`DELETE FROM match_pending`).run();
  db.prepare(`UPDATE match_state SET indexed_through = 0, generation = generation + 1, format = ? WHERE id = 1`).run(POSTING_FORMAT);
}
