// Opening a file for reading: its first bytes are peeked at to tell its format (see
// registry.ts), then the whole stream goes to that format's reader.
import type { Readable } from 'node:stream';
import { InputError } from '../core/errors.js';
import type { ReadItem } from '../core/units.js';
import type { LanguagePair } from './languages.js';
import { peek } from './head.js';
import { detectFormat, formatNamed } from './registry.js';

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
