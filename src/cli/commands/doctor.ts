// ntm doctor: is the translation memory whole, and does everything derived from the pairs
// agree with them? Reports by default; --repair rebuilds what can be rebuilt.
import type { Command } from 'commander';
import { ProblemsFound } from '../../core/errors.js';
import { examine, type HealthReport } from '../../store/doctor.js';
import { SCHEMA_VERSION } from '../../store/migrations/index.js';
import type { Context } from '../context.js';

export function registerDoctor(program: Command, ctx: Context): void {
  program
    .command('doctor')
    .summary('check the translation memory for damage and inconsistencies')
    .description(
      'Check the translation memory: SQLite\'s integrity and foreign-key checks, the schema\n' +
        'version, data derived from the pairs (normal forms, lengths, indexes) against the pairs\n' +
        'themselves, duplicates, conflicts, and control characters in pair texts (stored by an older\n' +
        'ntm). Changes nothing unless --repair is given.\n' +
        'Exit status 0 when healthy, 1 when something needs attention.',
    )
    .option('--repair', 'rebuild indexes and derived data from the stored pairs, and take control characters out of pair texts (history kept)')
    .option('--by <name>', 'who repairs, in the history of cleaned pairs (default: your user name)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm doctor
  ntm doctor --repair
  ntm doctor --json | jq .integrity`,
    )
    .action(async (o: { repair?: boolean; json?: boolean; by?: string }) => {
      const by = o.by ?? ctx.defaultUser();
      const report = await ctx.read(({ db }) => examine(db, { knownSchemaVersion: SCHEMA_VERSION, repair: o.repair, by }));
      if (o.json) ctx.json(report);
      else render(ctx, report, o.repair ?? false);
      if (!report.ok) {
        throw new ProblemsFound(
          report.integrity.ok
            ? o.repair
              ? 'some problems could not be repaired (see above).'
              : 'problems found; "ntm doctor --repair" rebuilds derived data and indexes.'
            : 'the database file is damaged; restore your latest backup with "ntm restore-backup <file>".',
        );
      }
    });
}

function render(ctx: Context, r: HealthReport, repair: boolean): void {
  const c = ctx.c;
  const good = (s: string) => `${c.green('ok')}   ${s}`;
  const bad = (s: string) => `${c.red('FAIL')} ${s}`;
  const line = (ok: boolean, s: string) => ctx.out(ok ? good(s) : bad(s));
  line(r.integrity.ok, 'integrity check');
  for (const m of r.integrity.messages) ctx.out(`       ${m}`);
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
    for (const u of d.unfixable) ctx.out(`       ${u}`);
  }
  line(r.duplicates === 0, `duplicates: ${r.duplicates}`);
  const u = r.unsafeText;
  if (u.pairs === 0) line(true, 'pair texts free of control characters');
  else if (repair) line(u.cleaned + u.deleted === u.pairs, `control characters in ${u.pairs} pairs: ${u.cleaned} cleaned, ${u.deleted} deleted (left empty or the same as another pair; "ntm history" keeps the earlier text)`);
  else line(false, `control characters in ${u.pairs} pairs (${u.ids.map((id) => `#${id}`).join(', ')}${u.pairs > u.ids.length ? ', …' : ''}): they cannot be exported to XML; --repair takes them out, keeping the earlier text in each pair's history`);
  const conflicts = `conflicts: ${r.conflicts} Dutch segment${r.conflicts === 1 ? '' : 's'} with more than one approved translation`;
  ctx.out(r.conflicts ? `${c.yellow('note')} ${conflicts} (allowed; "ntm stats" counts them too)` : good(conflicts));
  ctx.out(c.dim(`     ${r.pairs} pairs, journal mode ${r.journalMode}`));
}
