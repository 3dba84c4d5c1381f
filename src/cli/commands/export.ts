// ntm export: the translation memory out again as TMX 1.4b, TBX (terms), TSV or CSV.
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { createWriteStream, fchmodSync, openSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError, UsageError } from '../../core/errors.js';
import { TBX_END, tbxEntryXml, tbxStart } from '../../formats/tbx.js';
import { TMX_END, tmxStart, tmxUnitXml } from '../../formats/tmx.js';
import { csvLine, delimitedHeader, EXPORT_COLUMNS, exportCells, tsvLine } from '../../formats/tsv.js';
import { notXmlCharacter } from '../../formats/xml-write.js';
import { putInPlace, resolveTarget } from '../../store/files.js';
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
      // Through a symbolic link to its file; a device, pipe or folder is never replaced.
      const target = file === '-' ? null : resolveTarget(file, o.force === true, (why) => new InputError(`${file}: ${why}.`));
      const kind = format === 'tbx' || o.terms ? 'term' : o.segments ? 'segment' : undefined;
      const count = await ctx.read(async ({ db }) => {
        const units = exportUnits(db, { kind, since, bySource: format === 'tbx' });
        const text = format === 'xlsx' ? await workbook(units) : new ExportText(format, units);
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
          const why = code === 'ENOENT' ? `the folder ${dirname(file)} does not exist` : code === 'EACCES' ? 'no permission to write there' : (err as Error).message;
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

/** An export as an .xlsx workbook: written whole (the zip's directory comes last), TSV's columns, every cell text. */
async function workbook(units: Iterable<ExportUnit>): Promise<{ chunks: () => Iterable<Buffer>; finish: () => number }> {
  const rows: string[][] = [[...EXPORT_COLUMNS]];
  for (const u of units) rows.push(exportCells(u));
  const { xlsxBytes } = await import('../../formats/xlsx.js');
  const bytes = await xlsxBytes(rows, 'ntm');
  return { chunks: () => [bytes], finish: () => rows.length - 1 };
}

/** How many pairs that cannot be written an export names before it says "and N more". */
const NAMED_PROBLEMS = 5;

/**
 * The text of an export, chunk by chunk. A pair the format cannot hold (a control character
 * in XML, a line break in a TSV field) stops the writing but not the reading: the rest is
 * checked too, and `finish` then refuses the export naming every such pair, so one run tells
 * the user all there is to fix.
 */
class ExportText {
  private written = 0;
  private readonly problems: string[] = [];

  constructor(
    private readonly format: ExportFormat,
    private readonly units: Iterable<ExportUnit>,
  ) {}

  /** Renders one unit (or a TBX entry), or records why it cannot be. */
  private render(id: number, make: () => string): string {
    try {
      const text = make();
      const bad = notXmlCharacter(this.format === 'tmx' || this.format === 'tbx' ? text : '');
      if (bad) throw new InputError(`pair #${id} contains the control character ${bad}, which XML cannot hold`);
      return this.problems.length ? '' : text;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      this.problems.push(err.message.replace(/; edit it first$/, ''));
      return '';
    }
  }

  *chunks(): Generator<string> {
    const what = (u: ExportUnit) => `pair #${u.id}`;
    const units = this.units;
    switch (this.format) {
      case 'tmx':
        yield tmxStart({ tool: 'ntm', toolVersion: VERSION });
        for (const u of units) {
          this.written++;
          const xml = this.render(u.id, () => tmxUnitXml(u, what(u)));
          if (xml) yield xml;
        }
        yield TMX_END;
        return;
      case 'tbx': {
        yield tbxStart('ntm terms');
        let group: ExportUnit[] = [];
        let entries = 0;
        const entry = (): string => {
          const g = group;
          group = [];
          return g.length ? this.render(g[0]!.id, () => tbxEntryXml(++entries, g, (u) => what(u as ExportUnit))) : '';
        };
        for (const u of units) {
          if (group.length && group[0]!.sourceNorm !== u.sourceNorm) {
            const xml = entry();
            if (xml) yield xml;
          }
          group.push(u);
          this.written++;
        }
        const xml = entry();
        if (xml) yield xml;
        yield TBX_END;
        return;
      }
      case 'tsv':
      case 'csv':
        yield delimitedHeader(this.format === 'tsv' ? '\t' : ',');
        for (const u of units) {
          this.written++;
          const line = this.render(u.id, () => (this.format === 'tsv' ? tsvLine(u, what(u)) : csvLine(u)));
          if (line) yield line;
        }
        return;
    }
  }

  /** The number of pairs written; throws naming the pairs the format could not hold. */
  finish(file: string): number {
    const n = this.problems.length;
    if (n === 0) return this.written;
    const more = n > NAMED_PROBLEMS ? ` (and ${n - NAMED_PROBLEMS} more pairs)` : '';
    throw new InputError(
      `${file === '-' ? 'standard output' : file}: not exported: ${this.problems.slice(0, NAMED_PROBLEMS).join('; ')}${more}. ` +
        `Edit ${n === 1 ? 'that pair' : 'those pairs'} first${this.format === 'tmx' || this.format === 'tbx' ? ', or export to TSV or CSV' : ''}.`,
    );
  }
}
