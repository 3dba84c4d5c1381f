// XML for every XML reader (TMX, XLIFF, TBX): bytes → text in the file's encoding, then a
// streaming parse (saxes) that hands over one small element tree per record (a `<tu>`, a
// `<trans-unit>`, a `<termEntry>`) and forgets it, so memory stays flat however big the file.
// saxes never fetches external entities and never expands entity definitions: a DOCTYPE is
// ignored, and a reference to an entity it declares is refused as undefined.
import type { Readable } from 'node:stream';
import type { SaxesTagPlain } from 'saxes';
import { InputError } from '../core/errors.js';

/** One element of a record, with its text and child elements in document order. */
export interface XmlNode {
  /** The name without a namespace prefix (`seg`, `trans-unit`, `seg-defs`). */
  name: string;
  /** The name as written (`sdl:seg-defs`). */
  qname: string;
  attrs: Record<string, string>;
  children: (XmlNode | string)[];
  line: number;
}

/** A complete record and the elements it sits in (outermost first, without their children). */
export interface XmlRecord {
  node: XmlNode;
  ancestors: XmlNode[];
}

export interface XmlReadOptions {
  file: string;
  /** Local names of the elements handed over whole. */
  records: readonly string[];
  /** Called for every element opened outside a record (root, header, file, …). */
  onElement?: (node: XmlNode, depth: number) => void;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The encoding of an XML byte stream from its byte-order mark or its declaration. */
export function sniffXmlEncoding(head: Buffer, file: string): { encoding: string; skip: number } {
  if (head[0] === UTF8_BOM[0] && head[1] === UTF8_BOM[1] && head[2] === UTF8_BOM[2]) return { encoding: 'utf-8', skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  // UTF-16 without a byte-order mark still starts with "<" as two bytes.
  if (head[0] === 0x3c && head[1] === 0x00) return { encoding: 'utf-16le', skip: 0 };
  if (head[0] === 0x00 && head[1] === 0x3c) return { encoding: 'utf-16be', skip: 0 };
  const start = head.subarray(0, 1024).toString('latin1');
  const decl = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(start);
  if (!decl) return { encoding: 'utf-8', skip: 0 };
  const label = decl[1]!.toLowerCase();
  if (label === 'utf-8' || label === 'utf8') return { encoding: 'utf-8', skip: 0 };
  if (label.startsWith('utf-16') || label === 'unicode' || label === 'ucs-2') {
    // Declared UTF-16 but written one byte per character: the declaration is wrong; the
    // bytes are what they are.
    return { encoding: 'utf-8', skip: 0 };
  }
  try {
    new TextDecoder(label);
  } catch {
    throw new InputError(`declares the encoding "${decl[1]}", which ntm cannot read; save it as UTF-8`, file, 1);
  }
  return { encoding: label, skip: 0 };
}

// Node 20 decodes the windows-1252 family (which WHATWG also uses for iso-8859-1 and
// us-ascii) as plain Latin-1, so bytes 0x80–0x9F come out as control characters instead of
// € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ. This puts them right.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

interface Decoder {
  encoding: string;
  decode(bytes: Uint8Array, o: { stream: boolean }): string;
}

function makeDecoder(encoding: string): Decoder {
  const inner = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  if (inner.encoding !== 'windows-1252') return inner;
  return {
    encoding: inner.encoding,
    decode: (bytes, o) => inner.decode(bytes, o).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!),
  };
}

/** Decodes an XML byte stream to text, chunk by chunk, in the encoding it declares. */
export async function* decodeXml(input: Readable, file: string): AsyncGenerator<string> {
  let decoder: Decoder | null = null;
  let pending: Buffer = Buffer.alloc(0);
  let line = 1;
  const decode = (bytes: Buffer, stream: boolean): string => {
    try {
      const text = decoder!.decode(bytes, { stream });
      line += countNewlines(text);
      return text;
    } catch {
      const lenient = new TextDecoder(decoder!.encoding).decode(bytes);
      const bad = lenient.indexOf('\ufffd');
      const at = line + (bad >= 0 ? countNewlines(lenient.slice(0, bad)) : 0);
      throw new InputError(`is not valid ${decoder!.encoding.toUpperCase()} text (save it as UTF-8)`, file, at);
    }
  };
  for await (const chunk of input) {
    const bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    if (!decoder) {
      pending = Buffer.concat([pending, bytes]);
      if (pending.length < 1024) continue;
      const { encoding, skip } = sniffXmlEncoding(pending, file);
      decoder = makeDecoder(encoding);
      const text = decode(pending.subarray(skip), true);
      if (text) yield text;
      continue;
    }
    const text = decode(bytes, true);
    if (text) yield text;
  }
  if (!decoder) {
    const { encoding, skip } = sniffXmlEncoding(pending, file);
    decoder = makeDecoder(encoding);
    const text = decode(pending.subarray(skip), false);
    if (text) yield text;
    return;
  }
  const rest = decode(Buffer.alloc(0), false);
  if (rest) yield rest;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** Turns a saxes message ("12:7: unexpected close tag.") into a one-line InputError. */
function xmlError(err: Error, file: string): InputError {
  const m = /^(?:[^:]*:)?(\d+):(\d+): (.*?)\.?$/s.exec(err.message);
  if (!m) return new InputError(`is not well-formed XML: ${err.message.split('\n')[0]}`, file);
  let detail = m[3]!;
  if (/undefined entity/.test(detail)) {
    detail = 'uses an entity that is not one of the five XML predefines; ntm never expands DOCTYPE entity definitions nor fetches external ones';
  } else {
    detail = `is not well-formed XML (${detail}, column ${m[2]})`;
  }
  return new InputError(detail, file, Number(m[1]));
}

/**
 * How deep elements may nest. Interchange files nest a few levels (a `<seg>` with a bold
 * inside a link); the limit bounds the tree of a record, so that the code reading it may
 * recurse without a file choosing how deep.
 */
export const MAX_XML_DEPTH = 100;

/** Streams the records of an XML file; a well-formedness error throws InputError with the line. */
export async function* readXmlRecords(input: Readable, o: XmlReadOptions): AsyncGenerator<XmlRecord> {
  const records = new Set(o.records);
  // Loaded here, not on start: a TSV import or a lookup never needs the XML parser.
  const { SaxesParser } = await import('saxes');
  const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  const ready: XmlRecord[] = [];
  const open: XmlNode[] = [];
  let recordAt = -1;

  parser.on('error', (err) => {
    throw xmlError(err, o.file);
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (open.length >= MAX_XML_DEPTH) {
      throw new InputError(
        `elements are nested more than ${MAX_XML_DEPTH} deep here, deeper than any interchange file needs; ntm does not read it`,
        o.file,
        parser.line,
      );
    }
    const node: XmlNode = { name: localName(tag.name), qname: tag.name, attrs: tag.attributes, children: [], line: parser.line };
    if (recordAt >= 0) {
      open[open.length - 1]!.children.push(node);
    } else if (records.has(node.name)) {
      recordAt = open.length;
    } else {
      o.onElement?.(node, open.length);
    }
    open.push(node);
  });
  const onText = (text: string): void => {
    if (recordAt < 0) return;
    const kids = open[open.length - 1]!.children;
    const last = kids[kids.length - 1];
    if (typeof last === 'string') kids[kids.length - 1] = last + text;
    else kids.push(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const node = open.pop()!;
    if (open.length === recordAt) {
      recordAt = -1;
      ready.push({ node, ancestors: open.slice() });
    }
  });

  const write = (text: string | null): void => {
    try {
      if (text === null) parser.close();
      else parser.write(text);
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw xmlError(err as Error, o.file);
    }
  };
  for await (const text of decodeXml(input, o.file)) {
    write(text);
    if (ready.length) yield* ready.splice(0);
  }
  write(null);
  if (ready.length) yield* ready.splice(0);
}

/** The value of an attribute by local name (`xml:lang` and `lang` both answer "lang"). */
export function attr(node: XmlNode, name: string): string | undefined {
  const a = node.attrs;
  if (name in a) return a[name];
  // Prefixed names (xml:lang, sdl:conf): scanned without allocating, as this runs per unit.
  for (const k in a) {
    const colon = k.indexOf(':');
    if (colon >= 0 && k.length - colon - 1 === name.length && k.endsWith(name)) return a[k];
  }
  return undefined;
}

/** The child elements with a local name. */
export function childElements(node: XmlNode, name?: string): XmlNode[] {
  const out: XmlNode[] = [];
  for (const c of node.children) if (typeof c !== 'string' && (name === undefined || c.name === name)) out.push(c);
  return out;
}

/** The first child element with a local name. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  for (const c of node.children) if (typeof c !== 'string' && c.name === name) return c;
  return undefined;
}

/** All the text inside an element, codes and all. */
export function textOf(node: XmlNode): string {
  let out = '';
  for (const c of node.children) out += typeof c === 'string' ? c : textOf(c);
  return out;
}
