// Bulk import: every unit of one file in one transaction. A structural error anywhere
// rolls the whole file back; a unit that cannot be a pair is skipped and reported.
//
// A newsroom TM takes hundreds of thousands of pairs in one import, so the loop does the
// least per pair: one insert; the fuzzy-match index is built in memory as pairs come (in a
// second thread for a large import, see index-build.ts) and written in large batches, and
// the 'add' history rows are written at the end, in bulk. When an import is at least as
// large as the table it goes into, the non-unique indexes on pairs (but the partial ones, which
// imported pairs hardly enter) are dropped for its duration and built again at the end:
// sorting once is much cheaper than a million scattered index updates. All of it
// is inside the caller's transaction, so a failure restores every index as it was.
import type { Database, Statement } from 'better-sqlite3';
import { InputError } from '../core/errors.js';
import { FileDirection } from '../core/language.js';
import { norm } from '../core/normalize.js';
import { controlTextReason } from '../core/text-safety.js';
import type { PairKind, PairStatus } from '../core/types.js';
import { isSkipped, swapSides, type ReadItem, type TmUnit } from '../core/units.js';
import { recordContext } from './context.js';
import { getTermRules, setTermRules, takeTermRuleProps, type TermRules } from './terms.js';
import { saveExtras } from './interchange.js';
import { asyncTransaction } from './transaction.js';
import { ImportIndex } from './index-build.js';
import { indexState, syncMatchIndex } from './match-index/index.js';
import { insertPair, invalidNormalizedReason, now, recordAdds, sameKeyOutcome, type AddOutcome } from './pairs.js';

export interface ImportDefaults {
  kind: PairKind;
  by: string;
  ref?: string;
  tags?: string[];
  /** The file's name in messages. */
  file?: string;
  /**
   * 'proposed' when the importer is not a reviewer of a TM that has reviewers: approved pairs
   * of the file are stored as proposed, forbidden ones are skipped.
   */
  writes?: 'approved' | 'proposed';
  /** Read every unit the other way round (the Dutch is in the English column). */
  swap?: boolean;
  /** Refuse a file whose Dutch side reads as English and English side as Dutch (the languages are nl and en). */
  checkDirection?: boolean;
}

/** Why a unit's texts may not be stored (a control character), or null; the whole file is refused for it. */
export function unsafeUnitReason(u: TmUnit): string | null {
  return (
    controlTextReason(u.source, 'the Dutch text') ??
    controlTextReason(u.target, 'the English text') ??
    (u.note === undefined ? null : controlTextReason(u.note, 'the note')) ??
    (u.ref === undefined ? null : controlTextReason(u.ref, 'the article reference')) ??
    (u.by === undefined ? null : controlTextReason(u.by, 'the name of who approved it')) ??
    (u.tags ?? []).reduce<string | null>((r, t) => r ?? controlTextReason(t, 'a tag'), null)
  );
}

/** The message for a file whose Dutch side reads as English and English side as Dutch. */
export function reversedFileMessage(what: 'import' | 'approve', reversed: number, checked: number): string {
  return (
    `its Dutch side reads as English and its English side as Dutch (${reversed} of ${checked} pairs checked read that way round); ` +
    `nothing ${what === 'import' ? 'imported' : 'approved'}. If the columns are swapped, ${what} it with --swap.`
  );
}

export interface ImportReport {
  imported: number;
  duplicates: number;
  skipped: { line: number; reason: string }[];
  /** Terms whose rules (TMX props) a proposed import left as they were: only a reviewer sets them. */
  rulesNotSet?: number;
}

export { asyncTransaction };

/**
 * `asyncTransaction` for an import. Every import, also the first one into an empty TM, runs
 * in WAL mode, so that lookups, backups and stats in other processes go on while it runs and
 * see the TM as it was before it. (Writing a first import with a rollback journal saved the
 * checkpoint's second write of every page, but a rollback-journal writer locks readers out
 * once it spills pages to the file, and a reader that found the file out of WAL mode could
 * not switch it back: every lookup failed as busy for the whole import.)
 */
export async function importTransaction<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  return asyncTransaction(db, fn);
}

/**
 * An import rebuilds the secondary indexes once it has added this many pairs, or an eighth
 * of the table if that is more: from there on, rebuilding (a sort of the whole table) costs
 * less than updating them pair by pair, and never more than twice what either would.
 */
