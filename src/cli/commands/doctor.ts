// ntm doctor: is the translation memory whole, and does everything derived from the pairs
// agree with them? Reports by default; --repair rebuilds what can be rebuilt.
import type { Command } from 'commander';
import { ProblemsFound } from '../../core/errors.js';
import { examine } from '../../store/doctor.js';
import { SCHEMA_VERSION } from '../../store/migrations/index.js';
import type { Context } from '../context.js';
import { doctorReport } from '../render/health.js';

export function registerDoctor(program: Command, ctx: Context): void {
  program
    .command('doctor')
    .summary('check the translation memory for damage and inconsistencies')
    .description(
      "Check the translation memory: SQLite's integrity and foreign-key checks, the schema\n" +
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
      else for (const line of doctorReport(ctx.c, report, o.repair ?? false)) ctx.out(line);
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
