// Drafts as tab-separated text a spreadsheet opens and saves: a header row, then one segment
// a line. Reading needs only the `nl` and `en` columns (or two unnamed columns), so a draft
// that went through a spreadsheet, any `nl<TAB>en` file, or an `ntm export` TSV can be
// checked and approved. CSV drafts (RFC 4180 quoting) are read the same way.
import { parse } from 'csv-parse';
import { pipeline, type Readable } from 'node:stream';
import type { DraftRow, DraftUnit } from '../core/draft.js';
import { InputError } from '../core/errors.js';
import { utf8Checker } from './text-input.js';
import { MAX_LINE_LENGTH } from './tsv.js';

/** The columns pretranslate writes, in order. */
export const DRAFT_COLUMNS = ['segment', 'paragraph', 'nl', 'en', 'score', 'match', 'tm_id', 'tm_nl', 'note'] as const;

/** A cell as TSV can hold it: tabs and line breaks would break the row, so they become spaces. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  return String(value).replace(/[\t\r\n]+/g, ' ');
}

/** A draft as TSV text, header row first. */
export function writeDraftTsv(rows: readonly DraftRow[]): string {
  const lines = [DRAFT_COLUMNS.join('\t')];
  for (const r of rows) {
    lines.push(
      [r.segment, r.paragraph, r.source, r.target, r.score, r.match, r.pairId, r.pairSource, r.note].map(cell).join('\t'),
    );
  }
  return lines.join('\n') + '\n';
}

const SOURCE_NAMES = new Set(['nl', 'source', 'dutch', 'nederlands', 'bron']);
const TARGET_NAMES = new Set(['en', 'target', 'english', 'engels', 'doel']);

/** Where the Dutch and English are in a header row, or null when the row is data. */
function headerOf(cells: readonly string[]): { source: number; target: number; width: number } | null {
  const names = cells.map((c) => c.trim().toLowerCase());
  const source = names.findIndex((n) => SOURCE_NAMES.has(n));
  const target = names.findIndex((n) => TARGET_NAMES.has(n));
  return source >= 0 && target >= 0 ? { source, target, width: cells.length } : null;
}

/** Reads the units of a TSV (or, with ',', CSV) draft; structural errors throw InputError with file and line. */
export async function readDraftTsv(input: Readable, file: string, delimiter: '\t' | ',' = '\t'): Promise<DraftUnit[]> {
  const csv = delimiter === ',';
  const separator = csv ? 'comma' : 'tab';
  const parser = parse({
    delimiter,
    quote: csv ? '"' : false,
    relax_quotes: csv,
    relax_column_count: true,
    // A line this long is not a segment; stop before holding megabytes of it.
    max_record_size: MAX_LINE_LENGTH,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    info: true,
  });
  let failure: unknown = null;
  pipeline(input, utf8Checker(file), parser, (err) => {
    if (err) failure = err;
  });
  const units: DraftUnit[] = [];
  let header: ReturnType<typeof headerOf> = null;
  let first = true;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = rec.info.lines;
      const cells = rec.record;
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
      // means a tab inside a cell, and the columns no longer line up.
      if (cells.length > header.width) {
        throw new InputError(`expected ${header.width} columns as in the header, found ${cells.length} (a ${separator} inside a cell?)`, file, line);
      }
      units.push({ segment: units.length + 1, line, source: cells[header.source] ?? '', target: cells[header.target] ?? '' });
    }
  } catch (err) {
    throw asInputError(failure ?? err, file);
  }
  if (failure) throw asInputError(failure, file);
  return units;
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