const BULK_IMPORT = 2000;
/** SQLite page cache during an import, in KiB: the unique index stays in memory. */
const IMPORT_CACHE_KIB = 64 * 1024;
/** SQLite page cache (KiB) while dropped indexes are built again at the end of an import. */
const INDEX_REBUILD_CACHE_KIB = 4 * 1024;

/** The unique index on live pairs, as migration 001 makes it (import.ts can stand in for it). */
const UNIQUE_LIVE = 'pairs_unique_live';
const UNIQUE_LIVE_SQL = 'CREATE UNIQUE INDEX pairs_unique_live ON pairs (kind, source_norm, target_norm) WHERE deleted_at IS NULL';

/**
 * The live (kind, source, target) keys of the pairs table, by a 64-bit hash, for an import
 * that drops the unique index and rebuilds it at the end. A hash hit is confirmed against
 * the stored row, so a collision costs a read, never a wrong answer.
 */
class LiveKeys {
  private mask = (1 << 16) - 1;
  private h1 = new Int32Array(this.mask + 1);
  private h2 = new Int32Array(this.mask + 1);
  private ids = new Float64Array(this.mask + 1);
  private count = 0;
  private readonly row: Statement;
  constructor(db: Database) {
    this.row = db.prepare(`SELECT kind, source_norm, target_norm, status FROM pairs WHERE id = ?`).raw();
    for (const [id, kind, source, target] of db
      .prepare(`SELECT id, kind, source_norm, target_norm FROM pairs WHERE deleted_at IS NULL`)
      .raw()
      .iterate() as Iterable<[number, string, string, string]>) {
      this.add(kind, source, target, id);
    }
  }

  // The hash of the key last hashed: find() then add() of the same new key hash it once.
  private a = 0;
  private b = 0;
  private hashed: [string, string, string] = ['', '', ''];

  /** Two 32-bit hashes of the key (FNV-1a and a murmur-like mix), into this.a and this.b. */
  private hash(kind: string, source: string, target: string): void {
    const last = this.hashed;
    if (last[0] === kind && last[1] === source && last[2] === target && (kind !== '' || source !== '')) return;
    this.a = 0x811c9dc5 | 0;
    this.b = 0x9747b28c | 0;
    // The kind is 'segment' or 'term': its length tells them apart. Codes above 0xffff
    // mark where a text starts, so no two keys run into each other.
    this.mix('', 0x10000 + kind.length);
    this.mix(source, 0x10001);
    this.mix(target, 0x10002);
    last[0] = kind;
    last[1] = source;
    last[2] = target;
  }

  /** Mixes a marker and then every character of `text` into this.a and this.b. */
  private mix(text: string, marker: number): void {
    let a = Math.imul(this.a ^ marker, 0x01000193);
    let b = Math.imul(this.b ^ marker, 0x5bd1e995);
    b ^= b >>> 15;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.a = a | 0;
    this.b = b | 0;
  }

  private slot(a: number, b: number): number {
    return (Math.imul(a ^ (b >>> 7), 0x9e3779b1) >>> 0) & this.mask;
  }

  /** The live pair with this key, if any. */
  find(kind: string, source: string, target: string): { id: number; status: PairStatus } | undefined {
    this.hash(kind, source, target);
    const { a, b } = this;
    for (let h = this.slot(a, b); this.ids[h] !== 0; h = (h + 1) & this.mask) {
      if (this.h1[h] !== a || this.h2[h] !== b) continue;
      const [k, s, t, status] = this.row.get(this.ids[h]) as [string, string, string, PairStatus];
      if (k === kind && s === source && t === target) return { id: this.ids[h]!, status };
    }
    return undefined;
  }

  add(kind: string, source: string, target: string, id: number): void {
    if ((this.count + 1) * 2 > this.mask) this.grow();
    this.hash(kind, source, target);
    const { a, b } = this;
    let h = this.slot(a, b);
    while (this.ids[h] !== 0) h = (h + 1) & this.mask;
    this.h1[h] = a;
    this.h2[h] = b;
    this.ids[h] = id;
    this.count++;
  }

