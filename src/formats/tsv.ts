// Tab-separated pairs: `nl<TAB>en` a line, or columns named by a header row. No quoting
// (a Dutch quotation mark is text): lines come from Node's readline. CSV has quoting and is
// parsed with csv-parse. Line endings and line bookkeeping are the libraries' job, not ours.
import type { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream';
import { InputError } from '../core/errors.js';
import { FieldError, parseCount, parseDate } from '../core/fields.js';
import type { PairKind, PairStatus } from '../core/types.js';
import { headerField, namesBothSides, type Field } from './headers.js';
import { utf8Checker } from './text-input.js';
import type { ReadItem, StoredUnit, TmUnit } from '../core/units.js';
import type { ExportText } from './export-text.js';

/** The fields an import reads from a header row (a draft's own columns are not among them). */
const IMPORT_FIELDS = new Set<Field>(['source', 'target', 'kind', 'status', 'by', 'at', 'changedBy', 'changedAt', 'ref', 'note', 'tags', 'usage']);

/** Reads the columns of a header row, or null when the row is data. */
export function headerColumns(cells: readonly string[]): Field[] | null {
  const fields = cells.map(headerField);
  if (fields.some((f) => f === undefined || !IMPORT_FIELDS.has(f))) return null;
  const set = new Set(fields);
  if (!set.has('source') || !set.has('target') || set.size !== fields.length) return null;
  return fields as Field[];
}

export interface DelimitedOptions {
  /** The name shown in messages. */
  file: string;
  delimiter: '\t' | ',' | ';';
  /** CSV allows "quoted" fields; TSV does not. */
  quoted: boolean;
}

const loadModule = createRequire(import.meta.url);
type ParseSync = typeof import('csv-parse/sync').parse;
let parseSync: ParseSync | undefined;

/** A line that may hold a quoted cell: one of its cells starts with a quotation mark. */
const QUOTED_CELL = /(?:^|\t)"/;

/**
 * The cells of one TSV line. A spreadsheet (Excel, LibreOffice) quotes a cell that holds a
 * quotation mark, doubling the marks inside (RFC 4180): `"Hij zei ""nee""."` is the cell
 * `Hij zei "nee".` Such lines are read by csv-parse; in a line whose quotes are not all that,
 * a cell that is exactly a quoted cell is unquoted and every other cell (a sentence that starts
 * with a quotation: `"Ja", zei hij.`, or a quotation that goes on in the next segment) is read
 * as it stands, as TSV has always been. A line break inside a cell is not read (an .xlsx holds
 * one).
 */
export function tsvCells(line: string): string[] {
  if (!QUOTED_CELL.test(line)) return line.split('\t');
  // Loaded on the first quoted cell: most TSV files have none.
  parseSync ??= (loadModule('csv-parse/sync') as typeof import('csv-parse/sync')).parse;
  try {
    // Strict RFC 4180: a quote that does not close its cell right before a tab (a quotation
    // that runs on into the next segment) makes the line plain text, not a longer cell.
    const records = parseSync(line, { delimiter: '\t', quote: '"', relax_quotes: false, relax_column_count: true, record_delimiter: ['\n'] }) as string[][];
    if (records.length === 1) return records[0]!;
  } catch {
    // not RFC 4180 quoting throughout: cell by cell below
  }
  // Cell by cell: a cell that is exactly a quoted cell is unquoted (ntm's own export quotes
  // only a cell that starts with a quotation mark); any other is read as it stands.
  return line.split('\t').map((cell) => (QUOTED_WHOLE.test(cell) ? cell.slice(1, -1).replace(/""/g, '"') : cell));
}

/** A whole cell in RFC 4180 quotes: `"…"` with every quotation mark inside doubled. */
const QUOTED_WHOLE = /^"(?:[^"]|"")*"$/;

/**
 * The separator of a CSV file from its first lines: the one that makes the first line a header
 * naming the Dutch and English columns, else the one that cuts every line into the same
 * number (two or more) of cells, two preferred. A Dutch-locale Excel writes `;`.
 */
