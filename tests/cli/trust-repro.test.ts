// The defects of issue 13, each as a translator met it, through the real CLI (in-process).
// Every test here failed on the code before the fix.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import * as cptable from '@e965/xlsx/dist/cpexcel.full.mjs';
import { tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

XLSX.set_cptable(cptable);

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

let n = 0;
const freshDb = () => join(dir, `tm-${++n}.sqlite`);

async function ok(args: string[], input?: string) {
  const r = await cli(args, { input });
  expect(r.status, r.stderr).toBe(0);
  return r;
}

/** Every live pair's Dutch and English, oldest first. */
async function stored(db: string): Promise<[string, string][]> {
  const r = await ok(['--db', db, 'export', '-', '--format', 'tsv']);
  return r.stdout
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t').slice(0, 2) as [string, string]);
}

describe('spreadsheets as Excel and LibreOffice save them', () => {
  it('reads doubled quotes in a TSV draft as one quotation mark, in check and in approve', async () => {
    const db = freshDb();
    const draft = join(dir, 'quoted.tsv');
    writeFileSync(draft, 'nl\ten\n"De oppositie noemt de plannen ""onverantwoord""."\t"The opposition calls the plans ""irresponsible""."\n');
    await ok(['--db', db, 'add', 'onverantwoord', 'irresponsible', '--term']);
    await ok(['--db', db, 'approve', draft]);
    expect((await stored(db)).slice(1)).toEqual([['De oppositie noemt de plannen "onverantwoord".', 'The opposition calls the plans "irresponsible".']]);
  });

  it('imports a Dutch-locale Excel CSV with ; as the separator', async () => {
    const db = freshDb();
    const csv = join(dir, 'excel-nl.csv');
    writeFileSync(csv, 'nl;en\r\nDe burgemeester trad vrijdag af, zei hij.;The mayor resigned on Friday, he said.\r\n');
    await ok(['--db', db, 'import', csv]);
    expect(await stored(db)).toEqual([['De burgemeester trad vrijdag af, zei hij.', 'The mayor resigned on Friday, he said.']]);
  });

  it('imports Excel\'s "Unicode text" (UTF-16 with a byte-order mark)', async () => {
    const db = freshDb();
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['nl', 'en'],
        ['Eén dode bij brand in Zwolle.', 'One dead in fire in Zwolle.'],
      ]),
      'Blad1',
    );
    const file = join(dir, 'unicode.txt');
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'txt' }) as Buffer);
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    await ok(['--db', db, 'import', file]);
    expect(await stored(db)).toEqual([['Eén dode bij brand in Zwolle.', 'One dead in fire in Zwolle.']]);
  });
});

