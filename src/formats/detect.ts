// Opening a file for reading: its first bytes are peeked at to tell its format (see
// registry.ts), then the whole stream goes to that format's reader.
import { Readable } from 'node:stream';
import { InputError } from '../core/errors.js';
import type { ReadItem } from '../core/units.js';
import type { LanguagePair } from './languages.js';
import { detectFormat, formatNamed, HEAD_BYTES } from './registry.js';

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

export interface OpenOptions {
  file: string;
  /** Forced format (a name from the registry); default: detected from the content. */
  format?: string;
  langs: LanguagePair;
  includeUnapproved?: boolean;
}

/** Detects the format of a stream (unless forced) and reads its units; an empty input is refused. */
export async function openUnits(input: Readable, o: OpenOptions): Promise<{ format: string; units: AsyncGenerator<ReadItem> }> {
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
export async function openBatches(input: Readable, o: OpenOptions): Promise<{ format: string; units: AsyncGenerator<ReadItem | ReadItem[]> }> {
  const { head, stream } = await peek(input);
  if (head.length === 0) throw new InputError('is empty; nothing imported', o.file);
  const format = o.format === undefined ? detectFormat(head, o.file) : formatNamed(o.format);
  if (!format) throw new InputError(`"${o.format}" is not a format ntm reads`, o.file);
  return { format: format.name, units: await format.read(stream, o) };
}
