// Issue 16, as a desk editor reproduced it: rules every desk has (names it never translates,
// false friends, case, where a term may stand in a compound, times) and no alarm twice. Each
// case runs through the real CLI in-process.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal, snapshotDb, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

interface JsonIssue {
  kind: string;
  segment: number;
  term?: string;
  found?: string;
  message: string;
  severity: string;
  id: string;
  number?: string;
}

let dir: string;
let cleanup: () => void;
let db: string;
const ntm = (args: string[], input?: string) => cli(['--db', db, ...args], { input });

/** Checks a draft of nl<TAB>en lines and returns the issues of the JSON report. */
async function check(lines: [string, string][], ...args: string[]): Promise<JsonIssue[]> {
  const r = await ntm(['check', '-', '--json', '--no-exit-code', ...args], lines.map(([nl, en]) => `${nl}\t${en}\n`).join(''));
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout).issues;
}
const kinds = (issues: JsonIssue[]) => issues.map((i) => [i.segment, i.kind, i.term ?? i.number ?? i.found]);

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
  for (const args of [
    ['Rijkswaterstaat', 'Rijkswaterstaat'],
    ['trainer', 'coach', '--forbid', 'trainer'],
    ['minister-president', 'prime minister', '--forbid', 'minister-president'],
    ['Rijk', 'State', '--match-case'],
    ['spits', 'striker', '--in-compounds', 'none'],
    ['college', 'municipal executive', '--in-compounds', 'none'],
    ['raad', 'council', '--in-compounds', 'last'],
    ['Kamer', 'House', '--match-case'],
  ]) {
    const r = await ntm(['add', '--term', ...args]);
    expect(r.status, r.stderr).toBe(0);
  }
});
afterAll(() => cleanup());