export function csvDelimiter(head: string): ',' | ';' | '\t' {
  parseSync ??= (loadModule('csv-parse/sync') as typeof import('csv-parse/sync')).parse;
  const text = head.replace(/^\ufeff/, '');
  // Whole lines only: the head may stop inside one.
  const end = text.lastIndexOf('\n');
  const lines = (end >= 0 ? text.slice(0, end) : text)
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 20);
  const parse = (sep: string): string[][] | null => {
    try {
      return parseSync!(lines.join('\n'), { delimiter: sep, quote: '"', relax_quotes: true, relax_column_count: true }) as string[][];
    } catch {
      return null;
    }
  };
  const candidates = [',', ';', '\t'] as const;
  const parsed = candidates.map((sep) => ({ sep, rows: parse(sep) }));
  for (const { sep, rows } of parsed) if (rows?.[0] && namesBothSides(rows[0])) return sep;
  const even = parsed.filter(({ rows }) => rows && rows.length > 0 && rows.every((r) => r.length === rows[0]!.length) && rows[0]!.length >= 2);
  return (even.find(({ rows }) => rows![0]!.length === 2) ?? even[0])?.sep ?? ',';
}

/** Streams units from delimited text. Structural errors throw InputError with the line. */
export async function* readDelimited(input: Readable, o: DelimitedOptions): AsyncGenerator<ReadItem> {
  for await (const got of readDelimitedBatches(input, o)) {
    if (Array.isArray(got)) yield* got;
    else yield got as ReadItem;
  }
}

/**
 * The same units for a consumer that takes them in batches (an import): TSV comes as arrays
 * of up to BATCH units, one promise per batch instead of one per line (a promise per line
 * is a measurable share of a large import: bench/RESULTS.md); CSV comes unit by unit.
 */
export function readDelimitedBatches(input: Readable, o: DelimitedOptions): AsyncGenerator<ReadItem | ReadItem[]> {
  return o.quoted ? readQuoted(input, o) : readUnquoted(input, o);
}

/** Units per batch of a TSV file, and how many full batches may wait before reading pauses. */
const BATCH = 1024;
const WAITING_BATCHES = 8;

/**
 * What both readers do with a record once it is split into cells: skip blank lines, take a
 * first line that names its columns as the header, and remember whether the file held
 * anything at all.
 */
class Records {
  private columns: Field[] | null = null;
  private first = true;
  blank = true;
  constructor(private readonly o: DelimitedOptions) {}

  /** The unit of a record, or undefined for a blank line or the header. */
  unit(cells: string[], line: number): ReadItem | undefined {
    if (cells.length === 1 && cells[0]!.trim() === '') return undefined;
    if (this.blank) this.blank = cells.every((c) => c.trim() === '');
    if (this.first) {
      this.first = false;
      this.columns = headerColumns(cells);
      if (this.columns) return undefined;
    }
    return toUnit(cells, this.columns, line, this.o);
  }
}

async function* readQuoted(input: Readable, o: DelimitedOptions): AsyncGenerator<ReadItem> {
  // Loaded for CSV only: TSV has no quoting and is read line by line.
  const { parse } = await import('csv-parse');
  const parser = parse({
    delimiter: o.delimiter,
    quote: '"',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    // A line this long is not a pair of segments; stop before holding megabytes of it.
    max_record_size: MAX_LINE_LENGTH,
    // Quoted cells may span lines: csv-parse says on which line a record starts.
    info: true,
  });
  const checker = utf8Checker(o.file);
  let failure: unknown = null;
  pipeline(input, checker, parser, (err) => {
    if (err) failure = err;
  });

  const records = new Records(o);
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const unit = records.unit(rec.record, rec.info.lines);
      if (unit) yield unit;
    }
  } catch (err) {
    throw asInputError(failure ?? err, o.file);
  }
  if (failure) throw asInputError(failure, o.file);
  // An empty file is almost always the wrong file (or an export that failed): say so.
  if (records.blank) throw new InputError('is empty: there is nothing to import', o.file);
}

/**
 * Unquoted text (TSV) has no quoting and no escapes: a record is a line, a cell is what lies
 * between tabs. Node's own line reader (node:readline: LF, CRLF or a lone CR, across chunk
 * boundaries) does the reading; csv-parse with quoting off gives the same records at three
 * times the cost, which a million-line import feels. CSV, with its quotes, stays with
 * csv-parse (readQuoted). Units come out in batches; reading pauses while enough wait.
 */
