// ntm export: the translation memory out again as TMX 1.4b, TBX (terms), TSV, CSV or XLSX.
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { createWriteStream, fchmodSync, openSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError, UsageError } from '../../core/errors.js';
import { ExportText } from '../../formats/export-text.js';
import { formatNamed, formatNames, writeFormatOfName, type FormatWriter, type TmFormat, type WriteOptions } from '../../formats/registry.js';
import { putInPlace, resolveTarget } from '../../store/files.js';
import { exportUnits } from '../../store/interchange.js';
import type { Context } from '../context.js';
import { VERSION } from '../version.js';

const EXPORT_FORMATS = formatNames('write');
type ExportFormat = TmFormat & { write: FormatWriter };

interface ExportOptions {
  format?: string;
  terms?: boolean;
  segments?: boolean;
  since?: string;
  force?: boolean;
  json?: boolean;
}

export function registerExport(program: Command, ctx: Context): void {
  program
    .command('export')
    .summary('write the translation memory to TMX, TBX, TSV, CSV or XLSX')
    .description(
      'Write every stored pair (never deleted ones) to a file, or to standard output with -.\n\n' +
        'TMX 1.4b keeps every field ntm holds; forbidden renderings are marked with the property ' +
        'x-ntm-status=forbidden. TBX holds the terms, forbidden renderings as deprecated terms. ' +
        'TSV, CSV and XLSX (an Excel workbook, one sheet) have a header row that "ntm import" reads back.\n\n' +
        'The format comes from the file name, or --format. An existing file is not overwritten without --force.',
    )
    .argument('<file>', 'the file to write (- for standard output)')
    .option('--format <format>', `${EXPORT_FORMATS.join(', ')} (default: from the file name; TMX for -)`)
    .option('--terms', 'only terms')
    .option('--segments', 'only segments')
    .option('--since <date>', 'only pairs added or changed on or after this date (e.g. 2024-01-31)')
    .option('--force', 'overwrite the file if it exists')
    .option('--json', 'print the summary as JSON (not with -)')
    .addHelpText(
      'after',
      `
Examples:
  ntm export desk.tmx
  ntm export glossary.tbx
  ntm export - --format tsv --since 2024-06-01 | less
  ntm export handover.csv --segments --force
  ntm export desk.xlsx                  for a spreadsheet (Excel, LibreOffice)`,
    )
    .action(async (file: string, o: ExportOptions) => {
      const format = exportFormat(file, o.format);
      if (o.terms && o.segments) throw new UsageError('--terms and --segments exclude each other; leave both out for everything.');
      if (format.write.termsOnly && o.segments) {
        const others = EXPORT_FORMATS.filter((f) => !formatNamed(f)!.write!.termsOnly).map((f) => f.toUpperCase());
        throw new UsageError(
          `${format.name.toUpperCase()} holds terms only; export segments to ${others.slice(0, -1).join(', ')} or ${others[others.length - 1]}.`,
        );
      }
      if (file === '-' && format.binary) throw new UsageError(`${format.name.toUpperCase()} is not text; name a file to write it to.`);
      if (file === '-' && o.json) throw new UsageError('--json needs a file: with -, standard output is the export itself.');
      let since: string | undefined;
      if (o.since !== undefined) {
        const d = new Date(o.since);
        if (Number.isNaN(d.getTime())) throw new UsageError(`--since takes a date such as 2024-01-31, not "${o.since}".`);
        since = d.toISOString();
      }
      // Through a symbolic link to its file; a device, pipe or folder is never replaced.
      const target = file === '-' ? null : resolveTarget(file, o.force === true, (why) => new InputError(`${file}: ${why}.`));
      const kind = format.write.termsOnly || o.terms ? 'term' : o.segments ? 'segment' : undefined;
      const header: WriteOptions = { tool: 'ntm', toolVersion: VERSION, title: 'ntm terms' };
      const count = await ctx.read(async ({ db }) => {
        const units = exportUnits(db, { kind, since, bySource: format.write.bySource });
        const text = new ExportText(format.write, units, header);
        if (!target) {
          await pipeline(Readable.from(text.chunks()), ctx.io.stdout, { end: false });
          return text.finish(file);
        }
        // Written beside the target and renamed at the end: a failed export leaves no half file.
        const temp = join(dirname(target.path), `.${basename(target.path)}.ntm-${randomBytes(4).toString('hex')}.tmp`);
        let fd: number;
        try {
          fd = openSync(temp, 'wx', target.mode ?? 0o666);
          // The file it replaces keeps its permissions (a 0600 file stays 0600).
          if (target.mode !== undefined) fchmodSync(fd, target.mode);
        } catch (err) {
          const code = (err as { code?: string }).code;
          const why =
            code === 'ENOENT' ? `the folder ${dirname(file)} does not exist` : code === 'EACCES' ? 'no permission to write there' : (err as Error).message;
          throw new InputError(`${file}: cannot be written (${why}); nothing written.`);
        }
        try {
          ctx.step('export:writing');
          await pipeline(Readable.from(text.chunks()), createWriteStream(temp, { fd }));
          const n = text.finish(file);
          ctx.step('export:written');
          putInPlace(temp, target.path);
          ctx.step('export:renamed');
          return n;
        } catch (err) {
          rmSync(temp, { force: true });
          throw err;
        }
      });
      const what = kind === 'term' ? 'terms' : kind === 'segment' ? 'segments' : 'pairs';
      if (o.json) ctx.json({ file, format: format.name, [what]: count });
      else if (file !== '-') ctx.out(`Exported ${count} ${what} to ${file} (${format.name.toUpperCase()}).`);
    });
}

function exportFormat(file: string, forced: string | undefined): ExportFormat {
  if (forced !== undefined) {
    const format = formatNamed(forced);
    if (!format?.write) throw new UsageError(`--format takes one of ${EXPORT_FORMATS.join(', ')}, not "${forced}".`);
    return format as ExportFormat;
  }
  if (file === '-') return formatNamed('tmx') as ExportFormat;
  const format = writeFormatOfName(file);
  if (format) return format;
  const names = EXPORT_FORMATS.map((f) => formatNamed(f)!.extensions[0]!);
  throw new UsageError(`Cannot tell the format from "${file}"; name it ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}, or add --format.`);
}
