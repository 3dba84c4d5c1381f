// ntm import: approved pairs in bulk from TMX, XLIFF, TBX, TSV or CSV; all files in one transaction.
import type { Command } from 'commander';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { InputError, UsageError } from '../../core/errors.js';
import { openBatches } from '../../formats/detect.js';
import { formatNames } from '../../formats/registry.js';
import { DEFAULT_LANGUAGES, primary, type LanguagePair } from '../../formats/languages.js';
import { inChangeSetAsync } from '../../store/changes.js';
import { setIndexThreadFrom } from '../../store/index-build.js';
import { setIndexBuildMemory } from '../../store/match-index/index.js';
import { importTransaction, importUnits, type ImportReport } from '../../store/import.js';
import { statusOfWrites } from '../../store/reviewers.js';
import { collect, type Context } from '../context.js';
import { hint } from '../render/messages.js';
import { importReport } from '../render/reports.js';

interface ImportOptions {
  term?: boolean;
  by?: string;
  ref?: string;
  tag: string[];
  format?: string;
  sourceLang: string;
  targetLang: string;
  includeUnapproved?: boolean;
  swap?: boolean;
  json?: boolean;
}

export function registerImport(program: Command, ctx: Context): void {
  program
    .command('import')
    .summary('import approved pairs from TMX, XLIFF, TBX, TSV or CSV files')
    .description(
      'Import approved pairs. The format is recognised from the content (--format forces it): ' +
        'TMX 1.4b, XLIFF 1.2/2.0 and sdlxliff (approved units only), TBX (terms; deprecated ones ' +
        'become forbidden renderings), TSV/CSV (Dutch, English a line, or columns named by a header ' +
        'row: nl, en, kind, status, by, at, changed_by, changed_at, ref, note, tags, usage).\n\n' +
        'Dutch and English are found by language code (nl, nl-BE, NL_nl … all count as Dutch), ' +
        'whichever side of the file they are on.\n\n' +
        'All files are imported in one go: if any file is malformed or holds no Dutch–English ' +
        'pairs, nothing is written. Units that cannot be pairs are skipped and listed with their line. ' +
        'A file whose Dutch reads as English and English as Dutch is refused (--swap reads it the ' +
        'other way round); so is a text with a control character. Once the TM has reviewers, what ' +
        'someone else imports is stored as proposed. "ntm undo" takes a whole import back.',
    )
    .argument('<file...>', 'files to import (- for standard input)')
    .option('--term', 'import the pairs as terms (TBX files always are)')
    .option('--by <name>', 'who approved them, where the file does not say (default: your user name)')
    .option('--ref <article>', 'the article they belong to, where the file does not say')
    .option('--tag <tag>', 'tag every imported pair (repeatable)', collect, [])
    .option('--format <format>', `force the format (${formatNames('read').join(', ')}); default: from the content`)
    .option('--source-lang <code>', 'the language imported as the Dutch side', DEFAULT_LANGUAGES.source)
    .option('--target-lang <code>', 'the language imported as the English side', DEFAULT_LANGUAGES.target)
    .option('--include-unapproved', 'XLIFF: also import translations not marked final/approved')
    .option('--swap', 'read the columns the other way round: the first (or source) side is the English')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm import desk-2023.tmx
  ntm import glossary.tbx memoq-export.xlf approved.tsv
  ntm import project.sdlxliff --include-unapproved --by "Trados project"
  ntm import flemish.tmx --source-lang nl-BE
  ntm import glossary.xlsx                     an Excel workbook (first sheet)
  ntm import english-first.tsv --swap          English in the first column
  cut -f1,2 export.tsv | ntm import - --ref hasaka-2022`,
    )
    .action(async (files: string[], o: ImportOptions) => {
      // The test suite's switch: the import thread from fewer pairs than a user's import needs.
      const threadFrom = Number(ctx.io.env.NTM_TEST_INDEX_THREAD_FROM);
      if (threadFrom > 0) setIndexThreadFrom(threadFrom);
      // And its build memory, so that a small file makes many runs (see index-worker.ts).
      const buildMemory = Number(ctx.io.env.NTM_TEST_INDEX_BUILD_MEMORY);
      if (buildMemory > 0) setIndexBuildMemory(buildMemory);
      if (o.format && !formatNames('read').includes(o.format)) {
        throw new UsageError(`--format takes one of ${formatNames('read').join(', ')}, not "${o.format}".`);
      }
      const langs: LanguagePair = { source: o.sourceLang.trim(), target: o.targetLang.trim() };
      for (const code of [langs.source, langs.target]) {
        if (!/^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$/.test(code)) throw new UsageError(`"${code}" is not a language code (e.g. nl, en-GB).`);
      }
      if (primary(langs.source) === primary(langs.target)) {
        throw new UsageError(`--source-lang ${langs.source} and --target-lang ${langs.target} are the same language.`);
      }
      if (files.filter((f) => f === '-').length > 1) throw new UsageError('Standard input (-) can be named only once.');
      for (const f of files) {
        if (f === '-') continue;
        if (!existsSync(f)) throw new InputError(`${f}: no such file.`);
        if (statSync(f).isDirectory()) throw new InputError(`${f}: is a folder; name the files inside it.`);
      }
      const by = o.by ?? ctx.defaultUser();
      // Which way round a file reads is judged for Dutch and English only.
      const checkDirection = primary(langs.source) === 'nl' && primary(langs.target) === 'en';
      const defaults = { kind: o.term ? ('term' as const) : ('segment' as const), by, ref: o.ref, tags: o.tag, swap: o.swap, checkDirection };
      // The progress bar (and its library) only for a person watching.
      const progress = !o.json && ctx.io.stderr.isTTY === true ? (await import('../render/progress.js')).startProgress(ctx.io.stderr) : null;
      try {
        const { reports, change } = await ctx.write(({ db }) =>
          importTransaction(db, async () => {
            const writes = statusOfWrites(db, by);
            const detail = { files: files.map((f) => (f === '-' ? '<stdin>' : f)) };
            let writing = false;
            const { result, change } = await inChangeSetAsync(db, { command: 'import', by, detail }, async () => {
              const out: FileReport[] = [];
              for (const file of files) {
                const name = file === '-' ? '<stdin>' : file;
                const size = file === '-' ? 0 : statSync(file).size;
                let bytes = 0;
                const counter = new Transform({
                  transform(chunk: Buffer, _enc, done) {
                    bytes += chunk.length;
                    done(null, chunk);
                  },
                });
                const raw: Readable = file === '-' ? ctx.io.stdin : createReadStream(file);
                const { format, units } = await openBatches(raw.pipe(counter), {
                  file: name,
                  format: o.format,
                  langs,
                  includeUnapproved: o.includeUnapproved,
                });
                progress?.file(name, size);
                const report = await importUnits(db, units, { ...defaults, file: name, writes }, (read) => {
                  if (!writing && read > 0) ctx.step('import:writing');
                  writing = true;
                  progress?.update(bytes, read);
                });
                out.push({ file: name, format, report, writes });
              }
              return out;
            });
            return { reports: result, change };
          }),
        );
        progress?.stop();
        if (o.json) {
          ctx.json({ files: reports.map(({ file, format, report, writes }) => ({ file, format, status: writes, ...report })), change });
          return;
        }
        for (const { file, format, report } of reports) for (const line of importReport(ctx.c, file, format, report)) ctx.out(line);
        if (change !== null) {
          const proposed = reports[0]?.writes === 'proposed' ? ' The pairs are proposed: a reviewer accepts them with "ntm review".' : '';
          ctx.out(hint(ctx.c, `Change set #${change}; "ntm undo ${change}" takes this import back.${proposed}`));
        }
      } finally {
        progress?.stop();
      }
    });
}

interface FileReport {
  file: string;
  format: string;
  report: ImportReport;
  /** How its pairs were stored: approved, or proposed (the importer is not a reviewer). */
  writes: 'approved' | 'proposed';
}
