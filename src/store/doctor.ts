// Health of a translation memory: SQLite's own checks, the schema, derived data against the
// stored pairs, and the duplicates and conflicts a translator should know about.
import type { Database } from 'better-sqlite3';
import { countConflicts } from './stats.js';
import { norm } from '../core/normalize.js';
import { DERIVED_DATA, type DerivedData } from './derived.js';
import { APPLICATION_ID } from './open.js';
import { inChangeSet } from './changes.js';
import { cleanUnsafePairs, findUnsafePairs } from './unsafe-text.js';

export interface DerivedReport {
  name: string;
  description: string;
  /** Rows that disagreed with the pairs when checked. */
  stale: number;
  /** Rows fixed by --repair. */
  repaired: number;
  /** Rows --repair could not fix, and why. */
  unfixable: string[];
}

export interface HealthReport {
  schemaVersion: number;
  knownSchemaVersion: number;
  applicationIdOk: boolean;
  journalMode: string;
  integrity: { ok: boolean; messages: string[] };
  foreignKeys: { ok: boolean; violations: number };
  derived: DerivedReport[];
  /** Live pairs that repeat another live pair (same kind, source and target after norm). */
  duplicates: number;
  /** Segment sources with more than one approved target (allowed, but worth a look). */
  conflicts: number;
  /**
   * Live pairs holding a control character or a lone surrogate (stored before ntm refused
   * them): their ids (the first 20), and with --repair how many were cleaned or deleted.
   */
  unsafeText: { pairs: number; ids: number[]; cleaned: number; deleted: number };
  pairs: number;
  /** True when nothing needs fixing (conflicts are not a fault). */
  ok: boolean;
}

const SHOWN_MESSAGES = 20;

function integrity(db: Database): { ok: boolean; messages: string[] } {
  const rows = db.pragma(`integrity_check(${SHOWN_MESSAGES})`) as { integrity_check: string }[];
  const messages = rows.map((r) => r.integrity_check);
  return messages.length === 1 && messages[0] === 'ok' ? { ok: true, messages: [] } : { ok: false, messages };
}

function duplicates(db: Database): number {
  // Recomputed from the text itself, not from the stored normal forms it may be checking.
  const seen = new Set<string>();
  let n = 0;
  const rows = db.prepare(`SELECT kind, source, target FROM pairs WHERE deleted_at IS NULL`).iterate() as Iterable<{
    kind: string;
    source: string;
    target: string;
  }>;
  for (const r of rows) {
    const key = JSON.stringify([r.kind, norm(r.source), norm(r.target)]);
    if (seen.has(key)) n++;
    else seen.add(key);
  }
  return n;
}

/**
 * Checks the translation memory. With `repair`, first rebuilds SQLite's indexes and every
 * kind of derived data from the stored pairs (one transaction), then checks again.
 */
export function examine(db: Database, o: { knownSchemaVersion: number; repair?: boolean; derived?: readonly DerivedData[]; by?: string }): HealthReport {
  const kinds = o.derived ?? DERIVED_DATA;
  const stale = kinds.map((d) => d.check(db));
  const repairs = kinds.map(() => ({ fixed: 0, unfixable: [] as string[] }));
  const unsafe = findUnsafePairs(db);
  const unsafeText = { pairs: unsafe.length, ids: unsafe.slice(0, 20), cleaned: 0, deleted: 0 };
  if (o.repair) {
    db.transaction(() => {
      // Pair texts first (one change set, history kept), then what is derived from them.
      if (unsafe.length > 0) {
        const r = inChangeSet(db, { command: 'doctor --repair', by: o.by ?? 'ntm doctor' }, () => cleanUnsafePairs(db, unsafe, o.by ?? 'ntm doctor')).result;
        unsafeText.cleaned = r.cleaned;
        unsafeText.deleted = r.deleted;
      }
      db.exec('REINDEX');
      kinds.forEach((d, i) => {
        if (stale[i]! > 0) repairs[i] = d.rebuild(db);
      });
    }).immediate();
  }
  const derived = kinds.map((d, i) => ({
    name: d.name,
    description: d.description,
    stale: stale[i]!,
    repaired: repairs[i]!.fixed,
    unfixable: repairs[i]!.unfixable,
  }));
  const stillStale = o.repair ? kinds.map((d) => d.check(db)) : stale;
  const fk = (db.pragma('foreign_key_check') as unknown[]).length;
  const report: HealthReport = {
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    knownSchemaVersion: o.knownSchemaVersion,
    applicationIdOk: db.pragma('application_id', { simple: true }) === APPLICATION_ID,
    journalMode: db.pragma('journal_mode', { simple: true }) as string,
    integrity: integrity(db),
    foreignKeys: { ok: fk === 0, violations: fk },
    derived,
    duplicates: duplicates(db),
    conflicts: countConflicts(db),
    unsafeText,
    pairs: (db.prepare(`SELECT count(*) AS n FROM pairs WHERE deleted_at IS NULL`).get() as { n: number }).n,
    ok: false,
  };
  report.ok =
    report.integrity.ok &&
    report.foreignKeys.ok &&
    report.applicationIdOk &&
    report.schemaVersion === report.knownSchemaVersion &&
    stillStale.every((n) => n === 0) &&
    report.duplicates === 0 &&
    (o.repair ? findUnsafePairs(db).length === 0 : unsafe.length === 0);
  return report;
}
