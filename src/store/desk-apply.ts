// Applying the desk's change sets to the local TM, in the desk's order. Each pulled change
// set becomes a change set of this TM (same uuid; `ntm changes` lists it, `ntm undo` can
// reverse it) and its ops history rows of that change set. Each pair is a register that holds
// the state of its latest change in the desk's order, so every TM that applied the same
// changes holds the same registers. Two rules keep the local rows a function of those
// registers alone:
// - a pair whose row holds a later change than the one pulled (a change made here, pushed
//   in this sync and so placed after it) keeps its state; the pulled change is only recorded
//   in the pair's history (an 'edit' row with neither side: it changed nothing here);
// - two live pairs with the same texts cannot both be live here (unique index): the one with
//   the smallest uuid is live, the others are kept hidden, and come back when it goes.
// The caller holds the write transaction (the sync's or the join's).
import type { Database, Statement } from 'better-sqlite3';
import { nfcTrim, norm } from '../core/normalize.js';
import type { PairKind } from '../core/types.js';
import { addNotice } from './desk.js';
import { applyDecisions, detailToKeep } from './desk-decisions.js';
import type { OpAction, PairState } from './desk-push.js';
import { ImportIndex } from './index-build.js';
import { indexState, syncMatchIndex } from './match-index/index.js';
import { cleanTags, getPair, invalidPairReason, snapshot } from './pairs.js';

/** SQLite page cache (KiB) while a join fills an empty TM (as an import's). */
const JOIN_CACHE_KIB = 64 * 1024;
/** SQLite page cache (KiB) while the indexes a join dropped are built again: the sorter takes as much as the cache may (see import.ts). */
const INDEX_REBUILD_CACHE_KIB = 4 * 1024;
/**
 * Indexes on pairs that a join drops while it fills an empty TM and builds again at the end:
 * sorting once is much cheaper than a million scattered updates of a growing B-tree. The
 * uuid index stays (a later op finds its pair by it; desk uuids come roughly in order).
 */
const JOIN_DROPS = ['pairs_unique_live', 'pairs_desk_hidden', 'pairs_proposed'];

export type { PairState } from './desk-push.js';

/** A change set as the desk ordered it. */
export interface DeskChange {
  seq: number;
  uuid: string;
  command: string;
  author: string;
  login: string;
  madeAt: string;
  undoes: string | null;
  detail: string | null;
}

/** One change set's change to one pair. */
export interface DeskOp {
  pair: string;
  action: OpAction;
  state: PairState;
  /** The change this one replaced without having seen it, if any. */
  overrode: number | null;
}

interface Row {
  id: number;
  kind: PairKind;
  source_norm: string;
  target_norm: string;
  deleted_at: string | null;
  desk_hidden: number;
  desk_seq: number | null;
}

/** Applies pulled change sets one op at a time; `finish` records how far it got. */
export class DeskApplier {
  private readonly st: Record<string, Statement>;
  private current: { change: DeskChange; id: number; mine: boolean; pairs: number } | null = null;
  private lastSeq = 0;
  private readonly cacheBefore: number | null = null;
  /** Indexes dropped for a join's fill, built again by `finish`. */
  private dropped: { name: string; sql: string }[] = [];
  /** While the unique index on live texts is dropped: the pairs by their texts, standing in for it. */
  private keys: KeyIds | null = null;
  /** Change sets applied (own ones coming back included). */
  changes = 0;
  /** Change sets made elsewhere. */
  theirs = 0;
  ops = 0;

