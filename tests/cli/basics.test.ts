// The CLI as a user runs it, in-process: a temp database, exit codes and output.
import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, snapshotDb, tempDir, expectRefusal } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
});
afterEach(() => cleanup());

const run = (args: string[], input?: string) => cli(['--db', db, ...args], { input });

describe('add and lookup', () => {
  it('finds a term by a longer query with the SPEC score (89 for "De Koerdische strijdkrachten")', async () => {
    const add = await run(['add', 'Koerdische strijdkrachten', 'Kurdish forces', '--term']);
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/Added term #1/);
    const r = await run(['lookup', 'De Koerdische strijdkrachten', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.query).toBe('De Koerdische strijdkrachten');
    expect(doc.matches).toHaveLength(1);
    expect(doc.matches[0]).toMatchObject({ id: 1, source: 'Koerdische strijdkrachten', target: 'Kurdish forces', score: 89, kind: 'term' });
  });

  it('says so when the same pair is added twice, and keeps one', async () => {
    await run(['add', 'autobom', 'car bomb', '--term']);
    const again = await run(['add', 'autobom', 'car bomb', '--term']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Already stored.*#1.*Nothing changed/);
    expect(JSON.parse((await run(['stats', '--json'])).stdout).pairs).toBe(1);
  });

  it('shows score, differences and target on a terminal-like output without colour', async () => {
    await run(['add', 'De Koerdische strijders verloren zeventien mensen.', 'The Kurdish fighters lost seventeen people.']);
    const r = await run(['lookup', 'De Koerdische strijders verloren achttien mensen.']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ 90%/); // d = 5, longer text 50: floor(100 × 45/50)
    expect(r.stdout).toContain('[-zeventien-]{+achttien+}');
    expect(r.stdout).toContain('The Kurdish fighters lost seventeen people.');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('colours only when asked to (FORCE_COLOR) and never with --no-color', async () => {
    await run(['add', 'autobom', 'car bomb']);
    const coloured = await cli(['--db', db, 'lookup', 'autobommen', '--min', '50'], { env: { FORCE_COLOR: '1' } });
    expect(coloured.stdout).toMatch(/\u001b\[/);
    const plain = await cli(['--db', db, '--no-color', 'lookup', 'autobommen', '--min', '50'], { env: { FORCE_COLOR: '1' } });
    expect(plain.stdout).not.toMatch(/\u001b\[/);
  });

  it('respects --min, --limit and --reverse', async () => {
    await run(['add', 'De gevangenis werd bestormd.', 'The prison was stormed.']);
    await run(['add', 'De gevangenis werd bewaakt.', 'The prison was guarded.']);
    const q = 'De gevangenis werd bestormd door militanten.';
    const all = JSON.parse((await run(['lookup', q, '--min', '50', '--json'])).stdout).matches;
    expect(all.map((m: { score: number }) => m.score)).toEqual([63, 54]);
    expect(JSON.parse((await run(['lookup', q, '--min', '60', '--json'])).stdout).matches).toHaveLength(1);
    expect(JSON.parse((await run(['lookup', q, '--min', '50', '--limit', '1', '--json'])).stdout).matches).toHaveLength(1);
    const rev = JSON.parse((await run(['lookup', '--reverse', 'The prison was guarded', '--json'])).stdout).matches;
    expect(rev[0]).toMatchObject({ source: 'De gevangenis werd bewaakt.', score: 95 });
  });

  it('answers one query a line from stdin, as JSON Lines with --json', async () => {
    await run(['add', 'autobom', 'car bomb', '--term']);
    await run(['add', 'luchtdekking', 'air cover', '--term']);
    const r = await run(['lookup', '-', '--json'], 'autobom\n\nluchtdekking\nonbekend woord\n');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.query)).toEqual(['autobom', 'luchtdekking', 'onbekend woord']);
    expect(lines.map((l) => l.matches.length)).toEqual([1, 1, 0]);
  });

  it('counts a use only with --use', async () => {
    await run(['add', 'autobom', 'car bomb', '--term']);
    await run(['lookup', 'autobom']);
    expect(JSON.parse((await run(['show', '1', '--json'])).stdout).usageCount).toBe(0);
    await run(['lookup', 'autobom', '--use']);
    expect(JSON.parse((await run(['show', '1', '--json'])).stdout).usageCount).toBe(1);
  });

  it('stores forbidden renderings with a term and shows them in the list', async () => {
    const r = await run(['add', 'zelfbenoemde kalifaat', 'self-proclaimed caliphate', '--term', '--forbid', 'so-called caliphate']);
    expect(r.status, r.stderr).toBe(0);
    const list = JSON.parse((await run(['list', '--terms', '--json'])).stdout).pairs;
    expect(list.map((p: { target: string; status: string }) => [p.target, p.status])).toEqual([
      ['so-called caliphate', 'forbidden'],
      ['self-proclaimed caliphate', 'approved'],
    ]);
    const lookup = JSON.parse((await run(['lookup', 'zelfbenoemde kalifaat', '--json'])).stdout).matches;
    expect(lookup.map((m: { target: string }) => m.target)).toEqual(['self-proclaimed caliphate']);
  });
});

describe('bad input is refused with one line, exit 2, and the database unchanged', () => {
  beforeEach(async () => {
    await run(['add', 'autobom', 'car bomb', '--term']);
  });

  it('empty or white-space-only text, and a source equal to its target', async () => {
    const before = snapshotDb(db);
    expectRefusal(await run(['add', '', 'car bomb']), /Dutch text is empty/);
    expectRefusal(await run(['add', 'autobom', '   ']), /English text is empty/);
    expectRefusal(await run(['add', 'Reuters', 'Reuters']), /same as the Dutch/);
    expectRefusal(await run(['lookup', ' \t ']), /empty/);
    expect(snapshotDb(db)).toBe(before);
  });

  it('a read command on a missing database says how to fill one and creates nothing', async () => {
    const missing = join(dir, 'nope', 'tm.sqlite');
    for (const cmd of [['lookup', 'autobom'], ['concordance', 'bom'], ['list'], ['stats'], ['show', '1']]) {
      expectRefusal(await cli(['--db', missing, ...cmd]), /No translation memory at .*ntm import/);
    }
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });

  it('a database from a newer ntm', async () => {
    const raw = new Database(db);
    raw.pragma('user_version = 99');
    raw.close();
    const before = snapshotDb(db);
    expectRefusal(await run(['add', 'luchtdekking', 'air cover']), /newer ntm \(schema 99/);
    expectRefusal(await run(['lookup', 'autobom']), /newer ntm/);
    expect(snapshotDb(db)).toBe(before);
  });

  it('an unknown option or command, and a bad option value', async () => {
    const before = snapshotDb(db);
    expectRefusal(await run(['add', 'luchtdekking', 'air cover', '--frobnicate']), /unknown option '--frobnicate'/);
    expectRefusal(await run(['lokup', 'autobom']), /unknown command 'lokup'/);
    expectRefusal(await run(['lookup', 'autobom', '--min', '120']), /--min takes a whole number from 0 to 100/);
    expectRefusal(await run(['show', 'twelve']), /not a pair id/);
    expect(snapshotDb(db)).toBe(before);
  });

  it('a malformed import file writes nothing, not even its good lines', async () => {
    const file = join(dir, 'bad.tsv');
    writeFileSync(file, 'luchtdekking\tair cover\ngevangenen\tprisoners\nkapotte regel zonder tab\n');
    const before = snapshotDb(db);
    expectRefusal(await run(['import', file]), /bad\.tsv:3: expected 2 columns/);
    expect(snapshotDb(db)).toBe(before);
  });

  it('a failed import into a new database leaves no database file behind', async () => {
    const fresh = join(dir, 'fresh.sqlite');
    const file = join(dir, 'bad.tsv');
    writeFileSync(file, 'alleen één kolom\n');
    expectRefusal(await cli(['--db', fresh, 'import', file]), /bad\.tsv:1/);
    expect(existsSync(fresh)).toBe(false);
  });

  it('a file that is not a database', async () => {
    const notDb = join(dir, 'notes.sqlite');
    writeFileSync(notDb, 'boodschappen: melk, brood\n'.repeat(50));
    expectRefusal(await cli(['--db', notDb, 'lookup', 'melk']), /not a SQLite database/);
  });
});

describe('import', () => {
  it('imports TSV in one go and reports duplicates and skipped lines with reasons', async () => {
    const file = join(dir, 'pairs.tsv');
    writeFileSync(file, ['autobom\tcar bomb', 'autobom\tcar bomb', 'leeg\t ', 'Reuters\tReuters', 'gevangenen\tprisoners', ''].join('\n'));
    const r = await run(['import', file, '--term', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout).files[0];
    // Reuters = Reuters is a do-not-translate term (issue 16), stored like any other.
    expect(rep).toMatchObject({ imported: 3, duplicates: 1 });
    expect(rep.skipped).toEqual([{ line: 3, reason: 'the English text is empty' }]);
    expect(JSON.parse((await run(['stats', '--json'])).stdout)).toMatchObject({ terms: 3, segments: 0 });
    const human = await run(['import', file, '--term']);
    expect(human.stdout).toMatch(/0 imported, 4 duplicates.*1 skipped/);
    expect(human.stdout).toMatch(/line 3: the English text is empty/);
  });

  it('reads pairs from standard input with -', async () => {
    const r = await run(['import', '-'], 'luchtdekking\tair cover\n');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/<stdin>: 1 imported/);
  });

  it('imports the sample TM in data/ whole', async () => {
    const r = await run(['import', join(ROOT, 'data', 'hasaka-2022.tsv'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout).files[0];
    expect(rep.skipped).toEqual([]);
    const s = JSON.parse((await run(['stats', '--json'])).stdout);
    expect(s.segments).toBeGreaterThanOrEqual(20);
    expect(s.terms).toBeGreaterThanOrEqual(15);
    expect(s.forbidden).toBeGreaterThan(0);
    const kal = JSON.parse((await run(['lookup', 'zelfbenoemde kalifaat', '--json'])).stdout).matches[0];
    expect(kal).toMatchObject({ target: 'self-proclaimed caliphate', score: 100, kind: 'term' });
  });
});

describe('concordance', () => {
  it('finds a phrase case-insensitively on either side, newest first, highlighted', async () => {
    await run(['add', 'Het zelfbenoemde kalifaat viel in 2019.', 'The self-proclaimed caliphate fell in 2019.']);
    await run(['add', 'Een kalifaatstrijder werd opgepakt.', 'A caliphate fighter was arrested.']);
    await run(['add', 'De gevangenis in Hasaka.', 'The prison in Hasaka.']);
    const r = JSON.parse((await run(['concordance', 'KALIFAAT', '--json'])).stdout);
    expect(r.pairs.map((p: { id: number }) => p.id)).toEqual([2, 1]);
    const t = JSON.parse((await run(['concordance', '--target', 'caliphate fighter', '--json'])).stdout);
    expect(t.pairs.map((p: { id: number }) => p.id)).toEqual([2]);
    expect((await run(['concordance', 'Kalifaat'])).stdout).toContain('zelfbenoemde [kalifaat] viel');
    expect(JSON.parse((await run(['concordance', 'kalifaat', '--limit', '1', '--json'])).stdout).pairs).toHaveLength(1);
  });
});

describe('edit, delete, restore, history', () => {
  it('edits keep the old version; deletes are undone by restore', async () => {
    await run(['add', 'Koerdische strijders', 'Kurdish warriors', '--by', 'anna']);
    const e = await run(['edit', '1', '--target', 'Kurdish fighters', '--note', 'desk style', '--by', 'bram', '--json']);
    expect(e.status, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout)).toMatchObject({ target: 'Kurdish fighters', note: 'desk style', changedBy: 'bram', approvedBy: 'anna' });
    const h = JSON.parse((await run(['history', '1', '--json'])).stdout).history;
    expect(h.map((x: { action: string }) => x.action)).toEqual(['add', 'edit']);
    expect(h[1].before.target).toBe('Kurdish warriors');
    expect((await run(['history', '1'])).stdout).toContain('target: "Kurdish warriors" → "Kurdish fighters"');

    const d = await run(['delete', '1']);
    expect(d.stdout).toContain('Undo with: ntm restore 1');
    expect(JSON.parse((await run(['lookup', 'Koerdische strijders', '--json'])).stdout).matches).toEqual([]);
    expect(JSON.parse((await run(['list', '--deleted', '--json'])).stdout).pairs[0].id).toBe(1);
    expect((await run(['restore', '1'])).status).toBe(0);
    expect(JSON.parse((await run(['lookup', 'Koerdische strijders', '--json'])).stdout).matches[0].target).toBe('Kurdish fighters');
  });

  it('refuses to edit or restore what does not exist', async () => {
    await run(['add', 'autobom', 'car bomb']);
    expectRefusal(await run(['edit', '9', '--target', 'x']), /no pair #9/);
    expectRefusal(await run(['restore', '1']), /not deleted/);
    expectRefusal(await run(['edit', '1']), /Nothing to change/);
  });
});

describe('help', () => {
  it('every command has --help with examples', async () => {
    for (const cmd of ['add', 'lookup', 'concordance', 'import', 'list', 'show', 'edit', 'delete', 'restore', 'history']) {
      const r = await cli([cmd, '--help']);
      expect(r.status, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/Examples?:/);
    }
    expect((await cli(['--help'])).stdout).toMatch(/Exit status: 0 success, 1 problems found, 2 bad usage/);
  });
});
