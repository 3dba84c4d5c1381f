// ntm import: approved pairs in bulk from files; all files in one transaction.
import type { Command } from 'commander';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError, UsageError } from '../../core/errors.js';
import { readDelimited } from '../../formats/tsv.js';
import type { ReadItem } from '../../formats/units.js';
import { asyncTransaction, importUnits, type ImportReport } from '../../store/import.js';
import { collect, type Context } from '../context.js';

interface ImportOptions {
  term?: boolean;
  by?: string;
  ref?: string;
  tag: string[];
  format?: string;
  json?: boolean;
}

const FORMATS = ['tsv', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export function registerImport(program: Command, ctx: Context): void {
  program
    .command('import')
    .summary('import approved pairs from TSV or CSV files')
    .description(
      'Import approved pairs. TSV: Dutch<TAB>English a line, or columns named by a header row\n' +
        '(nl, en, kind, status, by, at, ref, note, tags). All files are imported in one go:\n' +
        'if any file is malformed, nothing is written. Lines that cannot be pairs are skipped and listed.',
    )
    .argument('<file...>', 'files to import (- for standard input)')
    .option('--term', 'import the pairs as terms')
    .option('--by <name>', 'who approved them, where the file does not say (default: your user name)')
    .option('--ref <article>', 'the article they belong to')
    .option('--tag <tag>', 'tag every imported pair (repeatable)', collect, [])
    .option('--format <format>', `force the format (${FORMATS.join(', ')}); default: from the file name`)
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm import approved.tsv
  ntm import glossary.tsv --term --by desk
  cut -f1,2 export.tsv | ntm import - --ref hasaka-2022`,
    )
    .action(async (files: string[], o: ImportOptions) => {
      if (o.format && !FORMATS.includes(o.format as Format)) {
        throw new UsageError(`--format takes one of ${FORMATS.join(', ')}, not "${o.format}".`);
      }
      for (const f of files) {
        if (f === '-') continue;
        if (!existsSync(f)) throw new InputError(`${f}: no such file.`);
        if (statSync(f).isDirectory()) throw new InputError(`${f}: is a folder; name the files inside it.`);
      }
      const defaults = { kind: o.term ? ('term' as const) : ('segment' as const), by: o.by ?? ctx.defaultUser(), ref: o.ref, tags: o.tag };
      const reports = await ctx.write(({ db }) =>
        asyncTransaction(db, async () => {
          const out: { file: string; report: ImportReport }[] = [];
          for (const file of files) {
            const name = file === '-' ? '<stdin>' : file;
            const units = readFile(file, name, (o.format as Format | undefined) ?? formatOf(file), ctx);
            out.push({ file: name, report: await importUnits(db, units, defaults) });
          }
          return out;
        }),
      );
      if (o.json) {
        ctx.json({ files: reports.map(({ file, report }) => ({ file, ...report })) });
        return;
      }
      for (const { file, report } of reports) printReport(ctx, file, report);
    });
}

function formatOf(file: string): Format {
  return extname(file).toLowerCase() === '.csv' ? 'csv' : 'tsv';
}

function readFile(file: string, name: string, format: Format, ctx: Context): AsyncIterable<ReadItem> {
  const input: Readable = file === '-' ? ctx.io.stdin : createReadStream(file);
  return readDelimited(input, { file: name, delimiter: format === 'csv' ? ',' : '\t', quoted: format === 'csv' });
}

const SHOWN_SKIPS = 20;

function printReport(ctx: Context, file: string, r: ImportReport): void {
  const c = ctx.c;
  const parts = [
    c.green(`${r.imported} imported`),
    `${r.duplicates} duplicate${r.duplicates === 1 ? '' : 's'} (already stored)`,
    r.skipped.length ? c.yellow(`${r.skipped.length} skipped`) : '0 skipped',
  ];
  ctx.out(`${c.bold(file)}: ${parts.join(', ')}`);
  for (const s of r.skipped.slice(0, SHOWN_SKIPS)) ctx.out(c.yellow(`  line ${s.line}: ${s.reason}`));
  if (r.skipped.length > SHOWN_SKIPS) ctx.out(c.dim(`  … and ${r.skipped.length - SHOWN_SKIPS} more (--json lists them all)`));
}
