// ntm check, terms and conflicts as a user runs them, in-process: a temp TM, exit statuses.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, snapshotDb, tempDir, expectRefusal } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let db: string;
let cleanup: () => void;
const run = (args: string[], input?: string) => cli(['--db', db, ...args], { input });
const SAMPLE_TM = join(ROOT, 'data', 'hasaka-2022.tsv');
const SAMPLE_DRAFT = join(ROOT, 'data', 'hasaka-2022-draft.tsv');

/** The sample TM, imported once; each test works on its own copy. */
let seed: { dir: string; cleanup: () => void };
beforeAll(async () => {
  seed = tempDir();
  expect((await cli(['--db', join(seed.dir, 'tm.sqlite'), 'import', SAMPLE_TM])).status).toBe(0);
});
afterAll(() => seed.cleanup());
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
  copyFileSync(join(seed.dir, 'tm.sqlite'), db);
});
afterEach(() => cleanup());

describe('ntm check', () => {
  it('finds every planted problem of the sample draft, in SPEC JSON, and exits 1', async () => {
    const r = await run(['check', SAMPLE_DRAFT, '--json']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ segments: 20, issues: doc.issues.length });
    const kinds = new Set(doc.issues.map((i: { kind: string }) => i.kind));
    expect([...kinds].sort()).toEqual(['forbidden-term', 'inconsistent-target', 'number-mismatch', 'term-missing', 'tm-deviation']);
    expect(doc.issues).toContainEqual(
      expect.objectContaining({
        kind: 'forbidden-term',
        segment: 5,
        term: 'Koerdische strijdkrachten',
        expected: ['Kurdish forces'],
        found: 'Kurdish armed forces',
        message: expect.stringContaining('Kurdish forces'),
      }),
    );
    for (const i of doc.issues) {
      expect(typeof i.segment).toBe('number');
      expect(typeof i.message).toBe('string');
    }
  });

  it('prints a report grouped by segment with a summary, without colour off a terminal', async () => {
    const r = await run(['check', SAMPLE_DRAFT]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Segment 4 \(line 5\)$/m);
    expect(r.stdout).toContain('the [ISIS fighters] detonated');
    expect(r.stdout).toMatch(/Checked 20 segments: \d+ issues in \d+ segments \(/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('colours the report on request (FORCE_COLOR) and never with --no-color', async () => {
    const coloured = await cli(['--db', db, 'check', SAMPLE_DRAFT], { env: { FORCE_COLOR: '1' } });
    expect(coloured.stdout).toMatch(/\u001b\[/);
    expect(coloured.stdout).not.toContain('[ISIS fighters]');
    const plain = await cli(['--db', db, '--no-color', 'check', SAMPLE_DRAFT], { env: { FORCE_COLOR: '1' } });
    expect(plain.stdout).not.toMatch(/\u001b\[/);
  });

  it('exits 0 with --no-exit-code, and 0 on a clean draft', async () => {
    expect((await run(['check', SAMPLE_DRAFT, '--no-exit-code'])).status).toBe(0);
    const clean = join(dir, 'clean.tsv');
    writeFileSync(clean, 'Er vielen zeventien doden bij de luchtaanvallen.\tSeventeen people were killed in the air strikes.\n');
    const r = await run(['check', clean]);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('Checked 1 segment: no issues.');
  });

  it('reads two line-aligned files, and standard input', async () => {
    writeFileSync(join(dir, 'nl.txt'), 'De autobom ontplofte.\n\nBeeld EPA\n');
    writeFileSync(join(dir, 'en.txt'), 'The auto bomb exploded.\n\nPhoto EPA\n');
    const r = await run(['check', '--source', join(dir, 'nl.txt'), '--target', join(dir, 'en.txt'), '--json']);
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).issues.map((i: { kind: string; segment: number }) => [i.kind, i.segment])).toEqual([['forbidden-term', 1]]);
    const piped = await run(['check', '-', '--json'], 'De autobom ontplofte.\tThe car bomb exploded.\n');
    expect(piped.status, piped.stderr).toBe(0);
    expect(JSON.parse(piped.stdout)).toEqual({ issues: [], summary: expect.objectContaining({ segments: 1, issues: 0 }) });
  });

  it('leaves out ignored kinds', async () => {
    const r = await run(['check', SAMPLE_DRAFT, '--json', '--ignore', 'forbidden-term', '--ignore', 'number-mismatch']);
    const kinds = new Set(JSON.parse(r.stdout).issues.map((i: { kind: string }) => i.kind));
    expect(kinds.has('forbidden-term') || kinds.has('number-mismatch')).toBe(false);
    expect(kinds.has('term-missing')).toBe(true);
  });

  it('is silenced by approving a rendering as a term variant', async () => {
    const draft = join(dir, 'd.tsv');
    writeFileSync(draft, 'Zwaarbewapende militanten vielen aan.\tHeavily-armed gunmen attacked.\n');
    expect((await run(['check', draft])).status).toBe(1);
    expect((await run(['add', '--term', 'zwaarbewapende militanten', 'heavily armed gunmen'])).status).toBe(0);
    expect((await run(['check', draft])).status).toBe(0);
  });

  it('refuses bad input with one line on stderr and exit 2, leaving the TM unchanged', async () => {
    const before = snapshotDb(db);
    writeFileSync(join(dir, 'nl.txt'), 'Een.\nTwee.\n');
    writeFileSync(join(dir, 'en.txt'), 'One.\n');
    expectRefusal(await run(['check', '--source', join(dir, 'nl.txt'), '--target', join(dir, 'en.txt')]), /nl\.txt has 2 lines but .*en\.txt has 1/);
    writeFileSync(join(dir, 'bad.tsv'), 'Een zin zonder vertaling\n');
    expectRefusal(await run(['check', join(dir, 'bad.tsv')]), /bad\.tsv:1: expected 2 columns/);
    writeFileSync(join(dir, 'draft.xlf'), '<xliff version="1.2"/>');
    expectRefusal(await run(['check', join(dir, 'draft.xlf')]), /draft\.xlf: holds no translation units; nothing to read/);
    writeFileSync(join(dir, 'terms.tbx'), '<martif type="TBX"><text><body/></text></martif>');
    expectRefusal(await run(['check', join(dir, 'terms.tbx')]), /terms\.tbx: is a TBX termbase, not a draft/);
    expectRefusal(await run(['check', join(dir, 'missing.tsv')]), /no such file/);
    expectRefusal(await run(['check']), /Nothing to check/);
    expectRefusal(await run(['check', '-'], ''), /no segments/);
    expectRefusal(await run(['check', SAMPLE_DRAFT, '--ignore', 'typos']), /--ignore takes an issue kind/);
    expect(snapshotDb(db)).toBe(before);
  });

  it('says how to fill a missing TM and creates none', async () => {
    const missing = join(dir, 'none.sqlite');
    const r = await cli(['--db', missing, 'check', SAMPLE_DRAFT]);
    expectRefusal(r, /No translation memory/);
  });
});

describe('ntm terms and ntm conflicts', () => {
  it('lists terms with approved and rejected renderings, filtered, as text and JSON', async () => {
    const r = await run(['terms', 'kalifaat']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^zelfbenoemde kalifaat$/m);
    expect(r.stdout).toMatch(/✓ self-proclaimed caliphate {2}#\d+/);
    expect(r.stdout).toMatch(/✗ so-called caliphate/);
    expect(r.stdout).toMatch(/note: Desk style/);
    const doc = JSON.parse((await run(['terms', '--json'])).stdout);
    expect(doc.terms).toHaveLength(24);
    expect(doc.terms.find((t: { source: string }) => t.source === 'luchtaanvallen')).toMatchObject({
      approved: [{ target: 'air strikes' }, { target: 'airstrikes' }],
      forbidden: [{ target: 'air attacks' }],
    });
  });

  it('lists sources with more than one approved target, and none when clean', async () => {
    expect((await run(['conflicts'])).stdout).toMatch(/No conflicts/);
    await run(['add', 'Beeld EPA', 'Picture EPA']);
    const r = await run(['conflicts']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Beeld EPA$/m);
    expect(r.stdout).toContain('Photo EPA');
    expect(r.stdout).toContain('Picture EPA');
    const doc = JSON.parse((await run(['conflicts', '--json'])).stdout);
    expect(doc.total).toBe(1);
    expect(doc.conflicts[0].targets.map((t: { target: string }) => t.target)).toEqual(['Photo EPA', 'Picture EPA']);
    // Terms with several approved renderings are by design, listed only when asked.
    expect(JSON.parse((await run(['conflicts', '--terms', '--json'])).stdout).total).toBeGreaterThan(0);
  });
});
