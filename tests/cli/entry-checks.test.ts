// What may enter the TM, door by door: control characters (and the doctor for a TM that
// already holds them), and unedited fuzzy suggestions in drafts a CAT tool or spreadsheet saved.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

const ok = async (args: string[], input?: string) => {
  const r = await cli(args, { input });
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
};

describe('control characters', () => {
  it('are refused by add, edit and approve, with the file and line', async () => {
    const db = join(dir, 'doors.sqlite');
    expectRefusal(await cli(['--db', db, 'add', 'Druk op een toets\u0007.', 'Press a key.']), /the Dutch text contains U\+0007 \(BEL\) at character 18/);
    expectRefusal(await cli(['--db', db, 'add', 'Druk op een toets.', 'Press a key.', '--note', 'see\u001bhere']), /--note contains U\+001B \(ESC\)/);
    await ok(['--db', db, 'add', 'Druk op een toets.', 'Press a key.']);
    expectRefusal(await cli(['--db', db, 'edit', '1', '--target', 'Press a key\u0085']), /U\+0085 \(NEL\)/);
    const draft = join(dir, 'bel.tsv');
    writeFileSync(draft, 'nl\ten\nHet regent.\tIt is raining.\nDruk op een toets\u0007.\tPress a key.\n');
    expectRefusal(await cli(['--db', db, 'approve', draft]), /bel\.tsv:3: segment 2: the Dutch text contains U\+0007 \(BEL\).*nothing was approved/);
    expect((await ok(['--db', db, 'stats', '--json'])).stdout).toMatch(/"pairs":1,/);
  });

  it('in a TM that already holds them: doctor reports them, --repair cleans them keeping history, export works', async () => {
    const db = join(dir, 'dirty.sqlite');
    await ok(['--db', db, 'add', 'Bestand opgeslagen.', 'File saved.']);
    await ok(['--db', db, 'add', 'Bestand geopend.', 'File opened.']);
    await ok(['--db', db, 'add', 'Bestand gesloten.', 'File closed.']);
    // As an older ntm stored them: written straight into the file.
    const raw = new Database(db);
    raw.prepare(`UPDATE pairs SET source = 'Druk op een toets\u0007.', source_norm = 'Druk op een toets\u0007.' WHERE id = 1`).run();
    raw.prepare(`UPDATE pairs SET target = 'File opened\u001a' WHERE id = 2`).run();
    raw
      .prepare(
        `UPDATE pairs SET target = 'File saved.', target_norm = 'File saved.', source = 'Druk op een\u0007 toets.', source_norm = 'Druk op een\u0007 toets.' WHERE id = 3`,
      )
      .run();
    raw.close();
    const report = await cli(['--db', db, 'doctor']);
    expect(report.status).toBe(1);
    expect(report.stdout).toMatch(/FAIL control characters in 3 pairs \(#1, #2, #3\)/);
    // A workbook is XML inside (its library would drop the character unseen): refused, naming the pairs.
    const xlsx = join(dir, 'dirty.xlsx');
    expectRefusal(
      await cli(['--db', db, 'export', xlsx]),
      /dirty\.xlsx: not exported: pair #1 contains the control character U\+0007.*pair #3 .*export to TSV or CSV/,
    );
    expect(existsSync(xlsx)).toBe(false);
    const repaired = await cli(['--db', db, 'doctor', '--repair', '--json', '--by', 'beheer']);
    expect(JSON.parse(repaired.stdout).unsafeText).toMatchObject({ pairs: 3, cleaned: 2, deleted: 1 });
    expect(JSON.parse((await ok(['--db', db, 'show', '1', '--json'])).stdout).source).toBe('Druk op een toets.');
    // #3 would have become #1's twin once cleaned: deleted, recoverably, its text kept.
    expect(JSON.parse((await ok(['--db', db, 'show', '3', '--json'])).stdout).deletedAt).not.toBeNull();
    const history = JSON.parse((await ok(['--db', db, 'history', '2', '--json'])).stdout).history;
    expect(history.at(-1)).toMatchObject({ action: 'edit', by: 'beheer', before: { target: 'File opened\u001a' }, after: { target: 'File opened' } });
    expect((await cli(['--db', db, 'doctor'])).status).toBe(0);
    await ok(['--db', db, 'export', join(dir, 'clean.tmx')]);
    // Excel cuts a cell longer than it holds when it opens the file: refused too.
    const long = new Database(db);
    long.prepare(`UPDATE pairs SET note = ? WHERE id = 2`).run('x'.repeat(32_768));
    long.close();
    expectRefusal(await cli(['--db', db, 'export', xlsx]), /not exported: pair #2: its note is longer than 32767 characters, which an Excel cell cannot hold/);
    await ok(['--db', db, 'export', join(dir, 'long.csv')]);
    const changes = JSON.parse((await ok(['--db', db, 'changes', '--json'])).stdout).changes;
    expect(changes[0]).toMatchObject({ command: 'doctor --repair', by: 'beheer', pairs: 3 });
  });
});

describe('unedited fuzzy suggestions', () => {
  let base: string;
  let db: string;
  const article = () => join(dir, 'knmi.txt');
  beforeAll(async () => {
    db = base = join(dir, 'fuzzy.sqlite');
    await ok(['--db', db, 'add', 'Het KNMI heeft code oranje afgegeven voor de hele provincie.', 'The KNMI has issued code orange for the whole province.']);
    await ok(['--db', db, 'add', 'Er vielen 17 doden bij de storm.', '17 people died in the storm.']);
    writeFileSync(article(), 'Het KNMI heeft code rood afgegeven voor de hele provincie.\n\nEr vielen 18 doden bij de storm.\n');
  });
  const kinds = async (draft: string) =>
    JSON.parse((await cli(['--db', db, 'check', draft, '--json'])).stdout).issues.map((i: { kind: string; segment: number }) => `${i.kind} ${i.segment}`);

  it('are found in an XLIFF draft a CAT tool saved: by the text, whatever the state; an edited one is not', async () => {
    db = join(dir, 'fuzzy-xliff.sqlite');
    copyFileSync(base, db);
    const draft = join(dir, 'knmi.xlf');
    await ok(['--db', db, 'pretranslate', article(), '-o', draft]);
    const xlf = readFileSync(draft, 'utf8');
    expect(await kinds(draft)).toEqual(['unedited-fuzzy 1', 'unedited-fuzzy 2']);
    // A CAT tool confirmed both without a change, dropped ntm's own attributes and rewrote
    // the state, keeping the alt-trans (its match pane): still the suggestions.
    const confirmed = xlf.replace(/ ntm:[a-z-]+="[^"]*"/g, '').replace(/state="needs-review-translation" state-qualifier="fuzzy-match"/g, 'state="translated"');
    writeFileSync(draft, confirmed);
    expect(await kinds(draft)).toEqual(['unedited-fuzzy 1', 'unedited-fuzzy 2']);
    // The translator edits segment 1; segment 2 (numbers adapted) stays as it was.
    writeFileSync(draft, confirmed.replace('issued code orange for', 'issued code red for'));
    expect(await kinds(draft)).toEqual(['unedited-fuzzy 2']);
    const refused = await cli(['--db', db, 'approve', draft]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/segment 2 still holds the fuzzy suggestion.*--accept-fuzzy/);
    const approved = JSON.parse((await ok(['--db', db, 'approve', draft, '--accept-fuzzy', '--json'])).stdout);
    expect(approved).toMatchObject({ approved: true, added: 2 });
  });

  it('are found in a TSV draft whose tm_en column a spreadsheet dropped, through tm_id', async () => {
    db = join(dir, 'fuzzy-tsv.sqlite');
    copyFileSync(base, db);
    const draft = join(dir, 'knmi.tsv');
    await ok(['--db', db, 'pretranslate', article(), '-o', draft, '--force']);
    const rows = readFileSync(draft, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'));
    const at = rows[0]!.indexOf('tm_en');
    writeFileSync(draft, `${rows.map((r) => r.filter((_, i) => i !== at).join('\t')).join('\n')}\n`);
    // Segment 2's numbers are adapted again from the stored pair, as pretranslate did.
    expect(await kinds(draft)).toEqual(['unedited-fuzzy 1', 'unedited-fuzzy 2']);
  });
});
