// Tab-separated pairs: `nl<TAB>en` a line, or columns named by a header row. No quoting
// (a Dutch quotation mark is text), parsed with csv-parse so that line bookkeeping and
// line endings are the library's job, not ours.
import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { InputError } from '../core/errors.js';
import type { PairKind, PairStatus } from '../core/types.js';
import { utf8Checker } from './text-input.js';
import type { ReadItem, TmUnit } from './units.js';

type Field = 'source' | 'target' | 'kind' | 'status' | 'by' | 'at' | 'ref' | 'note' | 'tags' | 'usage';

/** Header names a translator or a spreadsheet is likely to use, for each field. */
const HEADER_NAMES: Record<string, Field> = {
  nl: 'source', source: 'source', dutch: 'source', nederlands: 'source', bron: 'source',
  en: 'target', target: 'target', english: 'target', engels: 'target', doel: 'target',
  kind: 'kind', type: 'kind',
  status: 'status',
  by: 'by', approved_by: 'by', author: 'by', creationid: 'by',
  at: 'at', approved_at: 'at', date: 'at', creationdate: 'at',
  ref: 'ref', article: 'ref', reference: 'ref',
  note: 'note', notes: 'note', comment: 'note',
  tags: 'tags', tag: 'tags',
  usage: 'usage', usagecount: 'usage', usage_count: 'usage',
};

/** Reads the columns of a header row, or null when the row is data. */
export function headerColumns(cells: readonly string[]): Field[] | null {
  const fields = cells.map((c) => HEADER_NAMES[c.trim().toLowerCase()]);
  if (fields.some((f) => f === undefined)) return null;
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

/** Streams units from delimited text. Structural errors throw InputError with the line. */
export async function* readDelimited(input: Readable, o: DelimitedOptions): AsyncGenerator<ReadItem> {
  const parser = parse({
    delimiter: o.delimiter,
    quote: o.quoted ? '"' : false,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    // Without quoting a record is exactly one line, so counting records gives the line
    // number; csv-parse's per-record info would double the cost of reading a large file.
    info: o.quoted,
  });
  const checker = utf8Checker(o.file);
  let failure: unknown = null;
  pipeline(input, checker, parser, (err) => {
    if (err) failure = err;
  });

  let columns: Field[] | null = null;
  let first = true;
  try {
    let records = 0;
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } } | string[]>) {
      records++;
      const line = Array.isArray(rec) ? records : rec.info.lines;
      const cells = Array.isArray(rec) ? rec : rec.record;
      if (cells.length === 1 && cells[0]!.trim() === '') continue;
      if (first) {
        first = false;
        columns = headerColumns(cells);
        if (columns) continue;
      }
      yield toUnit(cells, columns, line, o);
    }
  } catch (err) {
    throw asInputError(failure ?? err, o.file);
  }
  if (failure) throw asInputError(failure, o.file);
}

function asInputError(err: unknown, file: string): InputError {
  if (err instanceof InputError) return err;
  const e = err as { message?: string; lines?: number };
  const detail = (e.message ?? String(err)).replace(/^Invalid (Record Length|Closing Quote|Opening Quote):\s*/, '');
  return new InputError(detail.split('\n')[0]!, file, e.lines);
}

const SEPARATOR_NAME: Record<DelimitedOptions['delimiter'], string> = { '\t': 'tab', ',': 'comma', ';': 'semicolon' };

function toUnit(cells: string[], columns: Field[] | null, line: number, o: DelimitedOptions): ReadItem {
  if (!columns) {
    if (cells.length !== 2) {
      throw new InputError(
        `expected 2 columns (Dutch ${SEPARATOR_NAME[o.delimiter]} English), found ${cells.length}`,
        o.file,
        line,
      );
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
        if (s !== 'approved' && s !== 'forbidden') {
          return { line, skipped: `status "${trimmed}" is neither approved nor forbidden` };
        }
        unit.status = s as PairStatus;
        break;
      }
      case 'tags':
        unit.tags = trimmed === '' ? [] : trimmed.split(/[,;]/);
        break;
      case 'usage': {
        if (trimmed === '') break;
        const n = Number(trimmed);
        if (!Number.isInteger(n) || n < 0) return { line, skipped: `usage count "${trimmed}" is not a whole number` };
        unit.usageCount = n;
        break;
      }
      case 'at': {
        if (trimmed === '') break;
        const d = new Date(trimmed);
        if (Number.isNaN(d.getTime())) return { line, skipped: `date "${trimmed}" is not a date` };
        unit.at = d.toISOString();
        break;
      }
      default:
        if (trimmed !== '') unit[field] = trimmed;
    }
  }
  return unit;
}
