// How doctor's findings and stats's counts look: one line per check or count.
import type { ChalkInstance } from 'chalk';
import type { HealthReport } from '../../store/doctor.js';
import { formatBytes } from './text.js';
import type { Stats } from '../../store/stats.js';

/** doctor's report: each check "ok" or "FAIL", conflicts as a note, then the size of the TM. */
export function doctorReport(c: ChalkInstance, r: HealthReport, repair: boolean): string[] {
  const out: string[] = [];
  const good = (s: string) => `${c.green('ok')}   ${s}`;
  const line = (ok: boolean, s: string) => out.push(ok ? good(s) : `${c.red('FAIL')} ${s}`);
  line(r.integrity.ok, 'integrity check');
  for (const m of r.integrity.messages) out.push(`       ${m}`);
  line(r.foreignKeys.ok, `foreign keys${r.foreignKeys.ok ? '' : `: ${r.foreignKeys.violations} broken references`}`);
  line(r.applicationIdOk, 'marked as an ntm translation memory');
  line(
    r.schemaVersion === r.knownSchemaVersion,
    `schema version ${r.schemaVersion}${r.schemaVersion === r.knownSchemaVersion ? '' : ` (this ntm uses ${r.knownSchemaVersion})`}`,
  );
  for (const d of r.derived) {
    const fixedAll = d.stale === d.repaired;
    if (d.stale === 0) line(true, `${d.description}`);
    else if (repair) line(fixedAll, `${d.description}: ${d.repaired} of ${d.stale} rebuilt`);
    else line(false, `${d.description}: ${d.stale} out of step with their pairs`);
    for (const u of d.unfixable) out.push(`       ${u}`);
  }
  line(r.duplicates === 0, `duplicates: ${r.duplicates}`);
  const u = r.unsafeText;
  if (u.pairs === 0) line(true, 'pair texts free of control characters');
  else if (repair)
    line(
      u.cleaned + u.deleted === u.pairs,
      `control characters in ${u.pairs} pairs: ${u.cleaned} cleaned, ${u.deleted} deleted (left empty or the same as another pair; "ntm history" keeps the earlier text)`,
    );
  else
    line(
      false,
      `control characters in ${u.pairs} pairs (${u.ids.map((id) => `#${id}`).join(', ')}${u.pairs > u.ids.length ? ', …' : ''}): they cannot be exported to XML; --repair takes them out, keeping the earlier text in each pair's history`,
    );
  const conflicts = `conflicts: ${r.conflicts} Dutch segment${r.conflicts === 1 ? '' : 's'} with more than one approved translation`;
  out.push(r.conflicts ? `${c.yellow('note')} ${conflicts} (allowed; "ntm stats" counts them too)` : good(conflicts));
  out.push(c.dim(`     ${r.pairs} pairs, journal mode ${r.journalMode}`));
  return out;
}

/** What stats counts, one labelled row each (the store's counts). */
export type StatsRows = Stats;

/** stats's table: the file, its size, then the counts (conflicts stand out when there are any). */
export function statsReport(c: ChalkInstance, path: string, bytes: number, s: StatsRows): string[] {
  const row = (k: string, v: string | number) => `${c.dim(k.padEnd(22))}${v}`;
  return [
    row('database', path),
    row('size', formatBytes(bytes)),
    row('pairs', s.pairs),
    row('  segments', s.segments),
    row('  terms', s.terms),
    row('approved', s.approved),
    ...(s.proposed ? [row('proposed', c.yellow(`${s.proposed} (a reviewer decides: ntm review)`))] : []),
    row('forbidden renderings', s.forbidden),
    row('deleted (restorable)', s.deleted),
    row('conflicts', s.conflicts ? c.yellow(s.conflicts) : 0),
    row('schema version', s.schemaVersion),
  ];
}
