// Spreadsheet files made by a real spreadsheet library (SheetJS), not typed bytes: an .xlsx
// workbook and Excel's "Unicode text" (UTF-16 with a byte-order mark) import with their texts
// exact; ntm's own .xlsx export imports again without a change; an .xlsx draft is checked and
// approved.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import * as cptable from '@e965/xlsx/dist/cpexcel.full.mjs';
import { expectRefusal, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

XLSX.set_cptable(cptable);

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

/** Texts that trip up hand-made readers: quotes, separators, a leading = and +, digits only, accents, a line break. */
const ROWS = [
  ['nl', 'en', 'note'],
  ['De oppositie noemt de plannen "onverantwoord".', 'The opposition calls the plans "irresponsible".', 'quotes; and a semicolon'],
  ['"Ja", zei hij, "morgen".', '"Yes," he said, "tomorrow".', ''],
  ['Koerdische strijdkrachten', 'Kurdish forces', 'tab\tinside'],
  ['Eén op de 3,5 miljoen', 'One in 3.5 million', '=SUM(A1)'],
  ['Zeeën en rivieren', 'Seas and rivers', '+31 20 123'],
  ['Eerste regel\nTweede regel', 'First line\nSecond line', ''],
];

function workbook(rows: string[][]): XLSX.WorkBook {
  const wb = XLSX.utils.book_new();
  // Every cell a text cell, as a translator's spreadsheet holds them.
  const sheet = XLSX.utils.aoa_to_sheet(rows.map((r) => r.map((v) => ({ t: 's', v }))));
  XLSX.utils.book_append_sheet(wb, sheet, 'Blad1');
  return wb;
}

async function pairsOf(db: string): Promise<{ source: string; target: string; note: string | null }[]> {
  const r = await cli(['--db', db, 'list', '--json', '--limit', '100']);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout).pairs as { source: string; target: string; note: string | null }[])
    .reverse()
    .map(({ source, target, note }) => ({ source, target, note }));
}

const expected = ROWS.slice(1).map(([source, target, note]) => ({ source, target, note: note === '' ? null : note }));

describe('spreadsheet files', () => {
  it("imports an .xlsx written by SheetJS with every text exact, and re-imports ntm's own .xlsx without a change", async () => {
    const file = join(dir, 'glossary.xlsx');
    writeFileSync(file, XLSX.write(workbook(ROWS), { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const db = join(dir, 'xlsx.sqlite');
    const r = await cli(['--db', db, 'import', file, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files[0]).toMatchObject({ format: 'xlsx', imported: 6, skipped: [] });
    expect(await pairsOf(db)).toEqual(expected);

    const out = join(dir, 'desk.xlsx');
    expect((await cli(['--db', db, 'export', out])).status).toBe(0);
    // SheetJS reads ntm's workbook: a header row, then the pairs.
    const back = XLSX.utils.sheet_to_json<string[]>(XLSX.read(readFileSync(out)).Sheets.ntm!, { header: 1 });
    expect(back[0]!.slice(0, 2)).toEqual(['nl', 'en']);
    const again = join(dir, 'again.sqlite');
    expect((await cli(['--db', again, 'import', out])).status).toBe(0);
    const csv = async (d: string) => (await cli(['--db', d, 'export', '-', '--format', 'csv'])).stdout;
    expect(await csv(again)).toBe(await csv(db));
  });

  it('imports Excel\'s "Unicode text" (UTF-16, tab-separated, quoted) written by SheetJS', async () => {
    const file = join(dir, 'unicode.txt');
    // A line break cannot be in a line of text: that row stays in the .xlsx test.
    writeFileSync(file, XLSX.write(workbook(ROWS.slice(0, -1)), { type: 'buffer', bookType: 'txt' }) as Buffer);
    expect([...readFileSync(file).subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const db = join(dir, 'utf16.sqlite');
    const r = await cli(['--db', db, 'import', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(await pairsOf(db)).toEqual(expected.slice(0, -1));
  });

  it('checks and approves an .xlsx draft, and refuses an old .xls workbook by name', async () => {
    const db = join(dir, 'draft.sqlite');
    expect((await cli(['--db', db, 'add', 'De brand is geblust.', 'The fire is out.'])).status).toBe(0);
    const draft = join(dir, 'draft.xlsx');
    writeFileSync(
      draft,
      XLSX.write(
        workbook([
          ['nl', 'en'],
          ['De brand is geblust.', 'The fire is out.'],
          ['Er is niemand gewond.', 'Nobody was hurt.'],
        ]),
        { type: 'buffer', bookType: 'xlsx' },
      ) as Buffer,
    );
    expect((await cli(['--db', db, 'check', draft])).status).toBe(0);
    const r = await cli(['--db', db, 'approve', draft, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ added: 1, uses: 1 });
    const xls = join(dir, 'old.xls');
    writeFileSync(xls, XLSX.write(workbook(ROWS), { type: 'buffer', bookType: 'biff8' }) as Buffer);
    expectRefusal(await cli(['--db', db, 'import', xls]), /old\.xls: is an Excel 97–2003 workbook/);
  });
});