describe('do-not-translate terms and false friends', () => {
  it('stores a name whose English is its Dutch, and check then expects it unchanged', async () => {
    const r = await ntm(['add', 'Rijkswaterstaat', 'Rijkswaterstaat', '--term']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Already stored: term .*#1/);
    const issues = await check([
      ['Rijkswaterstaat sluit de A12 dit weekend.', 'Rijkswaterstaat is closing the A12 this weekend.'],
      ['Rijkswaterstaat sluit de A12 dit weekend.', 'The Directorate-General for Public Works is closing the A12 this weekend.'],
    ]);
    expect(kinds(issues.filter((i) => i.kind === 'term-missing'))).toEqual([[2, 'term-missing', 'Rijkswaterstaat']]);
    expect(issues.find((i) => i.kind === 'term-missing')!.message).toMatch(/Rijkswaterstaat.*not translated|keep .*Rijkswaterstaat/i);
  });

  it('still refuses a sentence whose English is its Dutch', async () => {
    const before = snapshotDb(db);
    expectRefusal(await ntm(['add', 'De trein vertrekt.', 'De trein vertrekt.']), /same as the Dutch/);
    expect(snapshotDb(db)).toBe(before);
  });

  it('forbids a false friend and an untranslated term, even though they equal the Dutch', async () => {
    const issues = await check([
      ['De trainer van Ajax is ontslagen.', 'The Ajax trainer has been sacked.'],
      ['De minister-president opent de vergadering.', 'The minister-president opens the meeting.'],
      ['De trainer van PSV blijft aan.', 'The PSV coach is staying on.'],
    ]);
    expect(kinds(issues)).toEqual([
      [1, 'forbidden-term', 'trainer'],
      [2, 'forbidden-term', 'minister-president'],
    ]);
    expect(issues[0]!.message).toBe('“trainer” keeps the Dutch word, which the desk rejected: write “coach”.');
    expect(issues[0]!.severity).toBe('error');
  });
});

describe('case and compounds', () => {
  it('keeps the State apart from rich countries, a rich man and Rijkswaterstaat', async () => {
    const issues = await check([
      ['Rijke landen moeten meer doen.', 'Rich countries must do more.'],
      ['Hij is een rijk man.', 'He is a rich man.'],
      ['Gisteren sloot Rijkswaterstaat de weg.', 'Yesterday Rijkswaterstaat closed the road.'],
      ['Het is belangrijk dat Frankrijk meedoet.', 'It is important that France takes part.'],
      ['De Rijksoverheid betaalt de helft.', 'The government pays half.'],
    ]);
    expect(kinds(issues)).toEqual([[5, 'term-missing', 'Rijk']]);
    // The suggested fix never proposes "rich" for the State.
    expect(issues[0]!.message).not.toContain('rich');
  });

  it('does not find a term where the desk said it may not stand in a compound', async () => {
    const issues = await check([
      ['De ochtendspits was druk.', 'The morning rush hour was busy.'],
      ['Het hoorcollege begon om negen uur.', 'The lecture began at nine.'],
      ['De openbare raadpleging is gesloten.', 'The public consultation has closed.'],
      ['De gemeenteraad stemde in.', 'The city council agreed.'],
      ['De spits scoorde twee keer.', 'The forward scored twice.'],
      ['Er zaten drie Kamerleden in de hotelkamer.', 'There were three MPs in the hotel room.'],
    ]);
    expect(kinds(issues)).toEqual([
      [5, 'term-missing', 'spits'],
      [6, 'term-missing', 'Kamer'],
    ]);
  });

  it('says how a term is found, and refuses the rules without --term', async () => {
    const r = await ntm(['add', '--term', 'Eerste Kamer', 'Senate', '--match-case', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rules).toEqual({ matchCase: true, compounds: 'both' });
    const again = await ntm(['add', '--term', 'Eerste Kamer', 'Senate', '--in-compounds', 'none']);
    expect(again.stdout).toMatch(/Already stored: term #\d+\. Nothing changed\.\n.*now found only in this case, as a whole word only/);
    expectRefusal(await ntm(['add', 'kamer', 'room', '--match-case']), /go with --term/);
    expectRefusal(await ntm(['add', '--term', 'kamer', 'room', '--in-compounds', 'middle']), /--in-compounds takes both, first, last, none/);
  });
});

describe('times, amounts and years', () => {
  it('reads 18.00 uur as 6pm, 20.00 as 8pm and anderhalf miljard as 1.5 billion', async () => {
    const issues = await check([
      ['De winkels sluiten om 18.00 uur.', 'The shops close at 6pm.'],
      ['Het debat begint om 20.00 uur.', 'The debate starts at 8pm.'],
      ['De trein vertrekt om 19.30 uur.', 'The train leaves at 7.30pm.'],
      ['Het kabinet trekt anderhalf miljard euro uit.', 'The cabinet is setting aside 1.5 billion euros.'],
    ]);
    expect(kinds(issues)).toEqual([]);
  });

  it('advises a year as a year, and a wrong time as a time', async () => {
    const issues = await check([
      ['Dat gebeurde in 2019.', 'That happened in 2018.'],
      ['De winkels sluiten om 18.00 uur.', 'The shops close at 5pm.'],
    ]);
    expect(kinds(issues)).toEqual([
      [1, 'number-mismatch', '2019'],
      [2, 'number-mismatch', '18.00 uur'],
    ]);
    expect(issues[0]!.message).toContain('“2019”');
    expect(issues[0]!.message).not.toContain('2,019');
    expect(issues[1]!.message).toMatch(/6pm|18:00/);
  });
});

describe('two line-aligned files', () => {
  it('refuses a blank line opposite text, naming both lines, and allows trailing blank lines', async () => {
    const nl = join(dir, 'nl.txt');
    const en = join(dir, 'en.txt');
    writeFileSync(nl, 'Eerste zin.\n\nDe raad vergadert.\nVierde zin.\n');
    writeFileSync(en, 'First sentence.\nSecond line.\nThe council meets.\nFourth sentence.\n');
    const r = await ntm(['check', '--source', nl, '--target', en]);
    expectRefusal(r, /nl\.txt line 2 is blank but .*en\.txt line 2 is not/);
    writeFileSync(nl, 'Eerste zin.\nDe raad vergadert.\n');
    writeFileSync(en, 'First sentence.\nThe council meets.\n\n\n');
    const ok = await ntm(['check', '--source', nl, '--target', en, '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).summary.segments).toBe(2);
  });
});

describe('untranslated', () => {
  it('reports English identical to the Dutch, but not names and numbers', async () => {
    const issues = await check([
      ['De trein vertrekt om acht uur.', 'De trein vertrekt om acht uur.'],
      ['Mark Rutte', 'Mark Rutte'],
      ['2-1', '2-1'],
      ['Rijkswaterstaat', 'Rijkswaterstaat'],
    ]);
    expect(kinds(issues)).toEqual([[1, 'untranslated', 'De trein vertrekt om acht uur.']]);
    expect(issues[0]!.severity).toBe('error');
  });
});

describe('accepted findings: no alarm twice', () => {
  const draft1: [string, string][] = [
    ['De trainers van Nike zijn uitverkocht.', 'The Nike trainers have sold out.'],
    ['Het kabinet trekt 3 miljard euro uit.', 'The cabinet is setting aside 4 billion euros.'],
  ];

  it('accepts a finding by its id; it is gone for that sentence in every draft, and listed with who, when and why', async () => {
    const first = await check(draft1);
    expect(kinds(first)).toEqual([
      [1, 'forbidden-term', 'trainer'],
      [2, 'number-mismatch', '3 miljard'],
    ]);
    const id = first[0]!.id;
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    const accepted = await ntm(['accept', id, '--note', 'trainers: the shoes, not the coach', '--by', 'eindredactie']);
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain(`Accepted ${id}`);

    // Another draft of the article: the same sentence elsewhere, a new sentence around it.
    const again = await check([['De koers van het aandeel daalde.', 'The share price fell.'], draft1[0]!]);
    expect(again).toEqual([]);
    const shown = await ntm(['check', '-', '--json', '--show-accepted', '--no-exit-code'], `${draft1[0]!.join('\t')}\n`);
    const doc = JSON.parse(shown.stdout);
    expect(doc.summary.accepted).toBe(1);
    expect(doc.accepted).toEqual([
      expect.objectContaining({ kind: 'forbidden-term', id, acceptedBy: 'eindredactie', acceptedNote: 'trainers: the shoes, not the coach' }),
    ]);
    const text = await ntm(['check', '-', '--show-accepted'], `${draft1[0]!.join('\t')}\n`);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/accepted by eindredactie on \d{4}-\d{2}-\d{2}: trainers: the shoes, not the coach/);

    // The same words in another sentence are another finding: reported.
    const other = await check([['De trainers van Nike zijn weer leverbaar.', 'The Nike trainers are back in stock.']]);
    expect(kinds(other)).toEqual([[1, 'forbidden-term', 'trainer']]);
    expect(other[0]!.id).not.toBe(id);
  });

  it('refuses an id with a typing slip, and withdraws an acceptance', async () => {
    const [issue] = await check([draft1[1]!]);
    const slip = issue!.id.slice(0, 11) + (issue!.id[11] === '0' ? '1' : '0');
    expectRefusal(await ntm(['accept', slip]), /Not a finding id/);
    expect((await ntm(['accept', issue!.id])).status).toBe(0);
    expect(await check([draft1[1]!])).toEqual([]);
    const withdrawn = await ntm(['accept', '--withdraw', issue!.id]);
    expect(withdrawn.stdout).toContain('is reported again');
    expect(kinds(await check([draft1[1]!]))).toEqual([[1, 'number-mismatch', '3 miljard']]);
  });

  it('accepts findings one by one with check --accept, reading the answers', async () => {
    const file = join(dir, 'draft-accept.tsv');
    writeFileSync(file, 'De trainers van Adidas zijn goedkoper.\tThe Adidas trainers are cheaper.\nOm 18.00 uur sluit de winkel.\tThe shop closes at 5pm.\n');
    const r = await ntm(['check', file, '--accept', '--by', 'anna'], 'y\nschoenen, geen coach\nn\n');
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/Accept 1\/2\? \[y\/N\/q\] y\n/);
    expect(r.stdout).toContain('Accepted 1 finding; 1 left in this draft.');
    const left = await ntm(['check', file, '--json', '--show-accepted', '--no-exit-code']);
    const doc = JSON.parse(left.stdout);
    expect(doc.issues.map((i: JsonIssue) => i.kind)).toEqual(['number-mismatch']);
    expect(doc.accepted).toEqual([expect.objectContaining({ kind: 'forbidden-term', acceptedBy: 'anna', acceptedNote: 'schoenen, geen coach' })]);
    const list = await ntm(['accept', '--list']);
    expect(list.stdout).toMatch(
      /anna, \d{4}-\d{2}-\d{2} {2}forbidden-term “trainer” found “trainers”\n {2}nl {2}De trainers van Adidas zijn goedkoper\.\n {2}why: schoenen, geen coach/,
    );
  });
});

describe('severities and --fail-on', () => {
  it('gives every finding a severity and fails only at the level asked', async () => {
    const draft =
      'De minister-president opent het debat.\tThe minister-president opens the debate.\nDe trainer van Feyenoord is ziek.\tThe Feyenoord coach is ill.\n';
    const warnOnly = 'De raad stemt vandaag.\tThe board votes today.\n';
    const doc = JSON.parse((await ntm(['check', '-', '--json', '--no-exit-code'], draft + warnOnly)).stdout);
    expect(doc.issues.map((i: JsonIssue) => [i.kind, i.severity])).toEqual([
      ['forbidden-term', 'error'],
      ['term-missing', 'warning'],
    ]);
    expect(doc.summary.bySeverity).toEqual({ error: 1, warning: 1 });
    expect((await ntm(['check', '-', '--fail-on', 'error'], warnOnly)).status).toBe(0);
    expect((await ntm(['check', '-'], warnOnly)).status).toBe(1);
    expect((await ntm(['check', '-', '--fail-on', 'error'], draft)).status).toBe(1);
    expect((await ntm(['check', '-', '--fail-on', 'none'], draft)).status).toBe(0);
    expectRefusal(await ntm(['check', '-', '--fail-on', 'fatal'], draft), /--fail-on takes error, warning, none/);
  });
});

describe('term rules travel with a TMX export', () => {
  it("exports a term's rules as properties and an import restores them, once", async () => {
    const tmx = join(dir, 'terms.tmx');
    expect((await ntm(['export', tmx, '--terms'])).status).toBe(0);
    const text = readFileSync(tmx, 'utf8');
    expect(text).toContain('<prop type="x-ntm-match-case">yes</prop>');
    expect(text).toContain('<prop type="x-ntm-compounds">last</prop>');
    const other = join(dir, 'other.sqlite');
    const imported = await cli(['--db', other, 'import', tmx]);
    expect(imported.status, imported.stderr).toBe(0);
    const terms = JSON.parse((await cli(['--db', other, 'terms', '--json'])).stdout).terms;
    const rules = (source: string) => terms.find((t: { source: string }) => t.source === source);
    expect(rules('Rijk')).toMatchObject({ matchCase: true, compounds: 'both' });
    expect(rules('raad')).toMatchObject({ matchCase: false, compounds: 'last' });
    expect(rules('Rijkswaterstaat')).toMatchObject({ approved: [expect.objectContaining({ target: 'Rijkswaterstaat' })] });
    const again = join(dir, 'again.tmx');
    expect((await cli(['--db', other, 'export', again, '--terms'])).status).toBe(0);
    expect(readFileSync(again, 'utf8').match(/x-ntm-compounds/g)).toHaveLength(text.match(/x-ntm-compounds/g)!.length);
  });
});
