// Pairs that hold a character no stored text may hold (a control character, a lone
// surrogate: see core/text-safety.ts), stored before ntm refused them at the door. `ntm
// doctor` reports them; `ntm doctor --repair` cleans them, keeping each pair's earlier text
// in its history: the characters are taken out, and a pair that is left empty, equal on both
// sides, or the same as another stored pair is deleted (recoverably) instead.
import type { Database } from 'better-sqlite3';
import { norm } from '../core/normalize.js';
import { findUnsafe, withoutUnsafe } from '../core/text-safety.js';
import { changeId } from './changes.js';
import { syncMatchIndex } from './match-index.js';
import { getPair, invalidPairReason, now, snapshot } from './pairs.js';

interface Row {
  id: number;
  source: string;
  target: string;
  note: string | null;
  ref: string | null;
}

const FIELDS = ['source', 'target', 'note', 'ref'] as const;

/**
 * Ids of the live pairs with an unsafe character in a text or a tag. (A deleted pair is never
 * exported, and cannot be restored while it holds one.)
 */
export function findUnsafePairs(db: Database): number[] {
  const ids = new Set<number>();
  for (const r of db.prepare(`SELECT id, source, target, note, ref FROM pairs WHERE deleted_at IS NULL`).iterate() as Iterable<Row>) {
    if (FIELDS.some((f) => r[f] !== null && findUnsafe(r[f]!) !== null)) ids.add(r.id);
  }
  const tags = db.prepare(`SELECT t.pair_id, t.tag FROM pair_tags t JOIN pairs p ON p.id = t.pair_id WHERE p.deleted_at IS NULL`);
  for (const t of tags.raw().iterate() as Iterable<[number, string]>) {
    if (findUnsafe(t[1]) !== null) ids.add(t[0]);
  }
  return [...ids].sort((a, b) => a - b);
}

/** Cleans the pairs `findUnsafePairs` found; call inside a change set. Returns how many were cleaned and deleted. */
export function cleanUnsafePairs(db: Database, ids: readonly number[], by: string): { cleaned: number; deleted: number } {
  const at = now();
  const change = changeId(db);
  const history = db.prepare(`INSERT INTO pair_history (pair_id, action, at, by, before, after, change_id) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const clash = db.prepare(`SELECT id FROM pairs WHERE kind = ? AND source_norm = ? AND target_norm = ? AND deleted_at IS NULL AND id <> ?`).pluck();
  let cleaned = 0;
  let deleted = 0;
  for (const id of ids) {
    const before = getPair(db, id);
    const source = withoutUnsafe(before.source).normalize('NFC').trim();
    const target = withoutUnsafe(before.target).normalize('NFC').trim();
    const s = norm(source);
    const t = norm(target);
    if (invalidPairReason(source, target, before.kind) !== null || clash.get(before.kind, s, t, id) !== undefined) {
      // Left with nothing it could be stored as: deleted, its text kept in history and in the row.
      db.prepare(`UPDATE pairs SET deleted_at = ?, deleted_by = ? WHERE id = ?`).run(at, by, id);
      history.run(id, 'delete', at, by, snapshot(before), null, change);
      deleted++;
      continue;
    }
    const clean = (v: string | null) => (v === null ? null : withoutUnsafe(v).trim() || null);
    db.prepare(
      `UPDATE pairs SET source = ?, target = ?, source_norm = ?, target_norm = ?, source_len = ?, target_len = ?, note = ?, ref = ?,
         changed_by = ?, changed_at = ? WHERE id = ?`,
    ).run(source, target, s, t, s.length, t.length, clean(before.note), clean(before.ref), by, at, id);
    for (const tag of before.tags) {
      if (findUnsafe(tag) === null) continue;
      db.prepare(`DELETE FROM pair_tags WHERE pair_id = ? AND tag = ?`).run(id, tag);
      const fixed = withoutUnsafe(tag).trim();
      if (fixed) db.prepare(`INSERT OR IGNORE INTO pair_tags (pair_id, tag) VALUES (?, ?)`).run(id, fixed);
    }
    history.run(id, 'edit', at, by, snapshot(before), snapshot(getPair(db, id)), change);
    cleaned++;
  }
  syncMatchIndex(db);
  return { cleaned, deleted };
}
