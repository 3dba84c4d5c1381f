// Draft readers: bilingual TSV in file order, two line-aligned texts, and clear refusals.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { alignDraft, draftFormatOf, readDraft, readText } from '../../src/formats/draft.js';

const stream = (s: string | Buffer) => Readable.from([typeof s === 'string' ? Buffer.from(s) : s]);

describe('bilingual TSV drafts', () => {
  it('reads units in file order with their lines, with or without a header', async () => {
    expect(await readDraft(stream('nl\ten\nBeeld EPA\tPhoto EPA\n\nDe stad is leeg.\tThe city is empty.\n'), 'd.tsv', 'tsv')).toEqual([
      { source: 'Beeld EPA', target: 'Photo EPA', line: 2 },
      { source: 'De stad is leeg.', target: 'The city is empty.', line: 4 },
    ]);
  });

  it('refuses a line without a tab, naming the line', async () => {
    await expect(readDraft(stream('Beeld EPA\tPhoto EPA\nDe stad is leeg.\n'), 'd.tsv', 'tsv')).rejects.toThrow(/d\.tsv:2: expected 2 columns/);
  });

  it('refuses XLIFF and TMX drafts for now, saying what to do instead', async () => {
    expect(draftFormatOf('artikel.xlf')).toBe('xliff');
    expect(draftFormatOf('artikel.TMX')).toBe('tmx');
    await expect(readDraft(stream('<xliff/>'), 'a.xlf', 'xliff')).rejects.toThrow(/XLIFF drafts cannot be checked .* TSV/);
  });
});

describe('line-aligned drafts', () => {
  it('pairs line n with line n and skips paragraph breaks blank on both sides', () => {
    expect(alignDraft('Een.\n\nTwee.\n', 'One.\n\nTwo.\n', 'nl.txt', 'en.txt')).toEqual([
      { source: 'Een.', target: 'One.', line: 1 },
      { source: 'Twee.', target: 'Two.', line: 3 },
    ]);
  });

  it('refuses files with different line counts', () => {
    expect(() => alignDraft('Een.\nTwee.\n', 'One.\n', 'nl.txt', 'en.txt')).toThrow(InputError);
    expect(() => alignDraft('Een.\nTwee.\n', 'One.\n', 'nl.txt', 'en.txt')).toThrow(/nl\.txt has 2 lines but en\.txt has 1/);
  });

  it('refuses text that is not UTF-8', async () => {
    await expect(readText(stream(Buffer.from([0x41, 0x0a, 0xff, 0xfe, 0x41])), 'nl.txt')).rejects.toThrow(/nl\.txt:2: is not valid UTF-8/);
  });
});