  /**
   * `fresh`: the TM was empty when the pull began (a join), so an added pair cannot be here
   * yet and is inserted without looking for it.
   */
  constructor(
    private readonly db: Database,
    private readonly fresh = false,
  ) {
    this.st = {
      byUuid: db.prepare(`SELECT id, kind, source_norm, target_norm, deleted_at, desk_hidden, desk_seq FROM pairs WHERE uuid = ?`),
      changeByUuid: db.prepare(`SELECT id FROM change_sets WHERE uuid = ?`).pluck(),
      insertChange: db.prepare(`INSERT INTO change_sets (uuid, command, by, at, undoes, detail) VALUES (?, ?, ?, ?, ?, ?)`),
      placeChange: db.prepare(`INSERT OR REPLACE INTO desk_changes (change_id, seq, origin, state) VALUES (?, ?, ?, 'synced')`),
      countPairs: db.prepare(`UPDATE change_sets SET pairs = ? WHERE id = ?`),
      ownBySeq: db.prepare(`SELECT c.id, c.command FROM desk_changes d JOIN change_sets c ON c.id = d.change_id WHERE d.seq = ? AND d.origin = 'here'`),
      ownRow: db.prepare(`SELECT action, after FROM pair_history WHERE pair_id = ? AND change_id = ? ORDER BY id DESC LIMIT 1`),
      insertLive: db.prepare(
        `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status, approved_by, approved_at,
                            changed_by, changed_at, ref, note, usage_count, uuid, desk_seq, deleted_at, deleted_by, desk_hidden)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)
         ON CONFLICT (kind, source_norm, target_norm) WHERE deleted_at IS NULL DO NOTHING`,
      ),
      update: db.prepare(
        `UPDATE pairs SET kind = ?, source = ?, target = ?, source_norm = ?, target_norm = ?, source_len = ?, target_len = ?, status = ?,
           approved_by = ?, approved_at = ?, changed_by = ?, changed_at = ?, ref = ?, note = ?, desk_seq = ?,
           deleted_at = ?, deleted_by = ?, desk_hidden = ? WHERE id = ?`,
      ),
      deleteTags: db.prepare(`DELETE FROM pair_tags WHERE pair_id = ?`),
      insertTag: db.prepare(`INSERT OR IGNORE INTO pair_tags (pair_id, tag) VALUES (?, ?)`),
      history: db.prepare(`INSERT INTO pair_history (pair_id, action, at, by, before, after, change_id) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      candidates: db.prepare(
        `SELECT id, uuid, deleted_at FROM pairs WHERE kind = ? AND source_norm = ? AND target_norm = ? AND deleted_at IS NULL
         UNION ALL
         SELECT id, uuid, deleted_at FROM pairs WHERE kind = ? AND source_norm = ? AND target_norm = ? AND desk_hidden = 1`,
      ),
      hide: db.prepare(`UPDATE pairs SET deleted_at = ?, deleted_by = 'desk', desk_hidden = 1 WHERE id = ?`),
      show: db.prepare(`UPDATE pairs SET deleted_at = NULL, deleted_by = NULL, desk_hidden = 0 WHERE id = ?`),
      hold: db.prepare(`UPDATE pairs SET desk_seq = ? WHERE uuid = ? AND (desk_seq IS NULL OR desk_seq < ?)`),
    };
    if (fresh) {
      this.cacheBefore = db.pragma('cache_size', { simple: true }) as number;
      db.pragma(`cache_size = -${JOIN_CACHE_KIB}`);
      // Inside the join's transaction: a failed or killed join gets its indexes back with the rest.
      this.dropped = db
        .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'pairs' AND name IN (${JOIN_DROPS.map(() => '?').join(', ')})`)
        .all(...JOIN_DROPS) as { name: string; sql: string }[];
      if (this.dropped.some((ix) => ix.name === 'pairs_unique_live')) {
        this.keys = new KeyIds();
        this.st.insertPlain = db.prepare(
          `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status, approved_by, approved_at,
                              changed_by, changed_at, ref, note, usage_count, uuid, desk_seq, deleted_at, deleted_by, desk_hidden)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
        );
        this.st.rowById = db.prepare(`SELECT id, uuid, deleted_at, desk_hidden, kind, source_norm, target_norm FROM pairs WHERE id = ?`);
        for (const ix of this.dropped) db.exec(`DROP INDEX "${ix.name}"`);
      } else this.dropped = [];
    }
  }

  /** Starts the next change set (they come in seq order). */
  change(c: DeskChange): void {
    this.closeChange();
    const known = this.st.changeByUuid!.get(c.uuid) as number | undefined;
    let id: number;
    if (known !== undefined) {
      // Made here and pushed: its rows are here already.
      id = known;
      this.st.placeChange!.run(id, c.seq, 'here');
    } else {
      const undoes = c.undoes === null ? null : ((this.st.changeByUuid!.get(c.undoes) as number | undefined) ?? null);
      id = Number(this.st.insertChange!.run(c.uuid, c.command, c.author, c.madeAt, undoes, detailToKeep(c.detail)).lastInsertRowid);
      this.st.placeChange!.run(id, c.seq, 'desk');
      this.theirs++;
    }
    // Own ones too: a term's rules end as the last change set in the desk's order set them.
    applyDecisions(this.db, c.detail, c.author, c.madeAt);
    this.current = { change: c, id, mine: known !== undefined, pairs: 0 };
    this.lastSeq = c.seq;
    this.changes++;
  }

  /** Applies one op of the current change set. */
  op(op: DeskOp): void {
    const cur = this.current;
    if (!cur) throw new Error('DeskApplier.op before change');
    this.ops++;
    const { change, id: changeId } = cur;
    if (cur.mine) {
      this.st.hold!.run(change.seq, op.pair, change.seq);
      return;
    }
    const s = op.state;
    // Every TM skips the same malformed change (only a hand-made push can hold one), so they still agree.
    // A term's English may equal its Dutch (a do-not-translate term, a forbidden rendering that keeps the Dutch).
    if ((s.kind !== 'segment' && s.kind !== 'term') || invalidPairReason(s.source, s.target, s.kind) !== null) return;
    cur.pairs++;
    const row = this.fresh && op.action === 'add' ? undefined : (this.st.byUuid!.get(op.pair) as Row | undefined);
    if (op.overrode !== null && row) this.noteReplaced(op, change, row.id);
    if (row && (row.desk_seq === null || row.desk_seq > change.seq)) {
      this.st.history!.run(row.id, 'edit', change.madeAt, change.author, null, null, changeId);
      return;
    }
    const live = op.action !== 'delete';
    const before = row && op.action !== 'add' ? snapshot(getPair(this.db, row.id)) : null;
    const pairId = this.write(row, op.pair, s, live, change.seq, change.madeAt, change.author);
    const after = op.action === 'add' || !live ? null : JSON.stringify(s);
    this.st.history!.run(pairId, op.action, change.madeAt, change.author, before, after, changeId);
  }

  /**
   * Puts a pair back to the desk's latest state for it (`latest`), or, when the desk never
   * had it, marks it deleted here, with a history row of change set `changeId`: after the
   * desk refused a change made here.
   */
  revert(pairUuid: string, latest: { seq: number; action: OpAction; state: PairState } | null, changeId: number, at: string): void {
    const row = this.st.byUuid!.get(pairUuid) as Row | undefined;
    if (!row) return;
    const before = snapshot(getPair(this.db, row.id));
    if (!latest) {
      if (row.deleted_at !== null) return;
      this.write(row, pairUuid, JSON.parse(before) as PairState, false, 0, at, 'desk');
      this.st.history!.run(row.id, 'delete', at, 'desk', before, null, changeId);
      return;
    }
    const live = latest.action !== 'delete';
    this.write(row, pairUuid, latest.state, live, latest.seq, at, 'desk');
    this.st.history!.run(
      row.id,
      live ? (row.deleted_at !== null && row.desk_hidden === 0 ? 'restore' : 'edit') : 'delete',
      at,
      'desk',
      before,
      live ? JSON.stringify(latest.state) : null,
      changeId,
    );
  }

  /** Writes a pair's state (inserting it when new) and settles the texts it had and has. */
  private write(row: Row | undefined, pairUuid: string, s: PairState, live: boolean, seq: number, at: string, author: string): number {
    const sourceNorm = norm(s.source);
    const targetNorm = norm(s.target);
    const args = [
      s.kind,
      nfcTrim(s.source),
      nfcTrim(s.target),
      sourceNorm,
      targetNorm,
      sourceNorm.length,
      targetNorm.length,
      s.status,
      s.approvedBy,
      s.approvedAt,
      s.changedBy,
      s.changedAt,
      emptyToNull(s.ref),
      emptyToNull(s.note),
    ];
    let id: number;
    if (!row && this.keys) return this.insertFresh(args, pairUuid, s, live, seq, at, author, sourceNorm, targetNorm);
    if (!row) {
      let info = live ? this.st.insertLive!.run(...args, pairUuid, seq, null, null, 0) : null;
      if (!info || info.changes === 0) {
        // Deleted, or the same texts are live already: stored aside, then the texts settled.
        info = this.st.insertLive!.run(...args, pairUuid, seq, at, live ? 'desk' : author, live ? 1 : 0);
        id = Number(info.lastInsertRowid);
        if (live) this.settle(s.kind, sourceNorm, targetNorm, at);
      } else {
        id = Number(info.lastInsertRowid);
      }
      for (const tag of tagsOf(s)) this.st.insertTag!.run(id, tag);
      return id;
    }
    id = row.id;
    const wasLive = row.deleted_at === null || row.desk_hidden === 1;
    // Written aside first: the unique index on live texts must hold at every step.
    this.st.update!.run(...args, seq, at, live ? 'desk' : author, live ? 1 : 0, id);
    this.keys?.add(s.kind, sourceNorm, targetNorm, id);
    if (live) this.settle(s.kind, sourceNorm, targetNorm, at);
    if (wasLive && (row.kind !== s.kind || row.source_norm !== sourceNorm || row.target_norm !== targetNorm || !live)) {
      this.settle(row.kind, row.source_norm, row.target_norm, at);
    }
    this.st.deleteTags!.run(id);
    for (const tag of tagsOf(s)) this.st.insertTag!.run(id, tag);
    return id;
  }

  /**
   * write() of a new pair while a join fills an empty TM without its unique index: what the
   * insert's ON CONFLICT does, asked of the pairs' texts kept in memory instead.
   */
  private insertFresh(
    args: unknown[],
    pairUuid: string,
    s: PairState,
    live: boolean,
    seq: number,
    at: string,
    author: string,
    sourceNorm: string,
    targetNorm: string,
  ): number {
    const clash = live && this.candidates(s.kind, sourceNorm, targetNorm).some((r) => r.deleted_at === null);
    const info =
      live && !clash
        ? this.st.insertPlain!.run(...args, pairUuid, seq, null, null, 0)
        : this.st.insertPlain!.run(...args, pairUuid, seq, at, live ? 'desk' : author, live ? 1 : 0);
    const id = Number(info.lastInsertRowid);
    this.keys!.add(s.kind, sourceNorm, targetNorm, id);
    if (clash) this.settle(s.kind, sourceNorm, targetNorm, at);
    for (const tag of tagsOf(s)) this.st.insertTag!.run(id, tag);
    return id;
  }

  /** The live and the hidden pairs with these texts. */
  private candidates(kind: string, sourceNorm: string, targetNorm: string): { id: number; uuid: string | null; deleted_at: string | null }[] {
    if (!this.keys)
      return this.st.candidates!.all(kind, sourceNorm, targetNorm, kind, sourceNorm, targetNorm) as {
        id: number;
        uuid: string | null;
        deleted_at: string | null;
      }[];
    const out: { id: number; uuid: string | null; deleted_at: string | null }[] = [];
    for (const id of this.keys.ids(kind, sourceNorm, targetNorm)) {
      // A hash can collide and a pair can have been edited to other texts since: the row decides.
      const r = this.st.rowById!.get(id) as (Row & { uuid: string | null }) | undefined;
      if (r && r.kind === kind && r.source_norm === sourceNorm && r.target_norm === targetNorm && (r.deleted_at === null || r.desk_hidden === 1)) {
        out.push({ id: r.id, uuid: r.uuid, deleted_at: r.deleted_at });
      }
    }
    return out;
  }

  /** Makes the smallest-uuid pair with these texts the live one, the others hidden. */
  private settle(kind: string, sourceNorm: string, targetNorm: string, at: string): void {
    const rows = this.candidates(kind, sourceNorm, targetNorm);
    if (rows.length === 0) return;
    let winner = rows[0]!;
    for (const r of rows) if (uuidBefore(r.uuid, winner.uuid)) winner = r;
    for (const r of rows) if (r !== winner && r.deleted_at === null) this.st.hide!.run(at, r.id);
    if (winner.deleted_at !== null) this.st.show!.run(winner.id);
  }

  /**
   * Settles every text that has a hidden pair: changes made here (a delete or an edit of the
   * live one, pushed in this sync) may have left it for a hidden one to take its place.
   */
  settleHidden(at: string): void {
    const keys = this.db.prepare(`SELECT DISTINCT kind, source_norm, target_norm FROM pairs WHERE desk_hidden = 1`).all() as {
      kind: string;
      source_norm: string;
      target_norm: string;
    }[];
    for (const k of keys) this.settle(k.kind, k.source_norm, k.target_norm, at);
  }

  private noteReplaced(op: DeskOp, change: DeskChange, pairId: number): void {
    const own = this.st.ownBySeq!.get(op.overrode) as { id: number; command: string } | undefined;
    if (!own) return;
    const mine = this.st.ownRow!.get(pairId, own.id) as { action: string; after: string | null } | undefined;
    const yours = !mine || mine.action === 'delete' ? null : mine.after ? String((JSON.parse(mine.after) as PairState).target) : null;
    addNotice(this.db, new Date().toISOString(), 'replaced', {
      pairId,
      source: op.state.source,
      yours,
      theirs: op.action === 'delete' ? null : op.state.target,
      by: change.author,
      at: change.madeAt,
      command: own.command,
    });
  }

  private closeChange(): void {
    const cur = this.current;
    if (cur && !cur.mine) this.st.countPairs!.run(cur.pairs, cur.id);
    this.current = null;
  }

  /**
   * Records how far this TM has applied the desk's order, settles hidden pairs and brings the
   * lookup index up to date. Call at the end, inside the same transaction.
   */
  async finish(at: string): Promise<void> {
    this.closeChange();
    if (this.lastSeq > 0) this.db.prepare(`UPDATE desk SET last_seq = max(last_seq, ?) WHERE id = 1`).run(this.lastSeq);
    this.settleHidden(at);
    if (this.fresh) {
      // As an import: a modest cache for the sorts (a failure here, a broken uniqueness, undoes the whole join).
      if (this.dropped.length > 0) this.db.pragma(`cache_size = -${INDEX_REBUILD_CACHE_KIB}`);
      for (const ix of this.dropped) this.db.exec(ix.sql);
      this.dropped = [];
      this.keys = null;
      await buildIndex(this.db);
      this.db.pragma(`cache_size = ${this.cacheBefore}`);
    } else syncMatchIndex(this.db);
  }

  /** The last seq applied (0 when none). */
  get through(): number {
    return this.lastSeq;
  }
}

/**
 * Indexes every live approved pair of a TM that a join has just filled, once, at the end (the
 * pairs' later changes in the desk's history are applied by then): as an import does, with
 * the tokenising in a second thread.
 */
async function buildIndex(db: Database): Promise<void> {
  // The TM was empty: the index covered nothing, and nothing was logged for it since.
  const from = indexState(db).through;
  const build = new ImportIndex(db);
  try {
    const rows = db.prepare(`SELECT id, source_norm, target_norm FROM pairs WHERE id > ? AND deleted_at IS NULL AND status = 'approved' ORDER BY id`).raw();
    for (const [id, source, target] of rows.iterate(from) as Iterable<[number, string, string]>) build.add(id, source, target);
    await build.finish(db.prepare(`SELECT coalesce(max(id), 0) FROM pairs`).pluck().get() as number);
  } finally {
    build.close();
  }
}

/**
 * Pair ids by a 53-bit hash of (kind, source_norm, target_norm): every id written with those
 * texts (an id may stay listed under texts it no longer has; the caller checks the row).
 */
class KeyIds {
  private readonly map = new Map<number, number | number[]>();

  /** Lists `id` under these texts (once). */
  add(kind: string, source: string, target: string, id: number): void {
    const h = keyHash(kind, source, target);
    const at = this.map.get(h);
    if (at === undefined) this.map.set(h, id);
    else if (typeof at === 'number') {
      if (at !== id) this.map.set(h, [at, id]);
    } else if (!at.includes(id)) at.push(id);
  }

  /** The ids listed under these texts (or under another key with the same hash). */
  ids(kind: string, source: string, target: string): number[] {
    const at = this.map.get(keyHash(kind, source, target));
    return at === undefined ? [] : typeof at === 'number' ? [at] : at;
  }
}

/** Two 32-bit hashes (FNV-1a and a murmur-like mix) of the texts, with a marker before each, as one exact double. */
function keyHash(kind: string, source: string, target: string): number {
  let a = 0x811c9dc5 | 0;
  let b = 0x9747b28c | 0;
  const parts = [kind, source, target];
  for (let p = 0; p < 3; p++) {
    const text = parts[p]!;
    // Codes above 0xffff mark where a text starts, so no two keys run into each other.
    const marker = 0x10000 + p;
    a = Math.imul(a ^ marker, 0x01000193);
    b = Math.imul(b ^ marker, 0x5bd1e995);
    b ^= b >>> 15;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
  }
  return (a >>> 0) * 0x200000 + (b >>> 11);
}

/** A pair state's tags: strings only (a hand-made push may hold anything), trimmed, each once. */
function tagsOf(s: PairState): string[] {
  return Array.isArray(s.tags) && s.tags.length > 0 ? cleanTags(s.tags.filter((t): t is string => typeof t === 'string')) : [];
}

/** uuid order, with a pair not yet shared (no uuid) after every shared one. */
function uuidBefore(a: string | null, b: string | null): boolean {
  if (a === null) return false;
  if (b === null) return true;
  return a < b;
}

function emptyToNull(v: string | null | undefined): string | null {
  if (v === undefined || v === null) return null;
  const t = v.trim();
  return t.length === 0 ? null : t;
}
