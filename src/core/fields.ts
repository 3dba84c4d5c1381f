// Metadata fields read from interchange files (usage counts, dates): read exactly or refused
// with a reason, never rounded, rolled over or guessed. A 2024-02-30 is not March 1st.

/** A field value that cannot be read; the message says what and why. */
export class FieldError extends Error {}

/** A usage count: a whole number from 0 up to 2^53 − 1, written as digits only. */
export function parseCount(value: string, what = 'usage count'): number {
  const v = value.trim();
  if (!/^\d+$/.test(v)) throw new FieldError(`${what} "${value}" is not a whole number`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new FieldError(`${what} "${value}" is too large (more than ${Number.MAX_SAFE_INTEGER})`);
  return n;
}

// 2024-03-01, 2024-03-01T10:15, 2024-03-01 10:15:30.250+01:00, 20240301T101530Z (TMX),
// 20240301T10:15:30Z (TBX): the forms the formats and spreadsheets write.
const DATE = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A date (and time) as ISO 8601 in UTC. Every part must exist on the calendar and the clock;
 * without a time zone the time is UTC, or the local time with `local` (as spreadsheets mean it).
 */
export function parseDate(value: string, what = 'date', o: { local?: boolean } = {}): string {
  const m = DATE.exec(value.trim());
  const bad = (why: string) => new FieldError(`${what} "${value}" ${why}`);
  if (!m) throw bad('is not a date (write it as 2024-03-01 or 2024-03-01T10:15:00Z)');
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((p) => (p === undefined ? undefined : Number(p))) as number[];
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  if (month! < 1 || month! > 12) throw bad('has no such month');
  const days = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (day! < 1 || day! > days) throw bad(`has no such day (${String(month).padStart(2, '0')}/${year} has ${days} days)`);
  if (hour > 23 || minute > 59 || second > 59) throw bad('has no such time of day');
  const zone = m[8];
  let t: number;
  if (zone === undefined && o.local && m[4] !== undefined) {
    t = new Date(year!, month! - 1, day!, hour, minute, second, ms).getTime();
  } else {
    t = Date.UTC(year!, month! - 1, day!, hour, minute, second, ms);
    if (zone && zone.toUpperCase() !== 'Z') {
      const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
      const offset = (Number(z[2]) * 60 + Number(z[3] ?? 0)) * (z[1] === '-' ? -1 : 1);
      if (Number(z[2]) > 23 || Number(z[3] ?? 0) > 59) throw bad('has no such time zone');
      t -= offset * 60_000;
    }
  }
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) throw bad('is not a date');
  return d.toISOString();
}
