// Applying the desk's changes to the local TM, in the desk's order. Each pair is a register
// that holds the state of its latest change in server order, so every TM that applied the
// same changes holds the same registers. Two rules keep the local rows a function of those
// registers alone, whatever order the changes reached this TM in:
// - a change made here and not yet ordered by the desk wins over anything pulled (it will be
//   pushed, and then it is the later one);
// - two live pairs with the same texts cannot both be live here (unique index): the one with
//   the smallest uuid is live, the others are kept hidden, and come back when it goes.
// The caller holds the write transaction.
import type { Database, Statement } from 'better-sqlite3';
import { nfcTrim, norm } from '../core/normalize.js';
import type { PairKind } from '../core/types.js';
import { syncMatchIndex } from './match-index.js';
import { cleanTags, getPair, invalidNormalizedReason, snapshot } from './pairs.js';

/** A pair as the desk shares it: what `snapshot` keeps. */
export interface PairState {
  kind: PairKind;
  source: string;
  target: string;
  status: string;
  approvedBy: string;
  approvedAt: string;
  changedBy: string;
  changedAt: string;
  ref: string | null;
  note: string | null;
  tags: string[];
}

/** A change set as the desk ordered it. */
export interface DeskChange {
  seq: number;
  uuid: string;
  command: string;
  author: string;
  login: string;
  madeAt: string;
}

/** One change set's change to one pair. */
export interface DeskOp {
  pair: string;
  action: 'add' | 'edit' | 'delete' | 'restore';
  state: PairState;
  /** The change this one replaced without having seen it, if any. */
  overrode: number | null;
}

/** A change made here that a later one replaced (told to the user at the next sync). */
export interface Replaced {
  pairId: number;
  source: string;
  yours: string | null;
  theirs: string | null;
  by: string;
  at: string;
  command: string;
}

interface Row {
  id: number;
  kind: PairKind;
  source_norm: string;
  target_norm: string;
  deleted_at: string | null;
  desk_hidden: number;
  desk_seq: number | null;
  uuid: string | null;
}

const STATUSES = new Set(['approved', 'forbidden', 'proposed']);

/** Applies pulled change sets one op at a time; `finish` records how far it got. */
export class DeskApplier {
  private readonly st: Record<string, Statement>;
  private current: { change: DeskChange; mine: boolean } | null = null;
  private lastSeq = 0;
  private allowed: Set<string>;
  changes = 0;
  ops = 0;
  readonly replaced: Replaced[] = [];