describe('English in the Dutch column', () => {
  it('refuses an import whose columns are the wrong way round, and names --swap', async () => {
    const db = freshDb();
    const file = join(dir, 'reversed.tsv');
    writeFileSync(
      file,
      'The mayor resigned on Friday after a long debate.\tDe burgemeester trad vrijdag af na een lang debat.\n' +
        'The opposition calls the plans irresponsible.\tDe oppositie noemt de plannen onverantwoord.\n',
    );
    const r = await cli(['--db', db, 'import', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--swap/);
    await ok(['--db', db, 'import', file, '--swap']);
    expect((await stored(db))[0]).toEqual(['De burgemeester trad vrijdag af na een lang debat.', 'The mayor resigned on Friday after a long debate.']);
  });

  it('refuses ntm add with the English first, unless --force', async () => {
    const db = freshDb();
    const r = await cli(['--db', db, 'add', 'The mayor resigned on Friday.', 'De burgemeester trad vrijdag af.']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--force/);
    await ok(['--db', db, 'add', 'The mayor resigned on Friday.', 'De burgemeester trad vrijdag af.', '--force']);
  });
});

describe('header rows', () => {
  for (const header of ['Brontekst\tVertaling', 'nl-NL\ten-GB', 'DUTCH\tENGLISH', 'bron\tdoel']) {
    it(`never stores the header "${header.replace('\t', ' / ')}" as a pair`, async () => {
      const db = freshDb();
      const file = join(dir, `header-${n}.tsv`);
      writeFileSync(file, `${header}\nDe brand is geblust.\tThe fire is out.\n`);
      await ok(['--db', db, 'import', file]);
      expect(await stored(db)).toEqual([['De brand is geblust.', 'The fire is out.']]);
    });
  }
});

describe('an untouched fuzzy suggestion', () => {
  it('is not approved as it stands, check reports it, and no lookup offers it at 100 %', async () => {
    const db = freshDb();
    await ok(['--db', db, 'add', 'Het KNMI heeft code oranje afgegeven voor de hele provincie.', 'The KNMI has issued code orange for the whole province.']);
    const article = join(dir, 'knmi.txt');
    writeFileSync(article, 'Het KNMI heeft code rood afgegeven voor de hele provincie.\n');
    const draft = join(dir, 'knmi.tsv');
    await ok(['--db', db, 'pretranslate', article, '-o', draft]);

    const check = await cli(['--db', db, 'check', draft, '--json']);
    expect(check.status).toBe(1);
    expect(JSON.parse(check.stdout).issues.map((i: { kind: string }) => i.kind)).toContain('unedited-fuzzy');

    const approve = await cli(['--db', db, 'approve', draft]);
    expect(approve.status).toBe(1);
    expect(approve.stderr).toMatch(/--accept-fuzzy/);
    const lookup = JSON.parse((await ok(['--db', db, 'lookup', '--json', 'Het KNMI heeft code rood afgegeven voor de hele provincie.'])).stdout);
    expect(lookup.matches.map((m: { score: number }) => m.score)).not.toContain(100);
  });
});

describe('control characters', () => {
  it('refuses a catalogue line holding U+0007 with its file and line, and export keeps working', async () => {
    const db = freshDb();
    const file = join(dir, 'bell.tsv');
    writeFileSync(file, 'Bestand opgeslagen.\tFile saved.\nDruk op een toets\u0007.\tPress a key\u0007.\n');
    const r = await cli(['--db', db, 'import', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bell\.tsv:2: .*U\+0007/);
    await ok(['--db', db, 'add', 'Bestand opgeslagen.', 'File saved.']);
    await ok(['--db', db, 'export', join(dir, 'desk.tmx')]);
  });
});

describe('undo and replace', () => {
  it('undoes an import of 5,000 wrong pairs with one command', async () => {
    const db = freshDb();
    await ok(['--db', db, 'add', 'De brand is geblust.', 'The fire is out.']);
    const lines = Array.from({ length: 5000 }, (_, i) => `Zin nummer ${i} van de verkeerde lijst.\tWrong sentence number ${i} of the list.`);
    const file = join(dir, 'wrong.tsv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    await ok(['--db', db, 'import', file]);
    const changes = JSON.parse((await ok(['--db', db, 'changes', '--json'])).stdout).changes;
    expect(changes[0]).toMatchObject({ command: 'import', pairs: 5000 });
    await ok(['--db', db, 'undo', String(changes[0].id)]);
    expect(await stored(db)).toEqual([['De brand is geblust.', 'The fire is out.']]);
  });

  it('replaces a phrase in every pair that holds it, in one command', async () => {
    const db = freshDb();
    await ok(['--db', db, 'add', 'De Koerdische strijdkrachten rukten op.', 'The Kurdish armed forces advanced.']);
    await ok(['--db', db, 'add', 'Koerdische strijdkrachten', 'Kurdish armed forces', '--term']);
    await ok(['--db', db, 'replace', 'Kurdish armed forces', 'Kurdish forces']);
    expect((await stored(db)).map(([, en]) => en)).toEqual(['The Kurdish forces advanced.', 'Kurdish forces']);
  });
});

describe('who may approve', () => {
  it("stores a junior's --force approval as proposed, ranked below the desk's wording", async () => {
    const db = freshDb();
    await ok(['--db', db, 'reviewers', 'add', 'desk', '--by', 'desk']);
    await ok(['--db', db, 'add', 'De brand is geblust.', 'The fire has been put out.', '--by', 'desk']);
    const draft = join(dir, 'junior.tsv');
    writeFileSync(draft, 'nl\ten\nDe brand is geblust.\tThe fire is extinguished.\n');
    await ok(['--db', db, 'approve', draft, '--force', '--by', 'junior']);
    const lookup = JSON.parse((await ok(['--db', db, 'lookup', '--json', 'De brand is geblust.'])).stdout);
    expect(lookup.matches.map((m: { target: string; status: string }) => [m.target, m.status])).toEqual([
      ['The fire has been put out.', 'approved'],
      ['The fire is extinguished.', 'proposed'],
    ]);
  });
});
