// ntm export: the translation memory out again as TMX 1.4b, TBX (terms), TSV or CSV.
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { InputError, UsageError } from '../../core/errors.js';
import { TBX_END, tbxEntryXml, tbxStart } from '../../formats/tbx.js';
import { TMX_END, tmxStart, tmxUnitXml } from '../../formats/tmx.js';
import { csvLine, delimitedHeader, EXPORT_COLUMNS, exportCells, tsvLine } from '../../formats/tsv.js';
import { exportUnits, type ExportUnit } from '../../store/interchange.js';
import type { Context } from '../context.js';
import { VERSION } from '../version.js';

const EXPORT_FORMATS = ['tmx', 'tbx', 'tsv', 'csv', 'xlsx'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

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
    .summary('write the translation memory to TMX, TBX, TSV or CSV')
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
      if (format === 'tbx' && o.segments) throw new UsageError('TBX holds terms only; export segments to TMX, TSV or CSV.');
      if (file === '-' && o.json) throw new UsageError('--json needs a file: with -, standard output is the export itself.');
      if (file === '-' && format === 'xlsx') throw new UsageError('An .xlsx workbook is written to a file, not to standard output.');
      let since: string | undefined;
      if (o.since !== undefined) {
        const d = new Date(o.since);
        if (Number.isNaN(d.getTime())) throw new UsageError(`--since takes a date such as 2024-01-31, not "${o.since}".`);
        since = d.toISOString();
      }
      if (file !== '-' && existsSync(file)) {
        if (statSync(file).isDirectory()) throw new InputError(`${file}: is a folder; name a file to write.`);
        if (!o.force) throw new InputError(`${file}: already exists; nothing written (add --force to replace it).`);
      }
      const kind = format === 'tbx' || o.terms ? 'term' : o.segments ? 'segment' : undefined;
      const count = await ctx.read(async ({ db }) => {
        const units = exportUnits(db, { kind, since, bySource: format === 'tbx' });
        if (file === '-') return writeAll(ctx.io.stdout, format, units);
        // Written beside the target and renamed at the end: a failed export leaves no half file.
        const temp = join(dirname(file), `.${basename(file)}.ntm-${randomBytes(4).toString('hex')}.tmp`);
        let fd: number;
        try {
          fd = openSync(temp, 'wx');
        } catch (err) {
          const code = (err as { code?: string }).code;
          const why = code === 'ENOENT' ? `the folder ${dirname(file)} does not exist` : code === 'EACCES' ? 'no permission to write there' : (err as Error).message;
          throw new InputError(`${file}: cannot be written (${why}); nothing written.`);
        }
        const out = createWriteStream(temp, { fd });
        try {
          const n = await writeAll(out, format, units);
          out.end();
          await once(out, 'finish');
          renameSync(temp, file);
          return n;
        } catch (err) {
          out.destroy();
          rmSync(temp, { force: true });
          throw err;
        }
      });
      const what = kind === 'term' ? 'terms' : kind === 'segment' ? 'segments' : 'pairs';
      if (o.json) ctx.json({ file, format, [what]: count });
      else if (file !== '-') ctx.out(`Exported ${count} ${what} to ${file} (${format.toUpperCase()}).`);
    });
}

function exportFormat(file: string, forced: string | undefined): ExportFormat {
  if (forced !== undefined) {
    if (!EXPORT_FORMATS.includes(forced as ExportFormat)) throw new UsageError(`--format takes one of ${EXPORT_FORMATS.join(', ')}, not "${forced}".`);
    return forced as ExportFormat;
  }
  if (file === '-') return 'tmx';
  const ext = extname(file).slice(1).toLowerCase();
  if (EXPORT_FORMATS.includes(ext as ExportFormat)) return ext as ExportFormat;
  throw new UsageError(`Cannot tell the format from "${file}"; name it .tmx, .tbx, .tsv, .csv or .xlsx, or add --format.`);
}

/** Writes every unit in the format, minding back-pressure; returns how many pairs were written. */
async function writeAll(out: Writable, format: ExportFormat, units: Iterable<ExportUnit>): Promise<number> {
  const write = async (s: string | Buffer): Promise<void> => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const what = (u: ExportUnit) => `pair #${u.id}`;
  let n = 0;
  switch (format) {
    case 'tmx':
      await write(tmxStart({ tool: 'ntm', toolVersion: VERSION }));
      for (const u of units) {
        await write(tmxUnitXml(u, what(u)));
        n++;
      }
      await write(TMX_END);
      return n;
    case 'tbx': {
      await write(tbxStart('ntm terms'));
      let group: ExportUnit[] = [];
      let entries = 0;
      const flush = async () => {
        if (group.length) await write(tbxEntryXml(++entries, group, (u) => what(u as ExportUnit)));
        group = [];
      };
      for (const u of units) {
        if (group.length && group[0]!.sourceNorm !== u.sourceNorm) await flush();
        group.push(u);
        n++;
      }
      await flush();
      await write(TBX_END);
      return n;
    }
    case 'xlsx': {
      // A workbook is written whole (the zip's directory comes last): rows first, then bytes.
      const rows: string[][] = [[...EXPORT_COLUMNS]];
      for (const u of units) rows.push(exportCells(u));
      const { xlsxBytes } = await import('../../formats/xlsx.js');
      await write(await xlsxBytes(rows, 'ntm'));
      return rows.length - 1;
    }
    case 'tsv':
    case 'csv':
      await write(delimitedHeader(format === 'tsv' ? '\t' : ','));
      for (const u of units) {
        await write(format === 'tsv' ? tsvLine(u, what(u)) : csvLine(u));
        n++;
      }
      return n;
  }
}