  constructor(private readonly db: Database) {
    const sql = (db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'pairs'`).pluck().get() as string) ?? '';
    // The statuses this TM's schema can hold (an older schema cannot hold 'proposed').
    this.allowed = new Set([...STATUSES].filter((s) => sql.includes(`'${s}'`)));
    this.st = {
      byUuid: db.prepare(`SELECT id, kind, source_norm, target_norm, deleted_at, desk_hidden, desk_seq, uuid FROM pairs WHERE uuid = ?`),
      change: db.prepare(`SELECT origin, ops FROM desk_changes WHERE uuid = ?`),
      ownBySeq: db.prepare(`SELECT uuid, ops, command FROM desk_changes WHERE seq = ? AND origin = 'here'`),
      insertChange: db.prepare(
        `INSERT INTO desk_changes (uuid, seq, origin, state, command, author, made_at) VALUES (?, ?, 'desk', 'synced', ?, ?, ?)`,
      ),
      markSynced: db.prepare(`UPDATE desk_changes SET seq = ?, state = 'synced' WHERE uuid = ?`),
      ownOps: db.prepare(
        `SELECT max(c.state = 'pending') AS pending, max(CASE WHEN c.state = 'synced' THEN c.seq END) AS seq
         FROM desk_own_ops o JOIN desk_changes c ON c.uuid = o.change_uuid WHERE o.pair_uuid = ?`,
      ),
      insertLive: db.prepare(
        `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status, approved_by, approved_at,
                            changed_by, changed_at, ref, note, usage_count, uuid, desk_seq, deleted_at, deleted_by, desk_hidden)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)
         ON CONFLICT (kind, source_norm, target_norm) WHERE deleted_at IS NULL DO NOTHING`),
      update: db.prepare(
        `UPDATE pairs SET kind = ?, source = ?, target = ?, source_norm = ?, target_norm = ?, source_len = ?, target_len = ?, status = ?,
           approved_by = ?, approved_at = ?, changed_by = ?, changed_at = ?, ref = ?, note = ?, desk_seq = ?,
           deleted_at = ?, deleted_by = ?, desk_hidden = ? WHERE id = ?`,
      ),
      deleteTags: db.prepare(`DELETE FROM pair_tags WHERE pair_id = ?`),
      insertTag: db.prepare(`INSERT OR IGNORE INTO pair_tags (pair_id, tag) VALUES (?, ?)`),
      history: db.prepare(`INSERT INTO pair_history (pair_id, action, at, by, before, after) VALUES (?, ?, ?, ?, ?, ?)`),
      deskHistory: db.prepare(`INSERT INTO desk_history (history_id, change_uuid) VALUES (?, ?)`),
      candidates: db.prepare(
        `SELECT id, uuid, deleted_at FROM pairs WHERE kind = ? AND source_norm = ? AND target_norm = ? AND deleted_at IS NULL
         UNION ALL
         SELECT id, uuid, deleted_at FROM pairs WHERE kind = ? AND source_norm = ? AND target_norm = ? AND desk_hidden = 1`,
      ),
      hide: db.prepare(`UPDATE pairs SET deleted_at = ?, deleted_by = ?, desk_hidden = 1 WHERE id = ?`),
      show: db.prepare(`UPDATE pairs SET deleted_at = NULL, deleted_by = NULL, desk_hidden = 0 WHERE id = ?`),
      setSeq: db.prepare(`UPDATE pairs SET desk_seq = ? WHERE id = ?`),
    };
  }

  /** Starts the next change set (they come in seq order). */
  change(c: DeskChange): void {
    const known = this.st.change!.get(c.uuid) as { origin: string; ops: string | null } | undefined;
    const mine = known?.origin === 'here';
    if (known) this.st.markSynced!.run(c.seq, c.uuid);
    else this.st.insertChange!.run(c.uuid, c.seq, c.command, c.author, c.madeAt);
    this.current = { change: c, mine };
    this.lastSeq = c.seq;
    this.changes++;
  }

  /** Applies one op of the current change set. */
  op(op: DeskOp): void {
    const cur = this.current;
    if (!cur) throw new Error('DeskApplier.op before change');
    this.ops++;
    const { change, mine } = cur;
    if (!this.allowed.has(op.state.status)) {
      // A status this TM's schema cannot hold (a newer ntm's): the pair is not shown here.
      const known = this.st.byUuid!.get(op.pair) as Row | undefined;
      if (!known || known.deleted_at !== null) return;
      op = { ...op, action: 'delete', state: JSON.parse(snapshot(getPair(this.db, known.id))) as PairState };
    }
    const s = op.state;
    const live = op.action !== 'delete';
    const sourceNorm = norm(s.source);
    const targetNorm = norm(s.target);
    if (invalidNormalizedReason(sourceNorm, targetNorm) !== null) {
      // Every TM skips the same malformed change, so they still agree.
      return;
    }
    const row = this.st.byUuid!.get(op.pair) as Row | undefined;
    if (op.overrode !== null && !mine) this.noteReplaced(op, change, row);

    if (row && row.desk_seq === null) {
      // This row holds a change made here: it stays until the desk has ordered that change.
      const own = this.st.ownOps!.get(op.pair) as { pending: number | null; seq: number | null };
      if (own.pending || (own.seq !== null && own.seq > change.seq)) {
        if (!mine) this.record(row.id, op, change, null);
        return;
      }
      if (mine) {
        this.st.setSeq!.run(change.seq, row.id);
        return;
      }
    } else if (row && row.desk_seq !== null && row.desk_seq >= change.seq) {
      return;
    }
    if (mine && row) {
      this.st.setSeq!.run(change.seq, row.id);
      return;
    }

    const before = row ? snapshot(getPair(this.db, row.id)) : null;
    const id = this.write(row, op.pair, s, live, change.seq, change.madeAt, change.author);
    this.record(id, op, change, before);
  }

  /**
   * Puts a pair back to the desk's latest state for it (`latest`), or, when the desk never
   * had it, marks it deleted here: after the desk refused a change made here.
   */
  revert(pairUuid: string, latest: { seq: number; action: DeskOp['action']; state: PairState; madeAt: string; author: string } | null): void {
    const row = this.st.byUuid!.get(pairUuid) as Row | undefined;
    if (!row) return;
    if (!latest) {
      const p = JSON.parse(snapshot(getPair(this.db, row.id))) as PairState;
      this.write(row, pairUuid, p, false, null, new Date().toISOString(), 'desk (refused)');
      return;
    }
    this.write(row, pairUuid, latest.state, latest.action !== 'delete', latest.seq, latest.madeAt, latest.author);
  }

  /** Writes a pair's state (inserting it when new) and settles the texts it had and has. */
  private write(row: Row | undefined, pairUuid: string, s: PairState, live: boolean, seq: number | null, at: string, author: string): number {
    const sourceNorm = norm(s.source);
    const targetNorm = norm(s.target);
    const args = [
      s.kind, nfcTrim(s.source), nfcTrim(s.target), sourceNorm, targetNorm, sourceNorm.length, targetNorm.length, s.status,
      s.approvedBy, s.approvedAt, s.changedBy, s.changedAt, emptyToNull(s.ref), emptyToNull(s.note),
    ];
    let id: number;
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
    } else {
      id = row.id;
      const wasLive = row.deleted_at === null || row.desk_hidden === 1;
      // Written aside first: the unique index on live texts must hold at every step.
      this.st.update!.run(...args, seq, at, live ? 'desk' : author, live ? 1 : 0, id);
      if (live) this.settle(s.kind, sourceNorm, targetNorm, at);
      if (wasLive && (row.kind !== s.kind || row.source_norm !== sourceNorm || row.target_norm !== targetNorm || !live)) {
        this.settle(row.kind, row.source_norm, row.target_norm, at);
      }
      this.st.deleteTags!.run(id);
    }
    for (const tag of cleanTags(s.tags ?? [])) this.st.insertTag!.run(id, tag);
    return id;
  }

  /** Makes the smallest-uuid pair with these texts the live one, the others hidden. */
  private settle(kind: string, sourceNorm: string, targetNorm: string, at: string): void {
    const rows = this.st.candidates!.all(kind, sourceNorm, targetNorm, kind, sourceNorm, targetNorm) as { id: number; uuid: string | null; deleted_at: string | null }[];
    if (rows.length === 0) return;
    let winner = rows[0]!;
    for (const r of rows) if (uuidBefore(r.uuid, winner.uuid)) winner = r;
    for (const r of rows) if (r !== winner && r.deleted_at === null) this.st.hide!.run(at, 'desk', r.id);
    if (winner.deleted_at !== null) this.st.show!.run(winner.id);
  }

  private record(pairId: number, op: DeskOp, change: DeskChange, before: string | null): void {
    const after = op.action === 'delete' ? null : JSON.stringify(op.state);
    const info = this.st.history!.run(pairId, op.action, change.madeAt, change.author, before, after);
    this.st.deskHistory!.run(Number(info.lastInsertRowid), change.uuid);
  }

  private noteReplaced(op: DeskOp, change: DeskChange, row: Row | undefined): void {
    const own = this.st.ownBySeq!.get(op.overrode) as { uuid: string; ops: string | null; command: string } | undefined;
    if (!own || !row) return;
    const mineOps = own.ops ? (JSON.parse(own.ops) as { pair: string; action: string; state: PairState }[]) : [];
    const yours = mineOps.find((o) => o.pair === op.pair);
    this.replaced.push({
      pairId: row.id,
      source: op.state.source,
      yours: yours ? (yours.action === 'delete' ? null : yours.state.target) : null,
      theirs: op.action === 'delete' ? null : op.state.target,
      by: change.author,
      at: change.madeAt,
      command: own.command,
    });
  }

  /**
   * Records how far this TM has applied the desk's order, keeps what the user must be told,
   * and brings the lookup index up to date. Call at the end, inside the same transaction.
   */
  finish(at: string): void {
    if (this.lastSeq > 0) this.db.prepare(`UPDATE desk SET last_seq = max(last_seq, ?) WHERE id = 1`).run(this.lastSeq);
    const notice = this.db.prepare(`INSERT INTO desk_notices (at, kind, detail) VALUES (?, 'replaced', ?)`);
    for (const r of this.replaced) notice.run(at, JSON.stringify(r));
    syncMatchIndex(this.db);
  }

  /** The last seq applied (0 when none). */
  get through(): number {
    return this.lastSeq;
  }
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
