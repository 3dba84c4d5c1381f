// Derived data: everything kept beside the stored pairs that can be recomputed from them
// (normal forms and lengths today; candidate indexes later). `ntm doctor` checks each entry
// of DERIVED_DATA against the pairs and, with --repair, rebuilds it. A new kind of derived
// data joins the list here and is then checked and repaired like the rest.
import type { Database } from 'better-sqlite3';
import { norm } from '../core/normalize.js';
import { expectedMatchIndexDigest, matchIndexDigest, matchIndexIsStale, rebuildMatchIndex } from './match-index/index.js';

/** One kind of derived data: how to find where it disagrees with the pairs, and how to fix it. */
export interface DerivedData {
  /** A short stable name, used in `ntm doctor --json`. */
  name: string;
  /** What it is, in a few words, for the doctor's report. */
  description: string;
  /** How many rows disagree with the stored pairs (0 when consistent). Reads only. */
  check(db: Database): number;
  /**
   * Recomputes it from the stored pairs and returns how many rows it fixed, and which rows it
   * could not fix and why. The caller runs it inside a write transaction.
   */
  rebuild(db: Database): { fixed: number; unfixable: string[] };
}

interface NormRow {
  id: number;
  source: string;
  target: string;
  source_norm: string;
  target_norm: string;
  source_len: number;
  target_len: number;
}

function* staleNorms(db: Database): Generator<NormRow & { sn: string; tn: string }> {
  const rows = db.prepare(`SELECT id, source, target, source_norm, target_norm, source_len, target_len FROM pairs`).iterate() as Iterable<NormRow>;
  for (const r of rows) {
    const sn = norm(r.source);
    const tn = norm(r.target);
    if (r.source_norm !== sn || r.target_norm !== tn || r.source_len !== sn.length || r.target_len !== tn.length) {
      yield { ...r, sn, tn };
    }
  }
}

/** The normal forms and lengths every lookup, duplicate test and length window relies on. */
export const pairNorms: DerivedData = {
  name: 'pair-norms',
  description: 'normal forms and lengths of sources and targets',
  check(db) {
    let n = 0;
    for (const _ of staleNorms(db)) n++;
    return n;
  },
  rebuild(db) {
    const update = db.prepare(`UPDATE pairs SET source_norm = ?, target_norm = ?, source_len = ?, target_len = ? WHERE id = ?`);
    let fixed = 0;
    const unfixable: string[] = [];
    // Collected first: updating rows while iterating over the same table is not allowed.
    for (const r of [...staleNorms(db)]) {
      try {
        update.run(r.sn, r.tn, r.sn.length, r.tn.length, r.id);
        fixed++;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
        unfixable.push(`#${r.id} is the same pair as another stored pair once normalised; delete one of them`);
      }
    }
    return { fixed, unfixable };
  },
};

/**
 * Tokens whose posting lists differ from what the pairs give: the stored lists against the
 * lists the pairs and the backlog call for, both as fingerprints, in one read snapshot.
 */
function staleMatchTokens(db: Database): number {
  const compare = (): number => {
    // Lists in another format cannot be decoded here: all of them count as stale.
    if (matchIndexIsStale(db)) return Math.max(1, db.prepare(`SELECT count(*) FROM match_postings`).pluck().get() as number);
    const kept = matchIndexDigest(db);
    const wanted = expectedMatchIndexDigest(db);
    let differ = 0;
    for (const [token, sum] of wanted) if (kept.get(token) !== sum) differ++;
    for (const token of kept.keys()) if (!wanted.has(token)) differ++;
    return differ;
  };
  return db.inTransaction ? compare() : db.transaction(compare)();
}

/** The fuzzy-lookup index (src/store/match-index/): posting lists of sources and targets. */
export const matchIndex: DerivedData = {
  name: 'match-index',
  description: 'fuzzy-lookup index of sources and targets',
  check: staleMatchTokens,
  rebuild(db) {
    const fixed = staleMatchTokens(db);
    rebuildMatchIndex(db);
    return { fixed, unfixable: [] };
  },
};

/**
 * Every kind of derived data, in the order the doctor checks and rebuilds them: the index is
 * built from the normal forms, so those come first.
 */
export const DERIVED_DATA: DerivedData[] = [pairNorms, matchIndex];
