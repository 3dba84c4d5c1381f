// A filter on pairs (core/filter.ts) in SQL, and as the predicate a lookup consults before it
// scores a text (LookupOptions.admit): one definition of what `--ref`, `--by`, `--tag`,
// `--since` and `--status` mean for lookup, concordance and list.
import type { Database } from 'better-sqlite3';
import { filterKey, isEmptyFilter, type PairFilter } from '../core/filter.js';
import { changeStamp } from './stamp.js';

/** The filter's conditions on the pairs table (aliased `alias`), and their parameters. */
export function filterSql(f: PairFilter | undefined, alias = 'p'): { where: string[]; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (!f) return { where, args };
  if (f.ref !== undefined) {
    where.push(`${alias}.ref = ?`);
    args.push(f.ref.trim());
  }
  if (f.by !== undefined) {
    where.push(`${alias}.approved_by = ?`);
    args.push(f.by);
  }
  if (f.tag !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM pair_tags t WHERE t.pair_id = ${alias}.id AND t.tag = ?)`);
    args.push(f.tag.trim());
  }
  if (f.since !== undefined) {
    where.push(`${alias}.approved_at >= ?`);
    args.push(f.since);
  }
  if (f.status !== undefined) {
    where.push(`${alias}.status = ?`);
    args.push(f.status);
  }
  return { where, args };
}

/** Which ids a filter admits: one bit (byte) per id up to the highest. */
interface Admitted {
  key: string;
  stamp: string;
  ids: Uint8Array;
}

const admittedCache = new WeakMap<Database, Admitted>();

/**
 * The predicate a lookup consults for a filter (undefined for none: everything is admitted).
 * Read once from the TM and kept while the TM is unchanged, so a process answering many
 * lookups with one filter (ntm serve, lookup -) reads it once.
 */
export function filterAdmits(db: Database, f: PairFilter | undefined): ((id: number) => boolean) | undefined {
  if (!f || isEmptyFilter(f)) return undefined;
  const key = filterKey(f);
  const stamp = changeStamp(db);
  let a = admittedCache.get(db);
  if (!a || a.key !== key || a.stamp !== stamp) {
    const { where, args } = filterSql(f);
    // One snapshot: ids added between the two reads cannot fall outside the array.
    const ids = db.transaction(() => {
      const max = db.prepare(`SELECT coalesce(max(id), 0) FROM pairs`).pluck().get() as number;
      const out = new Uint8Array(max + 1);
      const rows = db.prepare(`SELECT p.id FROM pairs p WHERE p.deleted_at IS NULL${where.map((w) => ` AND ${w}`).join('')}`).pluck();
      for (const id of rows.iterate(...args) as Iterable<number>) out[id] = 1;
      return out;
    })();
    admittedCache.set(db, (a = { key, stamp, ids }));
  }
  const ids = a.ids;
  return (id) => ids[id] === 1;
}
