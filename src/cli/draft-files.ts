// Draft files by name: which format a draft is in, and reading one. TSV is here now; XLIFF
// drafts come with the XLIFF reader and writer (src/formats/), and plug in here.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { DraftRow, DraftUnit } from '../core/draft.js';
import { InputError, UsageError } from '../core/errors.js';
import { readDraftTsv, writeDraftTsv } from '../formats/draft-tsv.js';
import type { Context } from './context.js';

export type DraftFormat = 'tsv';

const TSV_EXTENSIONS = new Set(['.tsv', '.tab', '.txt']);
const XLIFF_EXTENSIONS = new Set(['.xlf', '.xliff', '.sdlxliff', '.mqxliff']);

/** The format of a draft file from its name; `-` (standard input/output) is TSV. */
export function draftFormatOf(file: string, purpose: 'read' | 'write'): DraftFormat {
  if (file === '-') return 'tsv';
  const ext = extname(file).toLowerCase();
  if (TSV_EXTENSIONS.has(ext)) return 'tsv';
  if (XLIFF_EXTENSIONS.has(ext)) {
    throw new UsageError(
      `${file}: XLIFF drafts are not supported yet (they come with ntm's XLIFF support); ${purpose === 'write' ? 'write' : 'use'} a .tsv draft for now.`,
    );
  }
  throw new UsageError(`${file}: unknown draft format "${ext || '(no extension)'}"; drafts are .tsv files.`);
}

/** The units of a draft file (or standard input for `-`). */
export async function readDraft(ctx: Context, file: string): Promise<{ name: string; units: DraftUnit[] }> {
  const format = draftFormatOf(file, 'read');
  const name = file === '-' ? '<stdin>' : file;
  if (file !== '-') {
    if (!existsSync(file)) throw new InputError(`${file}: no such file.`);
    if (statSync(file).isDirectory()) throw new InputError(`${file}: is a folder, not a draft.`);
  }
  switch (format) {
    case 'tsv':
      return { name, units: await readDraftTsv(file === '-' ? ctx.io.stdin : createReadStream(file), name) };
  }
}

/** A draft's rows as the text of a file in the given format. */
export function renderDraft(format: DraftFormat, rows: readonly DraftRow[]): string {
  switch (format) {
    case 'tsv':
      return writeDraftTsv(rows);
  }
}
