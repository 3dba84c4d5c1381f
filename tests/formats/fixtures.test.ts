// Files other tools wrote (OmegaT, Okapi, Trados, translate-toolkit and others) are imported
// with the right counts, or refused with a precise reason. Always: the curated few committed in
// tests/fixtures/other-tools/. The wide walk over all of ../shared/fixtures runs where that
// folder exists, and must under CI. In-process through the same functions the CLI uses; a
// handful also through the CLI.
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { openUnits } from '../../src/formats/detect.js';
import type { LanguagePair } from '../../src/formats/languages.js';
import { asyncTransaction, importUnits, type ImportReport } from '../../src/store/import.js';
import { openStore } from '../../src/store/open.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';
import { FIXTURES, type FixtureExpectation, type Outcome } from './fixture-expectations.js';

const COMMITTED = join(ROOT, 'tests', 'fixtures', 'other-tools');
const WIDE = join(ROOT, '..', 'shared', 'fixtures');

async function importFixture(base: string, file: string, langs: LanguagePair, includeUnapproved = false): Promise<ImportReport | InputError> {
  const store = openStore(':memory:', { create: true });
  try {
    return await asyncTransaction(store.db, async () => {
      const { units } = await openUnits(createReadStream(join(base, file)), { file, langs, includeUnapproved });
      return importUnits(store.db, units, { kind: 'segment', by: 'tester' });
    });
  } catch (err) {
    if (err instanceof InputError) {
      // Refused means nothing written.
      expect((store.db.prepare('SELECT count(*) AS n FROM pairs').get() as { n: number }).n).toBe(0);
      return err;
    }
    throw err;
  } finally {
    store.close();
  }
}

function expectOutcome(got: ImportReport | InputError, want: Outcome, label: string): void {
  const file = label.split(' ')[0]!;
  if (typeof want === 'string') {
    expect(got, `${label} should be refused`).toBeInstanceOf(InputError);
    const message = (got as InputError).message;
    expect(message.startsWith(file)).toBe(true);
    expect(message).toContain(want);
    expect(message).not.toContain('\n');
  } else {
    expect(got, `${label}: ${(got as Error).message}`).not.toBeInstanceOf(InputError);
    const r = got as ImportReport;
    expect([r.imported, r.duplicates, r.skipped.length], label).toEqual(want);
    for (const s of r.skipped) expect(s.line, `${label}: ${s.reason}`).toBeGreaterThan(0);
  }
}

/** The files under `base` (tmx/, xliff/, tbx/), as `folder/name`. */
function filesIn(base: string): string[] {
  return ['tmx', 'xliff', 'tbx'].flatMap((d) => readdirSync(join(base, d)).map((f) => `${d}/${f}`)).sort();
}

/** Imports each file as Dutch–English, then in its own languages (and with unapproved units). */
async function expectAll(base: string, fixtures: readonly FixtureExpectation[]): Promise<void> {
  for (const f of fixtures) expectOutcome(await importFixture(base, f.file, { source: 'nl', target: 'en' }), f.nl, f.file);
  for (const f of fixtures.filter((x) => x.own)) {
    const langs = { source: f.own!.source, target: f.own!.target };
    expectOutcome(await importFixture(base, f.file, langs), f.own!.outcome, f.file);
    if (f.own!.unapproved) expectOutcome(await importFixture(base, f.file, langs, true), f.own!.unapproved, `${f.file} --include-unapproved`);
  }
}

describe('the fixtures other tools wrote (tests/fixtures/other-tools)', () => {
  const committed = filesIn(COMMITTED);

  it('are a few of each reader, each with its expectation', () => {
    const known = new Set(FIXTURES.map((f) => f.file));
    expect(committed.filter((f) => !known.has(f))).toEqual([]);
    for (const folder of ['tmx/', 'xliff/', 'tbx/']) expect(committed.filter((f) => f.startsWith(folder)).length, folder).toBeGreaterThanOrEqual(4);
  });

  it('import as Dutch–English or are refused with the reason, and read whole in their own languages', async () => {
    await expectAll(
      COMMITTED,
      FIXTURES.filter((f) => committed.includes(f.file)),
    );
  });

  it('through the CLI: a Dutch TBX imports its terms with forbidden renderings; foreign files exit 2 naming the file', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'tm.sqlite');
      const tbx = await cli(['--db', db, 'import', join(COMMITTED, 'tbx/medtronic_TBX.tbx'), '--json']);
      expect(tbx.status, tbx.stderr).toBe(0);
      expect(JSON.parse(tbx.stdout).files[0]).toMatchObject({ format: 'tbx', imported: 9, duplicates: 0 });
      const list = JSON.parse((await cli(['--db', db, 'list', '--terms', '--json'])).stdout) as { pairs: { target: string; status: string }[] };
      expect(
        list.pairs
          .filter((p) => p.status === 'forbidden')
          .map((p) => p.target)
          .sort(),
      ).toEqual(['audible notification', 'wireless alert', 'wireless alert']);
      const foreign = await cli(['--db', db, 'import', join(COMMITTED, 'xliff/SF-12-Test02.xlf')]);
      expect(foreign.status).toBe(2);
      expect(foreign.stderr.trim().split('\n')).toHaveLength(1);
      expect(foreign.stderr).toMatch(/SF-12-Test02\.xlf: has no Dutch \(nl\) text in any of its \d+ units \(its languages: .+\); nothing imported/);
      const utf16 = await cli(['--db', db, 'import', join(COMMITTED, 'tmx/ImportTest2A.tmx'), '--source-lang', 'EN_us', '--target-lang', 'fr', '--json']);
      expect(utf16.status, utf16.stderr).toBe(0);
      expect(JSON.parse(utf16.stdout).files[0]).toMatchObject({ format: 'tmx', imported: 7 });
    } finally {
      cleanup();
    }
  });
});

describe('the wide walk over ../shared/fixtures', () => {
  it('imports every file as the table says (where the folder exists; CI must have it)', async () => {
    if (!existsSync(WIDE)) {
      expect(process.env.CI, `CI must run the wide fixture walk: ${WIDE} is missing`).not.toBe('true');
      console.warn(`wide fixture walk not run: ${WIDE} is not here (the ${filesIn(COMMITTED).length} committed fixtures were checked)`);
      return;
    }
    expect(FIXTURES.map((f) => f.file).sort()).toEqual(filesIn(WIDE));
    // The committed few are copies, byte for byte, so that one table speaks for both.
    for (const f of filesIn(COMMITTED)) expect(readFileSync(join(COMMITTED, f)).equals(readFileSync(join(WIDE, f))), f).toBe(true);
    await expectAll(WIDE, FIXTURES);
  });
});
