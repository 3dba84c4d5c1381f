// Drafts as tab-separated text a spreadsheet opens and saves: a header row, then one segment
// a line. Reading needs only the `nl` and `en` columns (or two unnamed columns), so a draft
// that went through a spreadsheet, any `nl<TAB>en` file, or an `ntm export` TSV can be
// checked and approved; pretranslate's other columns (match, score, tm_id, tm_nl, tm_en) are
// read where they survived, to tell an unedited fuzzy suggestion. CSV drafts (RFC 4180
// quoting, `,` or `;`) and .xlsx drafts are read the same way.
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type { DraftFill, DraftRow, DraftUnit } from '../core/draft.js';
import { InputError } from '../core/errors.js';
import { headerField, type Field } from './headers.js';
import { utf8Checker } from './text-input.js';
import { csvDelimiter, MAX_LINE_LENGTH, tsvCells } from './tsv.js';

const loadModule = createRequire(import.meta.url);

/** The columns pretranslate writes, in order. */
export const DRAFT_COLUMNS = ['segment', 'paragraph', 'nl', 'en', 'score', 'match', 'tm_id', 'tm_nl', 'tm_en', 'note'] as const;

/**
 * A cell as TSV can hold it: tabs and line breaks would break the row, so they become spaces;
 * a cell that starts with a quotation mark is quoted as a spreadsheet quotes it, so that it
 * reads back as it was written.
 */
function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value).replace(/[\t\r\n]+/g, ' ');
  return text.startsWith('"') ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A draft as TSV text, header row first. */
