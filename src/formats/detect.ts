// Which format a file is in, from its first bytes: XML by its root element (tmx, xliff,
// martif/tbx), whatever the file is called; otherwise delimited text: .tsv/.csv by name, and
// for other names (standard input, .txt) by the first line (a tab: TSV; else a comma: CSV).
import { Readable } from 'node:stream';
import { InputError } from '../core/errors.js';
import type { LanguagePair } from './languages.js';
import { readDelimitedBatches } from './tsv.js';
import type { ReadItem } from '../core/units.js';
import { sniffXmlEncoding } from './xml-input.js';

export const IMPORT_FORMATS = ['tmx', 'xliff', 'tbx', 'tsv', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** How many bytes detection looks at. */
export const HEAD_BYTES = 64 * 1024;

/** The format of a file from its first bytes (and, for delimited text, its name). */
export function detectFormat(head: Buffer, file: string): ImportFormat {
  let text: string;
  try {
    const { encoding, skip } = sniffXmlEncoding(head, file);
    text = new TextDecoder(encoding.startsWith('utf-16') ? encoding : 'latin1').decode(head.subarray(skip));
  } catch {
    text = head.toString('latin1');
  }
  const start = text.replace(/^\ufeff/, '').trimStart();
  if (start.startsWith('<')) {
    const body = start
      .replace(/<\?[\s\S]*?\?>/g, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/i, '');
    const root = /<([A-Za-z_][\w.:-]*)/.exec(body)?.[1];
    const name = root?.includes(':') ? root.slice(root.indexOf(':') + 1) : root;
    if (name === 'tmx') return 'tmx';
    if (name === 'xliff') return 'xliff';
    if (name === 'martif' || name === 'tbx') return 'tbx';
    if (root) throw new InputError(`is XML but not TMX, XLIFF or TBX (its root element is <${root}>)`, file, 1);
    throw new InputError('starts like XML but has no root element in its first 64 KB', file, 1);
  }
  // Text cannot tell a CSV from a TSV line whose Dutch has a comma and lacks its tab: the
  // file name decides where it says .tsv or .csv, the first line only where it says neither.
  const name = file.toLowerCase();
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return 'tsv';
  if (name.endsWith('.csv')) return 'csv';
  const firstLine = start.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.includes('\t')) return 'tsv';
  if (firstLine.includes(',')) return 'csv';
  return 'tsv';
}

/** Reads up to `n` bytes from the start of a stream and returns them with a stream that still has everything. */
export async function peek(input: Readable, n = HEAD_BYTES): Promise<{ head: Buffer; stream: Readable }> {
  const it = input[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : (r.value as Buffer);
    taken.push(b);
    size += b.length;
  }
  const head = Buffer.concat(taken);
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (done) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value as Buffer;
  }
  return { head, stream: Readable.from(all(), { objectMode: false }) };
}

export interface ReadOptions {
  file: string;
  format: ImportFormat;
  langs: LanguagePair;
  includeUnapproved?: boolean;
}

export interface OpenOptions {
  file: string;
  /** Forced format; default: detected from the content. */
  format?: ImportFormat;
  langs: LanguagePair;
  includeUnapproved?: boolean;
}

/** Detects the format of a stream (unless forced) and reads its units; an empty input is refused. */
export async function openUnits(input: Readable, o: OpenOptions): Promise<{ format: ImportFormat; units: AsyncGenerator<ReadItem> }> {
  const { format, units } = await openBatches(input, o);
  async function* one(): AsyncGenerator<ReadItem> {
    for await (const got of units) {
      if (Array.isArray(got)) yield* got;
      else yield got as ReadItem;
    }
  }
  return { format, units: one() };
}

/**
 * As openUnits, for a consumer that also takes units in batches (arrays), as an import does:
 * a TSV file comes a thousand lines at a time (see readDelimitedBatches).
 */
export async function openBatches(input: Readable, o: OpenOptions): Promise<{ format: ImportFormat; units: AsyncGenerator<ReadItem | ReadItem[]> }> {
  const { head, stream } = await peek(input);
  if (head.length === 0) throw new InputError('is empty; nothing imported', o.file);
  const format = o.format ?? detectFormat(head, o.file);
  return { format, units: await readUnits(stream, { ...o, format }) };
}

/** The units of a file in the given format (an XML reader is loaded when its format comes). */
export async function readUnits(input: Readable, o: ReadOptions): Promise<AsyncGenerator<ReadItem | ReadItem[]>> {
  switch (o.format) {
    case 'tmx':
      return (await import('./tmx.js')).readTmx(input, o);
    case 'xliff':
      return (await import('./xliff.js')).readXliff(input, o);
    case 'tbx':
      return (await import('./tbx.js')).readTbx(input, o);
    case 'csv':
      return readDelimitedBatches(input, { file: o.file, delimiter: ',', quoted: true });
    case 'tsv':
      return readDelimitedBatches(input, { file: o.file, delimiter: '\t', quoted: false });
  }
}
