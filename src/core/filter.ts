// Which pairs a lookup, concordance or listing looks at (`--ref`, `--by`, `--tag`, `--since`,
// `--status`): the filter as the user gave it, checked here; the store turns it into SQL.
import { UsageError } from './errors.js';
import type { PairStatus } from './types.js';

/** A filter on pairs; every field given must hold (AND). */
export interface PairFilter {
  /** The article the pair was approved for, exactly as stored. */
  ref?: string;
  /** Who approved (or proposed) it. */
  by?: string;
  /** A tag it carries. */
  tag?: string;
  /** Approved on or after this moment: an ISO 8601 date or date and time (UTC). */
  since?: string;
  status?: PairStatus;
}

const STATUSES: readonly PairStatus[] = ['approved', 'proposed', 'forbidden'];

/** True when the filter admits every pair. */
export function isEmptyFilter(f: PairFilter | undefined): boolean {
  return !f || (f.ref === undefined && f.by === undefined && f.tag === undefined && f.since === undefined && f.status === undefined);
}

/** A key that is equal for equal filters (for caching what a filter admits). */
export function filterKey(f: PairFilter): string {
  return JSON.stringify([f.ref ?? null, f.by ?? null, f.tag ?? null, f.since ?? null, f.status ?? null]);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?Z?)?$/;

/**
 * A `--since` value as stored times compare with it (ISO 8601, UTC), or a usage error: a date
 * (2024-03-01) or a date and time (2024-03-01T14:30, 2024-03-01T14:30:00Z); no rolled-over
 * dates (2024-02-30).
 */
export function sinceValue(text: string, option = '--since'): string {
  const m = DATE.exec(text.trim());
  const bad = () => new UsageError(`${option} takes a date such as 2024-03-01 (or 2024-03-01T14:30), not "${text}".`);
  if (!m) throw bad();
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.000Z`;
  const t = new Date(iso);
  if (Number.isNaN(t.getTime()) || t.toISOString() !== iso) throw bad();
  return iso;
}

/** A `--status` value, or a usage error naming the ones there are. */
export function statusValue(text: string, allowed: readonly PairStatus[] = STATUSES, option = '--status'): PairStatus {
  if ((allowed as readonly string[]).includes(text)) return text as PairStatus;
  throw new UsageError(`${option} takes ${allowed.join(', ')}, not "${text}".`);
}