export function writeDraftTsv(rows: readonly DraftRow[]): string {
  const lines = [DRAFT_COLUMNS.join('\t')];
  for (const r of rows) {
    const fuzzy = r.match === 'fuzzy' || r.match === 'adapted';
    lines.push(
      [r.segment, r.paragraph, r.source, r.target, r.score, r.match, r.pairId, r.pairSource, fuzzy ? r.pairTarget : null, r.note].map(cell).join('\t'),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Where a draft's columns are, from its header row; null when the row is data. */
interface Header {
  at: Partial<Record<Field, number>>;
  width: number;
}

function headerOf(cells: readonly string[]): Header | null {
  const at: Partial<Record<Field, number>> = {};
  cells.forEach((c, i) => {
    const f = headerField(c);
    if (f !== undefined && at[f] === undefined) at[f] = i;
  });
  return at.source !== undefined && at.target !== undefined ? { at, width: cells.length } : null;
}

/** What the draft's own columns say about how a row was filled (see DraftFill). */
function fillOf(cells: readonly string[], h: Header): DraftFill | undefined {
  const get = (f: Field): string | undefined => {
    const i = h.at[f];
    const v = i === undefined ? undefined : cells[i]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const fill: DraftFill = {};
  const match = get('match');
  if (match !== undefined) fill.match = match.toLowerCase();
  const score = Number(get('score'));
  if (get('score') !== undefined && Number.isFinite(score)) fill.score = score;
  const id = Number(get('tmId')?.replace(/^#/, ''));
  if (get('tmId') !== undefined && Number.isInteger(id)) fill.pairId = id;
  const source = h.at.tmSource === undefined ? undefined : cells[h.at.tmSource];
  const target = h.at.tmTarget === undefined ? undefined : cells[h.at.tmTarget];
  if (source !== undefined && source.trim() !== '') fill.pairSource = source;
  if (target !== undefined && target.trim() !== '') fill.pairTarget = target;
  return Object.keys(fill).length > 0 ? fill : undefined;
}

/** One record of a draft: its cells and the line (or spreadsheet row) it starts on. */
export interface DraftRecord {
  cells: string[];
  line: number;
}

/** The units of a draft's records: the header (if any) names the columns, else two columns a line. */
export function unitsOfDraftRecords(records: Iterable<DraftRecord>, file: string, separator: string): DraftUnit[] {
  const units: DraftUnit[] = [];
  let header: Header | null = null;
  let first = true;
  for (const { cells, line } of records) {
    if (cells.every((c) => c.trim() === '')) continue;
    if (first) {
      first = false;
      header = headerOf(cells);
      if (header) continue;
    }
    if (!header) {
      if (cells.length !== 2) {
        throw new InputError(
          `expected 2 columns (Dutch ${separator} English), found ${cells.length}; a draft with more columns needs a header row naming nl and en`,
          file,
          line,
        );
      }
      units.push({ segment: units.length + 1, line, source: cells[0]!, target: cells[1]! });
      continue;
    }
    // A spreadsheet may drop empty cells at the end of a row; more cells than the header
    // means a separator inside a cell, and the columns no longer line up.
    if (cells.length > header.width) {
      throw new InputError(`expected ${header.width} columns as in the header, found ${cells.length} (a ${separator} inside a cell?)`, file, line);
    }
    const unit: DraftUnit = { segment: units.length + 1, line, source: cells[header.at.source!] ?? '', target: cells[header.at.target!] ?? '' };
    const fill = fillOf(cells, header);
    if (fill) unit.fill = fill;
    units.push(unit);
  }
  return units;
}

/** The longest draft read, in characters (an article is a few thousand). */
const MAX_DRAFT_CHARS = 64 * 1024 * 1024;

/** All of a draft's text: UTF-8, or UTF-16 after a byte-order mark, checked. */
async function readAllText(input: Readable, file: string): Promise<string> {
  const checker = utf8Checker(file);
  input.on('error', (err) => checker.destroy(err));
  input.pipe(checker);
  let text = '';
  for await (const chunk of checker as AsyncIterable<string>) {
    text += chunk;
    if (text.length > MAX_DRAFT_CHARS) {
      checker.destroy();
      throw new InputError(`is longer than ${MAX_DRAFT_CHARS / 1024 / 1024} million characters: this is not a draft of an article`, file);
    }
  }
  return text;
}

const SEPARATOR_NAME: Record<string, string> = { '\t': 'tab', ',': 'comma', ';': 'semicolon' };

/**
 * Reads the units of a TSV (or, with `csv`, CSV: the separator from its first lines) draft;
 * structural errors throw InputError with file and line.
 */
export async function readDraftTsv(input: Readable, file: string, csv = false): Promise<DraftUnit[]> {
  const text = await readAllText(input, file);
  const records: DraftRecord[] = [];
  let delimiter = '\t';
  if (csv) {
    delimiter = csvDelimiter(text.slice(0, 64 * 1024));
    const { parse } = loadModule('csv-parse/sync') as typeof import('csv-parse/sync');
    try {
      const parsed = parse(text, {
        delimiter,
        quote: '"',
        relax_quotes: true,
        relax_column_count: true,
        max_record_size: MAX_LINE_LENGTH,
        info: true,
      }) as unknown as { record: string[]; info: { lines: number } }[];
      for (const r of parsed) records.push({ cells: r.record, line: r.info.lines });
    } catch (err) {
      throw asInputError(err, file);
    }
  } else {
    const lines = text.split(/\r\n|\n|\r/);
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.length > MAX_LINE_LENGTH) throw new InputError(`a line is longer than ${MAX_LINE_LENGTH} characters: this is not a draft`, file, i + 1);
      records.push({ cells: tsvCells(lines[i]!), line: i + 1 });
    }
  }
  return unitsOfDraftRecords(records, file, SEPARATOR_NAME[delimiter] ?? delimiter);
}

function asInputError(err: unknown, file: string): InputError {
  if (err instanceof InputError) return err;
  const e = err as { message?: string; lines?: number; code?: string };
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') return new InputError('a quoted field is never closed (a " is missing)', file, e.lines);
  if (e.code === 'CSV_MAX_RECORD_SIZE') {
    return new InputError(`a line is longer than ${MAX_LINE_LENGTH} characters: this is not a draft`, file, e.lines);
  }
  return new InputError((e.message ?? String(err)).split('\n')[0]!, file, e.lines);
}
