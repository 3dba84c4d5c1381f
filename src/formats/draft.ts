// Drafts for `ntm check`: a bilingual file (one unit per segment) or two line-aligned plain
// text files. Every reader yields {source, target} units in file order; the check numbers them.
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError } from '../core/errors.js';
import { utf8Checker } from './text-input.js';
import { readDelimited } from './tsv.js';
import { isSkipped } from './units.js';

/** One segment of a draft as read: Dutch, English, and the line it started on. */
export interface DraftUnit {
  source: string;
  target: string;
  line?: number;
}

/** Reads the units of one bilingual draft file, in order. */
export type DraftReader = (input: Readable, file: string) => AsyncIterable<DraftUnit>;

export const DRAFT_FORMATS = ['tsv', 'csv', 'xliff', 'tmx'] as const;
export type DraftFormat = (typeof DRAFT_FORMATS)[number];

async function* delimited(input: Readable, file: string, csv: boolean): AsyncIterable<DraftUnit> {
  for await (const item of readDelimited(input, { file, delimiter: csv ? ',' : '\t', quoted: csv })) {
    if (isSkipped(item)) throw new InputError(item.skipped, file, item.line);
    yield { source: item.source, target: item.target, line: item.line };
  }
}

/**
 * The reader for each bilingual format. XLIFF and TMX drafts come from the readers that
 * `ntm import` uses; where those are not built in yet the entry is null and the check says so.
 */
export const DRAFT_READERS: Record<DraftFormat, DraftReader | null> = {
  tsv: (input, file) => delimited(input, file, false),
  csv: (input, file) => delimited(input, file, true),
  xliff: null,
  tmx: null,
};

/** The format of a draft file from its name: .xlf/.xliff, .tmx, .csv, else TSV. */
export function draftFormatOf(file: string): DraftFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.xlf' || ext === '.xliff' || ext === '.sdlxliff' || ext === '.mqxliff') return 'xliff';
  if (ext === '.tmx') return 'tmx';
  if (ext === '.csv') return 'csv';
  return 'tsv';
}

/** Every unit of a bilingual draft, in file order. */
export async function readDraft(input: Readable, file: string, format: DraftFormat): Promise<DraftUnit[]> {
  const reader = DRAFT_READERS[format];
  if (!reader) {
    throw new InputError(
      `${format === 'xliff' ? 'XLIFF' : 'TMX'} drafts cannot be checked by this version of ntm yet; ` +
        'save the draft as TSV (Dutch<TAB>English a line) or give --source and --target text files',
      file,
    );
  }
  const units: DraftUnit[] = [];
  for await (const u of reader(input, file)) units.push(u);
  return units;
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
  if (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/**
 * A draft from two line-aligned texts: line n of the Dutch is translated by line n of the
 * English. Lines blank on both sides (paragraph breaks) are not segments. Different line
 * counts mean the files are not aligned: refused, since every finding would be misplaced.
 */
export function alignDraft(sourceText: string, targetText: string, sourceFile: string, targetFile: string): DraftUnit[] {
  const nl = lines(sourceText);
  const en = lines(targetText);
  if (nl.length !== en.length) {
    throw new InputError(
      `${sourceFile} has ${nl.length} line${nl.length === 1 ? '' : 's'} but ${targetFile} has ${en.length}; ` +
        'the files must be line-aligned (line n of the English translates line n of the Dutch)',
    );
  }
  const units: DraftUnit[] = [];
  for (let i = 0; i < nl.length; i++) {
    if (nl[i]!.trim() === '' && en[i]!.trim() === '') continue;
    units.push({ source: nl[i]!, target: en[i]!, line: i + 1 });
  }
  return units;
}
