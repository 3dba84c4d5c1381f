import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readDelimited } from '../../src/formats/tsv.js';
import type { ReadItem } from '../../src/formats/units.js';

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
    expect(units).toEqual([{ line: 2, skipped: 'status "maybe" is neither approved nor forbidden' }]);
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
});
