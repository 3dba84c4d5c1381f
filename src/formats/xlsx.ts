// Excel workbooks (.xlsx): the first sheet read as the rows of a TSV file are, and an export
// written as a workbook with TSV's columns.
// Read by read-excel-file and written by write-excel-file (both small, maintained, built on
// fflate for the zip); both are loaded only when an .xlsx file comes, so no other command
// pays for them. A workbook is a zip of XML: the file is read whole (spreadsheets are not
// streamed), so its size and the size of what it unpacks to are checked first.
import type { Readable } from 'node:stream';
import { InputError } from '../core/errors.js';
import type { ReadItem, StoredUnit } from '../core/units.js';
import type { ExportText } from './export-text.js';
import { EXPORT_COLUMNS, exportCells, unitsOfRows } from './tsv.js';
import { xmlChecked } from './xml-write.js';

/** The largest workbook read, in bytes (an .xlsx of a million short pairs is about 40 MB). */
export const MAX_XLSX_BYTES = 200 * 1024 * 1024;
/** The most a workbook's parts may unpack to, in bytes (a zip bomb is refused before it unpacks). */
export const MAX_XLSX_UNPACKED = 1024 * 1024 * 1024;
/** Excel's own limit of rows in a sheet. */
export const MAX_XLSX_ROWS = 1_048_576;
/** Excel's own limit of characters in a cell (it cuts a longer text when it opens the file). */
export const MAX_XLSX_CELL = 32_767;
/**
 * The time every part of a written workbook carries (Excel writes this one too): the same
 * pairs then give the same file, byte for byte, whenever they are exported.
 */
const ZIP_TIME = new Date(1980, 0, 1);

/** The zip signature every .xlsx starts with. */
export function looksLikeZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** The signature of an Excel 97–2003 workbook (.xls) and other OLE files. */
export function looksLikeOldExcel(head: Buffer): boolean {
  return head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
}

async function readAll(input: Readable, file: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > MAX_XLSX_BYTES) throw new InputError(`is larger than ${MAX_XLSX_BYTES / 1024 / 1024} MB; save it as TSV or split it`, file);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** A cell as text: numbers as written in JavaScript (1.5), dates as ISO 8601, empty as ''. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** The rows of the first sheet of a workbook, cells as text; row n of the list is the sheet's row n + 1. */
export async function readXlsxRows(input: Readable, file: string): Promise<string[][]> {
  const bytes = await readAll(input, file);
  if (looksLikeOldExcel(bytes)) throw new InputError('is an Excel 97–2003 workbook (.xls); save it as .xlsx (Excel Workbook) or as Unicode text', file);
  const { unzipSync } = await import('fflate');
  let unpacked = 0;
  try {
    // Sizes from the zip's directory, nothing unpacked: every entry is filtered out.
    unzipSync(bytes, {
      filter: (entry) => {
        unpacked += entry.originalSize;
        return false;
      },
    });
  } catch {
    throw new InputError('is not an Excel workbook (.xlsx): it is not a readable zip file', file);
  }
  if (unpacked > MAX_XLSX_UNPACKED) {
    throw new InputError(`unpacks to more than ${MAX_XLSX_UNPACKED / 1024 / 1024} MB; this is not a workbook of segment pairs`, file);
  }
  const { readSheet } = await import('read-excel-file/node');
  let rows: unknown[][];
  try {
    rows = (await readSheet(bytes, { trim: false })) as unknown[][];
  } catch (err) {
    const what = (err as { message?: string }).message ?? String(err);
    throw new InputError(`is not an Excel workbook (.xlsx) ntm can read (${what.split('\n')[0]}); save it again as .xlsx`, file);
  }
  // Columns empty in every row (a sheet formatted wider than its text) are not columns.
  const texts = rows.map((row) => row.map(cellText));
  let width = 0;
  for (const row of texts) for (let i = row.length - 1; i >= width; i--) if (row[i] !== '') width = i + 1;
  return texts.map((row) => row.slice(0, width));
}

/** The units of a workbook's first sheet, read as the lines of a TSV file are (row n is line n). */
export async function readXlsx(input: Readable, file: string): Promise<AsyncGenerator<ReadItem>> {
  const rows = await readXlsxRows(input, file);
  return (async function* () {
    yield* unitsOfRows(rows, file);
  })();
}

/**
 * An export as a workbook, written whole (a zip's directory comes last): TSV's columns, every
 * cell text. A pair a cell cannot hold is recorded through `text` and no workbook is made.
 */
export async function* xlsxPieces(units: Iterable<StoredUnit>, text: ExportText): AsyncGenerator<Uint8Array> {
  const rows: string[][] = [[...EXPORT_COLUMNS]];
  let complete = true;
  for (const u of units) {
    const cells = exportCells(u);
    // '' once this pair or an earlier one could not be written.
    const checked = text.piece(1, () => {
      const long = cells.findIndex((c) => c.length > MAX_XLSX_CELL);
      if (long >= 0)
        throw new InputError(`pair #${u.id}: its ${EXPORT_COLUMNS[long]} is longer than ${MAX_XLSX_CELL} characters, which an Excel cell cannot hold`);
      // The library would drop such a character silently.
      return xmlChecked(u.id, cells.join('\t'));
    });
    if (checked) rows.push(cells);
    else complete = false;
  }
  if (complete) yield await xlsxBytes(rows, 'ntm');
}

/** Rows (the first a header) as an .xlsx workbook with one sheet, every cell text. */
export async function xlsxBytes(rows: readonly (readonly string[])[], sheet: string): Promise<Buffer> {
  if (rows.length > MAX_XLSX_ROWS) {
    throw new InputError(`${rows.length} rows do not fit in an Excel sheet (at most ${MAX_XLSX_ROWS}); export to TSV or TMX instead`);
  }
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const data = rows.map((row) => row.map((value) => (value === '' ? null : { value, type: String })));
  const written = await writeXlsxFile(data, { sheet }).toBuffer();
  // Zipped again with one fixed time: the library stamps each part with the time of writing.
  const { unzipSync, zipSync } = await import('fflate');
  return Buffer.from(zipSync(unzipSync(written), { mtime: ZIP_TIME }));
}