async function* readUnquoted(input: Readable, o: DelimitedOptions): AsyncGenerator<ReadItem[]> {
  const checker = utf8Checker(o.file);
  let failure: unknown = null;
  let closed = false;
  let wake: (() => void) | undefined;
  const woken = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  pipeline(input, checker, (err) => {
    if (err) failure ??= err;
    woken();
  });
  // Lines come as events (one call a line, no promise); they are handed on in batches.
  const lines = createInterface({ input: checker, crlfDelay: Infinity });
  const records = new Records(o);
  const ready: ReadItem[][] = [];
  let batch: ReadItem[] = [];
  let line = 0;
  // A line that cannot be read is reported once the input has been read to its end: a
  // broken byte anywhere in the file is reported first, as it is when the file arrives in
  // one piece (whose bytes are checked before any line of it is read).
  let lineError: unknown = null;
  lines.on('line', (text: string) => {
    if (failure || lineError) return;
    line++;
    try {
      const cells = o.delimiter === '\t' ? tsvCells(text) : text.split(o.delimiter);
      if (text.length - (cells.length - 1) > MAX_LINE_LENGTH) {
        throw new InputError(`a line is longer than ${MAX_LINE_LENGTH} characters: this is not a file of segment pairs`, o.file, line);
      }
      const unit = records.unit(cells, line);
      if (unit) batch.push(unit);
      if (batch.length >= BATCH) {
        ready.push(batch);
        batch = [];
        if (ready.length >= WAITING_BATCHES) lines.pause();
        woken();
      }
    } catch (err) {
      lineError = err;
    }
  });
  lines.on('close', () => {
    closed = true;
    woken();
  });
  // readline passes on its input's errors (the pipeline reports them too).
  lines.on('error', (err) => {
    failure ??= err;
    woken();
  });
  try {
    for (;;) {
      if (failure) throw failure;
      const next = ready.shift();
      if (next) {
        if (ready.length < WAITING_BATCHES / 2) lines.resume();
        yield next;
        continue;
      }
      if (closed) {
        // The input has ended; a failure of the stream may still be on its way.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (failure) throw failure;
        if (lineError) throw lineError;
        if (batch.length > 0) {
          const last = batch;
          batch = [];
          yield last;
        }
        break;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } catch (err) {
    throw asInputError(failure ?? err, o.file);
  } finally {
    lines.close();
    checker.destroy();
  }
  if (records.blank) throw new InputError('is empty: there is nothing to import', o.file);
}

/** The units of a spreadsheet's rows (row n is line n), read as the lines of a TSV file are. */
export function* unitsOfRows(rows: readonly string[][], file: string): Generator<ReadItem> {
  const records = new Records({ file, delimiter: '\t', quoted: false });
  for (let i = 0; i < rows.length; i++) {
    const unit = records.unit([...rows[i]!], i + 1);
    if (unit) yield unit;
  }
  if (records.blank) throw new InputError('is empty: there is nothing to import', file);
}

/** The longest line a TSV/CSV may have, in characters. */
export const MAX_LINE_LENGTH = 100_000;

function asInputError(err: unknown, file: string): InputError {
  if (err instanceof InputError) return err;
  const e = err as { message?: string; lines?: number; code?: string };
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') return new InputError('a quoted field is never closed (a " is missing)', file, e.lines);
  if (e.code === 'CSV_MAX_RECORD_SIZE') {
    return new InputError(`a line is longer than ${MAX_LINE_LENGTH} characters: this is not a file of segment pairs`, file, e.lines);
  }
  const detail = (e.message ?? String(err)).replace(/^Invalid (Record Length|Closing Quote|Opening Quote):\s*/, '');
  return new InputError(detail.split('\n')[0]!, file, e.lines);
}

const SEPARATOR_NAME: Record<DelimitedOptions['delimiter'], string> = { '\t': 'tab', ',': 'comma', ';': 'semicolon' };

function toUnit(cells: string[], columns: Field[] | null, line: number, o: DelimitedOptions): ReadItem {
  if (!columns) {
    if (cells.length !== 2) {
      throw new InputError(`expected 2 columns (Dutch ${SEPARATOR_NAME[o.delimiter]} English), found ${cells.length}`, o.file, line);
    }
    return { line, source: cells[0]!, target: cells[1]! };
  }
  if (cells.length !== columns.length) {
    throw new InputError(`expected ${columns.length} columns as in the header, found ${cells.length}`, o.file, line);
  }
  const unit: TmUnit = { line, source: '', target: '' };
  for (let i = 0; i < columns.length; i++) {
    const value = cells[i]!;
    const field = columns[i]!;
    const trimmed = value.trim();
    switch (field) {
      case 'source':
        unit.source = value;
        break;
      case 'target':
        unit.target = value;
        break;
      case 'kind': {
        if (trimmed === '') break;
        const k = trimmed.toLowerCase();
        if (k !== 'segment' && k !== 'term') return { line, skipped: `kind "${trimmed}" is neither segment nor term` };
        unit.kind = k as PairKind;
        break;
      }
      case 'status': {
        if (trimmed === '') break;
        const s = trimmed.toLowerCase();
        if (s !== 'approved' && s !== 'forbidden' && s !== 'proposed') {
          return { line, skipped: `status "${trimmed}" is not approved, proposed or forbidden` };
        }
        unit.status = s as PairStatus;
        break;
      }
      case 'tags':
        unit.tags = trimmed === '' ? [] : trimmed.split(/[,;]/);
        break;
      case 'usage':
      case 'at':
      case 'changedAt': {
        if (trimmed === '') break;
        // Read exactly or the line is skipped with the reason: never rounded or rolled over.
        try {
          if (field === 'usage') unit.usageCount = parseCount(trimmed);
          // A spreadsheet's date and time without a zone is the local time, as JavaScript reads it.
          else unit[field] = parseDate(trimmed, 'date', { local: true });
        } catch (err) {
          if (err instanceof FieldError) return { line, skipped: err.message };
          throw err;
        }
        break;
      }
      case 'by':
      case 'changedBy':
      case 'ref':
      case 'note':
        if (trimmed !== '') unit[field] = trimmed;
        break;
      default:
        // A draft's own columns (segment, score …): never in an import header.
        break;
    }
  }
  return unit;
}

/** The columns ntm writes, in the header names its reader understands. */
export const EXPORT_COLUMNS = ['nl', 'en', 'kind', 'status', 'by', 'at', 'changed_by', 'changed_at', 'ref', 'note', 'tags', 'usage'] as const;

/** A unit's cells in EXPORT_COLUMNS order, as text. */
export function exportCells(u: TmUnit): string[] {
  return [
    u.source,
    u.target,
    u.kind ?? 'segment',
    u.status ?? 'approved',
    u.by ?? '',
    u.at ?? '',
    u.changedBy ?? '',
    u.changedAt ?? '',
    u.ref ?? '',
    u.note ?? '',
    (u.tags ?? []).join(','),
    String(u.usageCount ?? 0),
  ];
}

/** One unit as a TSV line; a tab or line break in a field cannot be written (TSV has no quoting). */
export function tsvLine(u: TmUnit, what: string): string {
  const cells = exportCells(u);
  const bad = cells.findIndex((c) => /[\t\r\n]/.test(c));
  if (bad >= 0) {
    throw new InputError(`${what}: its ${EXPORT_COLUMNS[bad]} contains a tab or a line break, which TSV cannot hold; export to CSV or TMX instead`);
  }
  // A cell that starts with a quotation mark is quoted as a spreadsheet quotes it, so that
  // the reader (tsvCells) gives it back as it was.
  return `${cells.map((c) => (c.startsWith('"') ? `"${c.replace(/"/g, '""')}"` : c)).join('\t')}\n`;
}

/** One unit as a CSV line (RFC 4180 quoting). */
export function csvLine(u: TmUnit): string {
  return `${exportCells(u).map(csvCell).join(',')}\r\n`;
}

/** A header row for TSV or CSV export. */
export function delimitedHeader(delimiter: '\t' | ','): string {
  return EXPORT_COLUMNS.join(delimiter) + (delimiter === ',' ? '\r\n' : '\n');
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Stored pairs as TSV or CSV with a header row that import reads back, piece by piece. */
export function* delimitedPieces(units: Iterable<StoredUnit>, delimiter: '\t' | ',', text: ExportText): Generator<string> {
  yield delimitedHeader(delimiter);
  for (const u of units) yield text.piece(1, () => (delimiter === '\t' ? tsvLine(u, `pair #${u.id}`) : csvLine(u)));
}
