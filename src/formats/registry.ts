// The file formats ntm reads and writes, in one list: how each is recognised, read and (if ntm
// writes it) written. `ntm import` and `ntm export` and the round-trip suite all go through
// this list, so a new format is one entry here (plus its reader and writer module).
//
// Recognising a file, in this order: what its first bytes say (an XML root element, a magic
// number) decides, whatever the file is called; XML of no known format is refused; then its
// name; and text that says neither is TSV when its first line has a tab, CSV when it has a
// comma, else TSV.
import type { Readable } from 'node:stream';
import { InputError } from '../core/errors.js';
import type { ReadItem, StoredUnit } from '../core/units.js';
import type { ExportText } from './export-text.js';
import type { LanguagePair } from './languages.js';
import { HEAD_BYTES, headText, peek } from './head.js';
import { csvDelimiter, delimitedPieces, readDelimitedBatches } from './tsv.js';
import { looksLikeOldExcel, looksLikeZip } from './xlsx.js';
import { sniffXmlEncoding } from './xml-input.js';

/** The start of a file, as detection sees it. */
export interface FileHead {
  /** The first bytes (up to HEAD_BYTES). */
  bytes: Buffer;
  /** Those bytes decoded (as the XML declaration says, else Latin-1), without BOM or leading space. */
  text: string;
  /** The local name of the root element, when the text is XML. */
  xmlRoot?: string;
  /** The file name in lower case (`<stdin>` for standard input). */
  name: string;
}

export interface ReadOptions {
  file: string;
  langs: LanguagePair;
  includeUnapproved?: boolean;
}

export interface WriteOptions {
  /** The tool and version a file's header names (TMX). */
  tool: string;
  toolVersion: string;
  /** The title a file's header gives (TBX). */
  title: string;
}

/** How a format writes stored pairs. */
export interface FormatWriter {
  /** True when the format holds terms only (TBX): export writes terms and refuses --segments. */
  termsOnly?: boolean;
  /** True when the pairs must come sorted by their Dutch (TBX groups a term's renderings). */
  bySource?: boolean;
  /** What to suggest when a pair cannot be written in this format ("export to TSV or CSV"). */
  instead?: string;
  /**
   * The file, piece by piece: a header, then each unit (or group of units) through
   * `text.piece`, which records a pair the format cannot hold instead of failing at once.
   */
  pieces(units: Iterable<StoredUnit>, o: WriteOptions, text: ExportText): Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;
}

/** One file format: its name, how to recognise it, and how to read and write it. */
export interface TmFormat {
  /** What --format takes and reports show. */
  name: string;
  /** File name endings of the format (the first is the one export suggests). */
  extensions: readonly string[];
  /** True for XML formats (recognised by their root element). */
  xml?: boolean;
  /** True for formats that are not text (cannot be written to a terminal). */
  binary?: boolean;
  /** "content" when the first bytes are this format, "name" when only the file name says so. */
  detect(head: FileHead): 'content' | 'name' | undefined;
  /** The file's units, a reader loaded only when its format comes (arrays: a batch at a time). */
  read(input: Readable, o: ReadOptions): Promise<AsyncGenerator<ReadItem | ReadItem[]>>;
  /** Absent for formats ntm only reads. */
  write?: FormatWriter;
}

const byName =
  (...endings: string[]) =>
  (h: FileHead) =>
    endings.some((e) => h.name.endsWith(e)) ? ('name' as const) : undefined;
const byRoot =
  (...roots: string[]) =>
  (h: FileHead) =>
    h.xmlRoot !== undefined && roots.includes(h.xmlRoot) ? ('content' as const) : undefined;

