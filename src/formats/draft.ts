// Drafts, the one reading layer `ntm check` and `ntm approve` share: a bilingual file (TSV,
// CSV, XLIFF 1.2/2.0, TMX) or two line-aligned plain texts → draft units, numbered from 1 in
// file order. XML drafts go through the readers `ntm import` uses, in their draft mode:
// every segment counts whatever its approval state, and one without English is untranslated.
// Writing: pretranslate's rows as TSV or XLIFF 1.2.
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import type { DraftRow, DraftUnit } from '../core/draft.js';
import { InputError, UsageError } from '../core/errors.js';
import { peek } from './head.js';
import { readDraftTsv, unitsOfDraftRecords, writeDraftTsv } from './draft-tsv.js';
import { writeDraftXliff, type XliffDraftHeader } from './draft-xliff.js';
import { DEFAULT_LANGUAGES } from './languages.js';
import { detectFormat } from './registry.js';
import { utf8Checker } from './text-input.js';
import { readTmx } from './tmx.js';
import { isSkipped, type ReadItem } from '../core/units.js';
import { readXliff } from './xliff.js';

export const DRAFT_FORMATS = ['tsv', 'csv', 'xlsx', 'xliff', 'tmx'] as const;
export type DraftFormat = (typeof DRAFT_FORMATS)[number];

/** The formats pretranslate writes. */
export type DraftWriteFormat = 'tsv' | 'xliff';

const XLIFF_EXTENSIONS = new Set(['.xlf', '.xliff', '.sdlxliff', '.mqxliff']);
const TSV_EXTENSIONS = new Set(['.tsv', '.tab', '.txt']);

/** The format to write a draft in, from its file name; `-` (standard output) is TSV. */
export function draftWriteFormatOf(file: string): DraftWriteFormat {
  if (file === '-') return 'tsv';
  const ext = extname(file).toLowerCase();
  if (TSV_EXTENSIONS.has(ext)) return 'tsv';
  if (XLIFF_EXTENSIONS.has(ext)) return 'xliff';
  throw new UsageError(`${file}: unknown draft format "${ext || '(no extension)'}"; drafts are written as .tsv or .xlf files.`);
}

/** A draft's rows as the text of a file in the given format. */
export function writeDraft(format: DraftWriteFormat, rows: readonly DraftRow[], h: XliffDraftHeader): string {
  return format === 'xliff' ? writeDraftXliff(rows, h) : writeDraftTsv(rows);
}

/**
 * The format of a draft from its first bytes (XML by its root element, whatever the name)
 * and, for delimited text, its name: .csv is CSV, everything else TSV.
 */
function draftFormatOf(head: Buffer, file: string): DraftFormat {
  const format = detectFormat(head, file).name;
  if (format === 'tbx') throw new InputError('is a TBX termbase, not a draft; import its terms with "ntm import"', file);
  if (format === 'xliff' || format === 'tmx' || format === 'xlsx') return format;
  // Standard input and .txt are TSV, as pretranslate writes them: a comma in a Dutch
  // sentence does not make a draft CSV.
  return extname(file).toLowerCase() === '.csv' ? 'csv' : 'tsv';
}

async function fromItems(items: AsyncIterable<ReadItem>, file: string): Promise<DraftUnit[]> {
  const units: DraftUnit[] = [];
  for await (const item of items) {
    // A segment a draft reader cannot use would shift every later segment number: refused.
    if (isSkipped(item)) throw new InputError(item.skipped, file, item.line);
    const unit: DraftUnit = { segment: units.length + 1, line: item.line, source: item.source, target: item.target };
    if (item.sourcePieces) unit.sourcePieces = item.sourcePieces;
    if (item.targetPieces) unit.targetPieces = item.targetPieces;
    if (item.fill) unit.fill = item.fill;
    units.push(unit);
  }
  return units;
}

/** Every segment of a bilingual draft, in file order; the format is forced or told from the content. */
export async function readDraft(input: Readable, file: string, format?: DraftFormat): Promise<DraftUnit[]> {
  const { head, stream } = await peek(input);
  if (head.length === 0) return [];
  const f = format ?? draftFormatOf(head, file);
  switch (f) {
    case 'tsv':
      return readDraftTsv(stream, file);
    case 'csv':
      return readDraftTsv(stream, file, true);
    case 'xlsx': {
      const rows = await (await import('./xlsx.js')).readXlsxRows(stream, file);
      return unitsOfDraftRecords(
        rows.map((cells, i) => ({ cells, line: i + 1 })),
        file,
        'column',
      );
    }
    case 'xliff':
      return fromItems(readXliff(stream, { file, langs: DEFAULT_LANGUAGES, draft: true }), file);
    case 'tmx':
      return fromItems(readTmx(stream, { file, langs: DEFAULT_LANGUAGES, draft: true }), file);
  }
}

/** All of a text stream, checked to be UTF-8 text. */
export async function readText(input: Readable, file: string): Promise<string> {
  const checker = utf8Checker(file);
  input.on('error', (err) => checker.destroy(err));
  input.pipe(checker);
  let text = '';
  for await (const chunk of checker as AsyncIterable<string>) text += chunk;
  return text;
}

function lines(text: string): string[] {
  const out = text.split(/\r\n|\n|\r/);
  // Blank lines at the end are no segments: one file ending in an extra newline is still aligned.
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  return out;
}

/**
 * A draft from two line-aligned texts: line n of the Dutch is translated by line n of the
 * English. Lines blank on both sides (paragraph breaks) are not segments; blank lines at the
 * end of either file do not count. A blank line opposite text, or different line counts,
 * mean the files are not aligned: refused, since every finding after it would land on the
 * wrong sentence.
 */
export function alignDraft(sourceText: string, targetText: string, sourceFile: string, targetFile: string): DraftUnit[] {
  const nl = lines(sourceText);
  const en = lines(targetText);
  const fix = 'the files must be line-aligned (line n of the English translates line n of the Dutch): add the missing line or remove the extra one';
  for (let i = 0; i < Math.min(nl.length, en.length); i++) {
    const nlBlank = nl[i]!.trim() === '';
    if (nlBlank === (en[i]!.trim() === '')) continue;
    const [blank, full] = nlBlank ? [sourceFile, targetFile] : [targetFile, sourceFile];
    throw new InputError(`${blank} line ${i + 1} is blank but ${full} line ${i + 1} is not; ${fix}`);
  }
  if (nl.length !== en.length) {
    throw new InputError(`${sourceFile} has ${nl.length} line${nl.length === 1 ? '' : 's'} but ${targetFile} has ${en.length}; ${fix}`);
  }
  const units: DraftUnit[] = [];
  for (let i = 0; i < nl.length; i++) {
    if (nl[i]!.trim() === '') continue;
    units.push({ segment: units.length + 1, source: nl[i]!, target: en[i]!, line: i + 1 });
  }
  return units;
}
