// The start of a file: its first bytes taken off a stream without losing them, for the
// decisions made before a reader runs (which format, which CSV separator).
import { Readable } from 'node:stream';
import { sniffXmlEncoding } from './xml-input.js';

/** How many bytes detection looks at. */
export const HEAD_BYTES = 64 * 1024;

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

/** The start of a text file as text (UTF-8, or UTF-16 after a byte-order mark). */
export function headText(head: Buffer, file: string): string {
  try {
    const { encoding, skip } = sniffXmlEncoding(head, file);
    return new TextDecoder(encoding).decode(head.subarray(skip));
  } catch {
    return head.toString('utf8');
  }
}