  private grow(): void {
    const old = { h1: this.h1, h2: this.h2, ids: this.ids };
    this.mask = this.mask * 2 + 1;
    this.h1 = new Int32Array(this.mask + 1);
    this.h2 = new Int32Array(this.mask + 1);
    this.ids = new Float64Array(this.mask + 1);
    for (let i = 0; i < old.ids.length; i++) {
      if (old.ids[i] === 0) continue;
      let h = this.slot(old.h1[i]!, old.h2[i]!);
      while (this.ids[h] !== 0) h = (h + 1) & this.mask;
      this.h1[h] = old.h1[i]!;
      this.h2[h] = old.h2[i]!;
      this.ids[h] = old.ids[i]!;
    }
  }
}

/** True when the unique index on live pairs is the one LiveKeys can stand in for. */
function uniqueIndexIsStandard(db: Database): boolean {
  const sql = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?`).pluck().get(UNIQUE_LIVE) as string | undefined;
  return sql !== undefined && sql.replace(/\s+/g, ' ').trim() === UNIQUE_LIVE_SQL;
}

/**
 * Non-unique indexes on pairs (with the SQL that makes them), which an import rebuilds. A
 * partial index (one with a WHERE) is left in place: it holds the few rows of a rare state
 * (proposed, hidden by the desk), so keeping it up to date costs next to nothing per pair,
 * while building it again would read the whole table once more.
 */
function secondaryIndexes(db: Database): { name: string; sql: string }[] {
  return (
    db
      .prepare(
        `SELECT name, sql FROM sqlite_schema
         WHERE type = 'index' AND tbl_name = 'pairs' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`,
      )
      .all() as { name: string; sql: string }[]
  ).filter((ix) => !/\bWHERE\b/i.test(ix.sql));
}

/**
 * Adds every unit; call inside `asyncTransaction` so that a file is imported whole or not
 * at all. `onProgress` is called now and then with the number of units read.
 */
export async function importUnits(
  db: Database,
  items: AsyncIterable<ReadItem | ReadItem[]> | Iterable<ReadItem>,
  d: ImportDefaults,
  onProgress?: (read: number) => void,
): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, duplicates: 0, skipped: [] };
  const lastIdBefore = db.prepare(`SELECT coalesce(max(id), 0) FROM pairs`).pluck().get() as number;
  const rowsBefore = db.prepare(`SELECT count(*) FROM pairs`).pluck().get() as number;
  const cacheBefore = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  const at = now();
  const defaultTags = d.tags ?? [];
  // The lookup index takes the new pairs as they come, so it must cover all older ones.
  syncMatchIndex(db, { force: true });
  const covered = indexState(db).through;
  const build = new ImportIndex(db);
  let dropped: { name: string; sql: string }[] = [];
  let liveKeys: LiveKeys | undefined;
  let read = 0;
  const direction = new FileDirection();
  let directionChecked = false;
  const checkDirection = async (): Promise<void> => {
    const v = await direction.verdict();
    if (v.reversedFile) throw new InputError(reversedFileMessage('import', v.reversed, v.normal + v.reversed), d.file);
  };
  try {
    // One unit; a reader may hand over a batch of them (an array) at a time.
    const ruled = new Map<string, Partial<TermRules>>();
    const add = (got: ReadItem): void => {
      read++;
      if (onProgress && read % 1000 === 0) onProgress(read);
      const item = d.swap ? swapSides(got) : got;
      if (isSkipped(item)) {
        report.skipped.push({ line: item.line, reason: item.skipped });
        return;
      }
      // Never stored: refused with its line, and the whole import with it.
      const unsafe = unsafeUnitReason(item);
      if (unsafe) throw new InputError(`${unsafe}; nothing was imported`, d.file, item.line);
      if (d.checkDirection) direction.offer(item.source, item.target);
      const sourceNorm = norm(item.source);
      const targetNorm = norm(item.target);
      const reason = invalidNormalizedReason(sourceNorm, targetNorm, item.kind ?? d.kind);
      if (reason) {
        report.skipped.push({ line: item.line, reason });
        return;
      }
      // A term's rules come as properties (a TMX that ntm exported): the term's, not the unit's.
      const rules = (item.kind ?? d.kind) === 'term' ? takeTermRuleProps(item) : null;
      if (rules) ruled.set(sourceNorm, { ...ruled.get(sourceNorm), ...rules });
      let status: PairStatus = item.status ?? 'approved';
      if (d.writes === 'proposed') {
        if (status === 'forbidden') {
          report.skipped.push({ line: item.line, reason: 'a forbidden rendering; only a reviewer may store one' });
          return;
        }
        status = 'proposed';
      }
      const pair = {
        kind: item.kind ?? d.kind,
        source: item.source,
        target: item.target,
        status,
        by: item.by ?? d.by,
        changedBy: item.changedBy,
        changedAt: item.changedAt,
        ref: item.ref ?? d.ref,
        note: item.note,
        tags: item.tags ? [...defaultTags, ...item.tags] : defaultTags,
        usageCount: item.usageCount,
      };
      let r: AddOutcome;
      if (liveKeys) {
        const existing = liveKeys.find(pair.kind, sourceNorm, targetNorm);
        if (existing) {
          r = sameKeyOutcome(db, existing, pair.status, pair.by, item.at ?? at);
        } else {
          r = insertPair(db, pair, sourceNorm, targetNorm, item.at ?? at, { knownNew: true });
          liveKeys.add(pair.kind, sourceNorm, targetNorm, r.id);
        }
      } else r = insertPair(db, pair, sourceNorm, targetNorm, item.at ?? at);
      if (r.outcome === 'added') {
        report.imported++;
        saveExtras(db, r.id, item);
        for (const c of item.contexts ?? []) recordContext(db, r.id, c);
        // Pairs below the mark (after pairs at the top were removed) reach it through
        // match_pending instead; forbidden renderings are never matched.
        if (r.id > covered && pair.status === 'approved') build.add(r.id, sourceNorm, targetNorm);
        if (db.inTransaction && report.imported === Math.max(BULK_IMPORT, Math.ceil(rowsBefore / 8)) && dropped.length === 0) {
          dropped = secondaryIndexes(db);
          for (const ix of dropped) db.exec(`DROP INDEX "${ix.name.replace(/"/g, '""')}"`);
        }
        // Once the import is as large as the table was, the unique index goes too: a hash
        // table of the live keys answers "already stored?" for a fraction of the cost.
        if (db.inTransaction && report.imported === Math.max(BULK_IMPORT, rowsBefore) && !liveKeys && uniqueIndexIsStandard(db)) {
          liveKeys = new LiveKeys(db);
          db.exec(`DROP INDEX ${UNIQUE_LIVE}`);
          dropped.push({ name: UNIQUE_LIVE, sql: UNIQUE_LIVE_SQL });
        }
      } else if (r.outcome === 'duplicate') report.duplicates++;
      else if (r.outcome === 'promoted') report.imported++;
      else {
        report.skipped.push({
          line: item.line,
          reason: `the same pair is stored as ${r.existingStatus} (#${r.id}); edit #${r.id} to change it`,
        });
      }
    };
    for await (const got of items) {
      if (Array.isArray(got)) for (const item of got) add(item);
      else add(got as ReadItem);
      // A file the wrong way round is refused as soon as its sample says so.
      if (!directionChecked && direction.full) {
        directionChecked = true;
        await checkDirection();
      }
    }
    if (!directionChecked) await checkDirection();
    // The index thread (if any) encodes its last lists meanwhile.
    build.finishing();
    // Rebuilding an index sorts the whole table, and SQLite's sorter takes as much memory as
    // the page cache may: with the import's large cache that cost memory at its peak and was
    // slower, not faster (bench/RESULTS.md). The pages left to write do not need it.
    if (dropped.length > 0) db.pragma(`cache_size = -${INDEX_REBUILD_CACHE_KIB}`);
    for (const ix of dropped) db.exec(ix.sql);
    dropped = [];
    recordAdds(db, lastIdBefore);
    if (d.writes === 'proposed') {
      // How a term is found is the desk's decision, as a forbidden rendering is.
      const differ = [...ruled].filter(([source, rules]) => {
        const now = getTermRules(db, source);
        return Object.entries(rules).some(([k, v]) => now[k as keyof TermRules] !== v);
      }).length;
      if (differ > 0) report.rulesNotSet = differ;
    } else for (const [source, rules] of ruled) setTermRules(db, source, rules, d.by, at);
    await build.finish(db.prepare(`SELECT coalesce(max(id), 0) FROM pairs`).pluck().get() as number);
    syncMatchIndex(db);
  } finally {
    build.close();
    db.pragma(`cache_size = ${cacheBefore}`);
  }
  onProgress?.(read);
  return report;
}