export const FORMATS: readonly TmFormat[] = [
  {
    name: 'tmx',
    extensions: ['.tmx'],
    xml: true,
    detect: byRoot('tmx'),
    read: async (input, o) => (await import('./tmx.js')).readTmx(input, o),
    write: {
      instead: 'export to TSV or CSV',
      pieces: async function* (units, o, text) {
        yield* (await import('./tmx.js')).tmxPieces(units, o, text);
      },
    },
  },
  {
    name: 'xliff',
    extensions: ['.xlf', '.xliff', '.sdlxliff', '.mqxliff'],
    xml: true,
    detect: byRoot('xliff'),
    read: async (input, o) => (await import('./xliff.js')).readXliff(input, o),
  },
  {
    name: 'tbx',
    extensions: ['.tbx'],
    xml: true,
    detect: byRoot('martif', 'tbx'),
    read: async (input, o) => (await import('./tbx.js')).readTbx(input, o),
    write: {
      termsOnly: true,
      bySource: true,
      instead: 'export to TSV or CSV',
      pieces: async function* (units, o, text) {
        yield* (await import('./tbx.js')).tbxPieces(units, o, text);
      },
    },
  },
  {
    name: 'tsv',
    extensions: ['.tsv', '.tab'],
    detect: byName('.tsv', '.tab'),
    read: async (input, o) => readDelimitedBatches(input, { file: o.file, delimiter: '\t', quoted: false }),
    write: { pieces: (units, _o, text) => delimitedPieces(units, '\t', text) },
  },
  {
    name: 'csv',
    extensions: ['.csv'],
    detect: byName('.csv'),
    // The separator is told from the first lines (a Dutch-locale Excel writes `;`).
    read: async (input, o) => {
      const { head, stream } = await peek(input);
      return readDelimitedBatches(stream, { file: o.file, delimiter: csvDelimiter(headText(head, o.file)), quoted: true });
    },
    write: { pieces: (units, _o, text) => delimitedPieces(units, ',', text) },
  },
  {
    name: 'xlsx',
    extensions: ['.xlsx'],
    binary: true,
    // A zip is taken for a workbook (reading it says so if it is another kind of zip); an
    // Excel 97–2003 file too, so that its reader can say to save it as .xlsx.
    detect: (h) => (looksLikeZip(h.bytes) || looksLikeOldExcel(h.bytes) ? 'content' : byName('.xlsx')(h)),
    read: async (input, o) => (await import('./xlsx.js')).readXlsx(input, o.file),
    write: {
      instead: 'export to TSV or CSV',
      pieces: async function* (units, _o, text) {
        yield* (await import('./xlsx.js')).xlsxPieces(units, text);
      },
    },
  },
];

/** The names of the formats ntm reads, or of those it writes. */
export function formatNames(which: 'read' | 'write'): string[] {
  return FORMATS.filter((f) => which === 'read' || f.write).map((f) => f.name);
}

/** The format of this name, or undefined. */
export function formatNamed(name: string): TmFormat | undefined {
  return FORMATS.find((f) => f.name === name);
}

/** The written format a file name asks for, by its ending, or undefined. */
export function writeFormatOfName(file: string): (TmFormat & { write: FormatWriter }) | undefined {
  const name = file.toLowerCase();
  return FORMATS.find((f): f is TmFormat & { write: FormatWriter } => f.write !== undefined && f.extensions.some((e) => name.endsWith(e)));
}

/** The format of a file from its first bytes and its name (see the rules at the top). */
export function detectFormat(bytes: Buffer, file: string): TmFormat {
  let text: string;
  try {
    const { encoding, skip } = sniffXmlEncoding(bytes, file);
    text = new TextDecoder(encoding.startsWith('utf-16') ? encoding : 'latin1').decode(bytes.subarray(skip));
  } catch {
    text = bytes.toString('latin1');
  }
  text = text.replace(/^\ufeff/, '').trimStart();
  const head: FileHead = { bytes, text, name: file.toLowerCase(), xmlRoot: undefined };
  let root: string | undefined;
  if (text.startsWith('<')) {
    const body = text
      .replace(/<\?[\s\S]*?\?>/g, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/i, '');
    root = /<([A-Za-z_][\w.:-]*)/.exec(body)?.[1];
    head.xmlRoot = root?.includes(':') ? root.slice(root.indexOf(':') + 1) : root;
  }
  const byContent = FORMATS.find((f) => f.detect(head) === 'content');
  if (byContent) return byContent;
  if (text.startsWith('<')) {
    const known = FORMATS.filter((f) => f.xml).map((f) => f.name.toUpperCase());
    const list = `${known.slice(0, -1).join(', ')} or ${known[known.length - 1]}`;
    if (root) throw new InputError(`is XML but not ${list} (its root element is <${root}>)`, file, 1);
    throw new InputError(`starts like XML but has no root element in its first ${HEAD_BYTES / 1024} KB`, file, 1);
  }
  // Text cannot tell a CSV from a TSV line whose Dutch has a comma and lacks its tab: the
  // file name decides where it says, the first line only where it does not.
  const byFileName = FORMATS.find((f) => f.detect(head) === 'name');
  if (byFileName) return byFileName;
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return formatNamed(!firstLine.includes('\t') && firstLine.includes(',') ? 'csv' : 'tsv')!;
}
