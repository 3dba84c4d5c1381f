// Text as spreadsheets save it: header names, RFC 4180 quoting in TSV, the CSV separator.
import { describe, expect, it } from 'vitest';
import { headerField, namesBothSides } from '../../src/formats/headers.js';
import { csvDelimiter, tsvCells } from '../../src/formats/tsv.js';

describe('header rows', () => {
  it('knows the Dutch and English columns by every name SPEC lists, in any case', () => {
    for (const [nl, en] of [
      ['nl', 'en'],
      ['NL-nl', 'en-GB'],
      ['nl_BE', 'EN_us'],
      ['Dutch', 'English'],
      ['Nederlands', 'Engels'],
      ['SOURCE', 'Target'],
      ['bron', 'doel'],
      ['Brontekst', 'Vertaling'],
    ]) {
      expect(namesBothSides([nl!, en!]), `${nl} ${en}`).toBe(true);
    }
    expect(headerField('de-DE')).toBeUndefined();
    expect(namesBothSides(['De brand is geblust.', 'The fire is out.'])).toBe(false);
  });
});

describe('TSV cells', () => {
  it('reads a cell a spreadsheet quoted, doubled quotes and all', () => {
    expect(tsvCells('"De plannen zijn ""onverantwoord""."\t"The plans are ""irresponsible""."')).toEqual([
      'De plannen zijn "onverantwoord".',
      'The plans are "irresponsible".',
    ]);
    expect(tsvCells('"Een\ttab"\tA tab')).toEqual(['Een\ttab', 'A tab']);
  });

  it("reads a line whose quotes are not a spreadsheet's as it stands", () => {
    expect(tsvCells('"Ja", zei hij.\t"Yes," he said.')).toEqual(['"Ja", zei hij.', '"Yes," he said.']);
    // A quotation that goes on in the next segment.
    expect(tsvCells('"Wij gaan door.\t"We carry on.')).toEqual(['"Wij gaan door.', '"We carry on.']);
    expect(tsvCells('Hij zei "nee".\tHe said "no".')).toEqual(['Hij zei "nee".', 'He said "no".']);
  });
});

describe('the CSV separator', () => {
  it('is the one that makes the first line a header, else the one that cuts every line alike', () => {
    expect(csvDelimiter('nl;en\r\nJa, zei hij.;Yes, he said.\r\n')).toBe(';');
    expect(csvDelimiter('nl,en\nJa; nee,Yes; no\n')).toBe(',');
    expect(csvDelimiter('\ufeffBrontekst;Vertaling\n')).toBe(';');
    expect(csvDelimiter('Ja, zei hij;Yes, he said\nNee, zei ze;No, she said\n')).toBe(';');
    expect(csvDelimiter('Goedemorgen,Good morning\nDag,Bye\n')).toBe(',');
  });
});

describe('TSV cells, mixed', () => {
  it("unquotes a whole quoted cell beside a cell with quotation marks inside (ntm's own export)", () => {
    expect(tsvCells('"""Nee"", zei hij."\tHij zei "nee".')).toEqual(['"Nee", zei hij.', 'Hij zei "nee".']);
  });
});
