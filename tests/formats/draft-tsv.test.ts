import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { DraftRow } from '../../src/core/draft.js';
import { InputError } from '../../src/core/errors.js';
import { readDraftTsv, writeDraftTsv } from '../../src/formats/draft-tsv.js';

const read = (text: string) => readDraftTsv(Readable.from([Buffer.from(text)]), 'draft.tsv');

const ROWS: DraftRow[] = [
  { segment: 1, paragraph: 1, source: 'Beeld EPA', target: 'Photo EPA', score: 100, match: 'exact', pairId: 2, pairSource: null, note: '' },
  {
    segment: 2,
    paragraph: 2,
    source: 'Er vielen 18 doden.',
    target: '18 people\tdied.',
    score: 94,
    match: 'adapted',
    pairId: 7,
    pairSource: 'Er vielen 17 doden.',
    pairTarget: '17 people died.',
    note: 'numbers adapted: 17 → 18',
  },
  { segment: 3, paragraph: 2, source: '‘Nieuw’, zei hij.', target: '', score: null, match: 'none', pairId: null, pairSource: null, note: '' },
];

describe('draft TSV', () => {
  it('writes a header and one row per segment, and reads the Dutch and English back', async () => {
    const text = writeDraftTsv(ROWS);
    expect(text.split('\n')[0]).toBe('segment\tparagraph\tnl\ten\tscore\tmatch\ttm_id\ttm_nl\ttm_en\tnote');
    expect(text.split('\n')[2]).toBe(
      '2\t2\tEr vielen 18 doden.\t18 people died.\t94\tadapted\t7\tEr vielen 17 doden.\t17 people died.\tnumbers adapted: 17 → 18',
    );
    // What pretranslate filled in comes back with each segment (for unedited-fuzzy).
    expect(await read(text)).toEqual([
      { segment: 1, line: 2, source: 'Beeld EPA', target: 'Photo EPA', fill: { match: 'exact', score: 100, pairId: 2 } },
      {
        segment: 2,
        line: 3,
        source: 'Er vielen 18 doden.',
        target: '18 people died.',
        fill: { match: 'adapted', score: 94, pairId: 7, pairSource: 'Er vielen 17 doden.', pairTarget: '17 people died.' },
      },
      { segment: 3, line: 4, source: '‘Nieuw’, zei hij.', target: '', fill: { match: 'none' } },
    ]);
  });

  it('reads columns in any order, rows whose empty last cells a spreadsheet dropped, and CRLF', async () => {
    expect(await read('EN\tcomment\tNL\r\nPhoto EPA\tok\tBeeld EPA\r\n\r\n')).toEqual([{ segment: 1, line: 2, source: 'Beeld EPA', target: 'Photo EPA' }]);
    expect(await read('nl\ten\tnote\nBeeld EPA\n')).toEqual([{ segment: 1, line: 2, source: 'Beeld EPA', target: '' }]);
  });

  it('reads a plain nl<TAB>en file without a header', async () => {
    expect(await read('Beeld EPA\tPhoto EPA\nEen zin.\tA sentence.\n')).toHaveLength(2);
  });

  it('refuses rows that do not line up, naming the line', async () => {
    await expect(read('nl\ten\nBeeld EPA\tPhoto\tEPA\n')).rejects.toThrow(/draft\.tsv:2: expected 2 columns as in the header, found 3/);
    await expect(read('Beeld EPA\tPhoto EPA\nalleen Nederlands\n')).rejects.toThrow(InputError);
    await expect(read('Beeld EPA\tPhoto EPA\nalleen Nederlands\n')).rejects.toThrow(/draft\.tsv:2: expected 2 columns/);
  });

  it('refuses text that is not UTF-8', async () => {
    const latin1 = Buffer.from('nl\ten\nBeeld EPA\tFoto\xe9\n', 'latin1');
    await expect(readDraftTsv(Readable.from([latin1]), 'draft.tsv')).rejects.toThrow(/draft\.tsv:2: is not valid UTF-8/);
  });
});
