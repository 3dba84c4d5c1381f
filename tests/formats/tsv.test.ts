import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readDelimited, readDelimitedBatches } from '../../src/formats/tsv.js';
import type { ReadItem } from '../../src/core/units.js';

async function read(content: string | Buffer, quoted = false): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  const input = Readable.from([typeof content === 'string' ? Buffer.from(content) : content]);
  for await (const u of readDelimited(input, { file: 'in.tsv', delimiter: quoted ? ',' : '\t', quoted })) out.push(u);
  return out;
}

describe('TSV reader', () => {
  it('reads nl<TAB>en lines with their line numbers, skipping blank lines, any line ending', async () => {
    const units = await read('autobom\tcar bomb\r\n\nluchtdekking\tair cover\n');
    expect(units).toEqual([
      { line: 1, source: 'autobom', target: 'car bomb' },
      { line: 3, source: 'luchtdekking', target: 'air cover' },
    ]);
  });

  it('keeps Dutch quotation marks as text (TSV has no quoting)', async () => {
    const units = await read('"Een muis" die overal door past\t"A mouse" that fits through anything\n');
    expect(units[0]).toMatchObject({ source: '"Een muis" die overal door past' });
  });

  it('reads a header row naming the columns, in any order', async () => {
    const units = await read('en\tnl\tkind\tstatus\ttags\nKurdish army\tKoerdische strijdkrachten\tterm\tforbidden\tsyria, style\n');
    expect(units).toEqual([
      { line: 2, source: 'Koerdische strijdkrachten', target: 'Kurdish army', kind: 'term', status: 'forbidden', tags: ['syria', ' style'] },
    ]);
  });

  it('skips a row with an unknown status, saying why', async () => {
    const units = await read('nl\ten\tstatus\nautobom\tcar bomb\tmaybe\n');
    expect(units).toEqual([{ line: 2, skipped: 'status "maybe" is not approved, proposed or forbidden' }]);
  });

  it('refuses a line with the wrong number of columns, naming the line', async () => {
    await expect(read('autobom\tcar bomb\nluchtdekking air cover\n')).rejects.toThrow('in.tsv:2: expected 2 columns (Dutch tab English), found 1');
  });

  it('drops a UTF-8 byte-order mark', async () => {
    const units = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Syriërs\tSyrians\n')]));
    expect(units).toEqual([{ line: 1, source: 'Syriërs', target: 'Syrians' }]);
  });

  it('refuses invalid UTF-8 and binary content with the line', async () => {
    await expect(read(Buffer.from([0x61, 0x09, 0x62, 0x0a, 0x63, 0xff, 0x09, 0x64, 0x0a]))).rejects.toThrow(/in.tsv:2: is not valid UTF-8/);
    await expect(read(Buffer.from('a\tb\nc\u0000\td\n'))).rejects.toThrow(/in.tsv:2: contains NUL bytes/);
  });

  it('reads quoted CSV fields with commas and doubled quotes', async () => {
    const units = await read('nl,en\n"Hasaka, Syrië","Hasaka, Syria"\n"Hij zei ""nee""",He said "no"\n', true);
    expect(units).toEqual([
      { line: 2, source: 'Hasaka, Syrië', target: 'Hasaka, Syria' },
      { line: 3, source: 'Hij zei "nee"', target: 'He said "no"' },
    ]);
  });

  // An import takes TSV units in batches; a slow consumer must not lose or reorder any, and
  // an error deep in a large file must still name its line.
  it('hands a large file over in batches, in order, whatever the pace of the reader', async () => {
    const lines = Array.from({ length: 25_000 }, (_, i) => `zin ${i}\tsentence ${i}`);
    const chunks = [];
    const text = Buffer.from(`${lines.join('\n')}\n`);
    for (let at = 0; at < text.length; at += 7_001) chunks.push(text.subarray(at, at + 7_001));
    const got: ReadItem[] = [];
    let batches = 0;
    for await (const batch of readDelimitedBatches(Readable.from(chunks), { file: 'big.tsv', delimiter: '\t', quoted: false })) {
      batches++;
      got.push(...(batch as ReadItem[]));
      if (batches % 3 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    expect(batches).toBeGreaterThan(10);
    expect(got).toHaveLength(25_000);
    expect(got[0]).toEqual({ line: 1, source: 'zin 0', target: 'sentence 0' });
    expect(got[24_999]).toEqual({ line: 25_000, source: 'zin 24999', target: 'sentence 24999' });
    expect(got.every((u, i) => u.line === i + 1)).toBe(true);

    lines[17_345] = 'kapotte regel zonder tab';
    await expect(read(`${lines.join('\n')}\n`)).rejects.toThrow('in.tsv:17346: expected 2 columns (Dutch tab English), found 1');
  });
});
