// The whole index at a glance, for `ntm doctor` (a fingerprint of every token's postings,
// stored against expected) and for tests (every posting, decoded).
import type { Database } from 'better-sqlite3';
import { bigramsOf, type Bigrams } from '../../core/grams.js';
import { bandOfKey, decodePostings, EVERY, payload, SOURCE_SIDE, TARGET_SIDE, tokenOfKey, type Side } from './codec.js';
import { indexState } from './state.js';
import { statements } from './statements.js';

/**
 * The content of the whole index, for tests: for each side and token (whatever band or
 * chunk holds them), its postings as sorted "id:length:count:mask" entries.
 */
export function dumpMatchIndex(db: Database): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, buf] of db.prepare(`SELECT key, ids FROM match_postings ORDER BY key`).raw().iterate() as Iterable<[number, Buffer]>) {
    const p = decodePostings(buf, bandOfKey(key));
    const name = String(tokenOfKey(key));
    const entries = out.get(name) ?? [];
    for (let i = 0; i < p.ids.length; i++) {
      const pay = p.payloads[i]!;
      entries.push(`${p.ids[i]}:${p.lengths[i]}:${Math.floor(pay / 65536)}:${pay % 65536}`);
    }
    out.set(name, entries);
  }
  for (const [k, v] of out) out.set(k, v.sort());
  return out;
}

/** Adds one posting (id, text length, payload) to a token's checksum in `digest`. */
function addToDigest(digest: Map<number, number>, token: number, id: number, length: number, pay: number): void {
  const mixed = (id ^ Math.imul(length, 0x9e3779b1) ^ Math.imul(pay % 65536, 0x27d4eb2f) ^ Math.imul(Math.floor(pay / 65536), 0x165667b1)) >>> 0;
  const h = Math.imul(mixed, 0x85ebca6b) >>> 0;
  digest.set(token, ((digest.get(token) ?? 0) + h + 0x10000000000) % 0x1000000000000);
}

/**
 * A fingerprint of the whole index for `ntm doctor`: for each token (side · bigram,
 * whatever band or chunk holds it), a checksum of its postings (id, length, payload),
 * independent of their order. Bounded memory: one entry per token.
 */
export function matchIndexDigest(db: Database): Map<number, number> {
  const out = new Map<number, number>();
  for (const [key, buf] of db.prepare(`SELECT key, ids FROM match_postings`).raw().iterate() as Iterable<[number, Buffer]>) {
    const token = tokenOfKey(key);
    const p = decodePostings(buf, bandOfKey(key));
    for (let i = 0; i < p.ids.length; i++) addToDigest(out, token, p.ids[i]!, p.lengths[i]!, p.payloads[i]!);
  }
  return out;
}

/**
 * The fingerprint (as matchIndexDigest) the index must have, computed from the pairs and
 * the backlog alone, without writing: covered pairs with their texts of now, and changed
 * pairs (match_pending) with the texts the index still holds for them.
 */
export function expectedMatchIndexDigest(db: Database): Map<number, number> {
  const out = new Map<number, number>();
  let bigrams: Bigrams | undefined;
  const post = (side: Side, text: string | null, id: number): void => {
    if (text === null) return;
    const t = (bigrams = bigramsOf(text, bigrams));
    for (let i = 0; i < t.count; i++) addToDigest(out, side * 4294967296 + t.grams[i]!, id, text.length, payload(t.counts[i]!, t.masks[i]!));
    addToDigest(out, (side + EVERY) * 4294967296, id, text.length, payload(1, 1));
  };
  const covered = db
    .prepare(
      `SELECT id, source_norm, target_norm FROM pairs
       WHERE id <= ? AND deleted_at IS NULL AND status = 'approved' AND id NOT IN (SELECT pair_id FROM match_pending)`,
    )
    .raw()
    .iterate(indexState(db).through) as Iterable<[number, string, string]>;
  for (const [id, source, target] of covered) {
    post(SOURCE_SIDE, source, id);
    post(TARGET_SIDE, target, id);
  }
  for (const p of statements(db).pending.all() as { id: number; source: string | null; target: string | null; indexed: number }[]) {
    if (!p.indexed) continue;
    post(SOURCE_SIDE, p.source, p.id);
    post(TARGET_SIDE, p.target, p.id);
  }
  return out;
}
