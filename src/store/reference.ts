// Reference TMs (`--also`, `ntm settings also`): other ntm translation memories — the
// archive, an agency's work imported into a TM of its own — looked up beside the desk's,
// never changed. Opened read-only and never migrated: a TM of this ntm's schema is searched
// through its fuzzy index; one of an older or newer schema, whose index this ntm may not
// read, is scored pair by pair over the length window (exact too, slower on a large one).
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { StoreError } from '../core/errors.js';
import { compareMatches } from '../core/match.js';
import type { Match } from '../core/types.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import { APPLICATION_ID, describeSqliteError } from './open.js';
import { searchTm, type SearchAbility, type SearchOptions } from './search.js';

/** An open reference TM. */
export interface ReferenceTm {
  /** The file, as the user named it: what each of its matches carries as `tm`. */
  path: string;
  db: Db;
  schema: number;
  can: SearchAbility;
  close(): void;
}

/** Opens a reference TM read-only; a missing file, a folder or a file that is not an ntm TM is a StoreError. */
export function openReference(path: string): ReferenceTm {
  if (!existsSync(path)) throw new StoreError(`${path}: no such reference TM (named by --also or "ntm settings also").`);
  if (statSync(path).isDirectory()) throw new StoreError(`${path}: is a folder, not a reference TM.`);
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new StoreError(`Cannot open the reference TM ${path}: ${describeSqliteError(err)}`);
  }
  try {
    db.pragma('query_only = ON');
    const appId = db.pragma('application_id', { simple: true }) as number;
    const schema = db.pragma('user_version', { simple: true }) as number;
    if (appId !== APPLICATION_ID || schema === 0)
      throw new StoreError(`${path} is not an ntm translation memory; --also takes one (import a TMX into a TM of its own first).`);
    const hasContexts = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'pair_contexts'`).get() !== undefined;
    const can: SearchAbility = { indexed: schema === SCHEMA_VERSION, contexts: hasContexts };
    return { path, db, schema, can, close: () => db.close() };
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`Cannot read the reference TM ${path}: ${describeSqliteError(err)}`);
  }
}

/** The best matches of one reference TM, each naming it as its `tm`. */
export function searchReference(ref: ReferenceTm, query: string, o: SearchOptions): Match[] {
  try {
    return searchTm(ref.db, query, o, ref.can).map((m) => ({ ...m, tm: ref.path }));
  } catch (err) {
    if (err instanceof StoreError) throw err;
    const newer = ref.schema > SCHEMA_VERSION ? ` (it was written by a newer ntm, schema ${ref.schema}; this one knows up to ${SCHEMA_VERSION})` : '';
    throw new StoreError(`Cannot read the reference TM ${ref.path}${newer}: ${describeSqliteError(err)}`);
  }
}

/**
 * The best matches across the main TM and its reference TMs, each with its `tm`: the N best
 * of all of them (each TM gives its own N best, so the cut is exact), the main TM's first at
 * equal score, then the reference TMs in the order given.
 */
export function searchWithReferences(main: { db: Db; path: string }, refs: readonly ReferenceTm[], query: string, o: SearchOptions): Match[] {
  const own = searchTm(main.db, query, o).map((m) => ({ ...m, tm: main.path, tmRank: 0 }));
  if (refs.length === 0) return own.map(({ tmRank: _, ...m }) => m);
  const all = [...own, ...refs.flatMap((r, i) => searchReference(r, query, o).map((m) => ({ ...m, tmRank: i + 1 })))];
  return all
    .sort(compareMatches)
    .slice(0, o.limit)
    .map(({ tmRank: _, ...m }) => m);
}
