// Property-based tests for the TSV/CSV reader: whatever bytes arrive, in whatever chunks,
// the reader yields units or throws an InputError naming the file, never anything else.
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { headerColumns, readDelimited } from '../../src/formats/tsv.js';
import type { ReadItem } from '../../src/core/units.js';

type Outcome = { items: ReadItem[] } | { error: string };

/** Reads `bytes` delivered in the given chunk sizes; an InputError becomes its message. */
async function read(bytes: Uint8Array, chunks: number[], csv: boolean): Promise<Outcome> {
  const parts: Buffer[] = [];
  let at = 0;
  for (const size of chunks) {
    if (at >= bytes.length) break;
    parts.push(Buffer.from(bytes.subarray(at, at + size)));
    at += size;
  }
  if (at < bytes.length) parts.push(Buffer.from(bytes.subarray(at)));
  const items: ReadItem[] = [];
  try {
    const input = Readable.from(parts);
    for await (const u of readDelimited(input, { file: 'in.tsv', delimiter: csv ? ',' : '\t', quoted: csv })) items.push(u);
    return { items };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    expect(err.message).toMatch(/^in\.tsv/);
    expect(err.message).not.toContain('\n');
    return { error: err.message };
  }
}

/** Text full of what trips readers up: separators, quotes, line ends, BOMs, NULs, astral characters. */
const nasty = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\t', '\n', '\r', '"', ',', ';', '\u0000', '\ufeff', '\u00a0', '\u2028', ' ', 'é', 'ĳ', '😀', 'nl', 'en'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 200,
});
const chunkSizes = fc.array(fc.integer({ min: 1, max: 17 }), { maxLength: 40 });
const RUNS = { numRuns: 150 };

describe('TSV/CSV reader, on random input', () => {
  it('random Unicode text with tabs, quotes and line ends: units or an InputError, in any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, chunkSizes, fc.boolean(), async (text, chunks, csv) => {
        const bytes = new TextEncoder().encode(text);
        const whole = await read(bytes, [bytes.length || 1], csv);
        // The same bytes in small chunks (splitting UTF-8 characters) read the same.
        expect(await read(bytes, chunks, csv)).toEqual(whole);
      }),
      RUNS,
    );
  });

  it('random bytes (binary, broken UTF-8): units or an InputError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), chunkSizes, fc.boolean(), async (bytes, chunks, csv) => {
        const whole = await read(bytes, [bytes.length || 1], csv);
        expect(await read(bytes, chunks, csv)).toEqual(whole);
      }),
      RUNS,
    );
  });

  it('random sizes: long lines and many lines', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 150_000 }), fc.integer({ min: 0, max: 3000 }), async (long, lines) => {
        const text = `${'a'.repeat(long)}\tb\n${'x\ty\n'.repeat(lines)}`;
        const r = await read(new TextEncoder().encode(text), [65536], false);
        if (long > 100_000) expect(r).toEqual({ error: expect.stringMatching(/longer than 100000 characters/) });
        else expect('items' in r && r.items.length).toBe(lines + 1);
      }),
      { numRuns: 20 },
    );
  });

  it('reads back exactly the pairs written as well-formed TSV', async () => {
    const cell = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
      .filter((s) => !/[\t\n\r\u0000]/.test(s) && s.trim() !== '' && !s.startsWith('\ufeff'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 20 }), chunkSizes, async (pairs, chunks) => {
        fc.pre(headerColumns(pairs[0]!) === null);
        // Well-formed as ntm's export writes it (tsvLine): a cell that starts with a quotation
        // mark is quoted, since the reader unquotes a cell that is exactly a quoted cell.
        const cellText = (c: string) => (c.startsWith('"') ? `"${c.replace(/"/g, '""')}"` : c);
        const text = pairs.map(([nl, en]) => `${cellText(nl)}\t${cellText(en)}\n`).join('');
        const r = await read(new TextEncoder().encode(text), chunks, false);
        expect(r).toEqual({ items: pairs.map(([source, target], i) => ({ line: i + 1, source, target })) });
      }),
      RUNS,
    );
  });
});
