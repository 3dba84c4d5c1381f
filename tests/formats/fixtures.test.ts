// Every file in ../shared/fixtures (real exports of OmegaT, Okapi, Trados, translate-toolkit
// and others) is imported with the right counts, or refused with a precise reason. In-process
// through the same functions the CLI uses; a handful also through the real CLI.
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { openUnits } from '../../src/formats/detect.js';
import type { LanguagePair } from '../../src/formats/languages.js';
import { asyncTransaction, importUnits, type ImportReport } from '../../src/store/import.js';
import { openStore } from '../../src/store/open.js';
import { ntm, ROOT, tempDir } from '../helpers/cli.js';
import { FIXTURES, type Outcome } from './fixture-expectations.js';

const BASE = join(ROOT, '..', 'shared', 'fixtures');

async function importFixture(file: string, langs: LanguagePair, includeUnapproved = false): Promise<ImportReport | InputError> {
  const store = openStore(':memory:', { create: true });
  try {
    return await asyncTransaction(store.db, async () => {
      const { units } = await openUnits(createReadStream(join(BASE, file)), { file, langs, includeUnapproved });
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

describe('the fixtures other tools wrote', () => {
  it('has an expectation for every file, and a file for every expectation', () => {
    const files = ['tmx', 'xliff', 'tbx'].flatMap((d) => readdirSync(join(BASE, d)).map((f) => `${d}/${f}`)).sort();
    expect(FIXTURES.map((f) => f.file).sort()).toEqual(files);
  });

  it('imports each file as Dutch–English, or refuses it with the reason', async () => {
    for (const f of FIXTURES) expectOutcome(await importFixture(f.file, { source: 'nl', target: 'en' }), f.nl, f.file);
  });

  it('reads every unit of each file when asked for the languages it holds', async () => {
    for (const f of FIXTURES.filter((x) => x.own)) {
      const langs = { source: f.own!.source, target: f.own!.target };
      expectOutcome(await importFixture(f.file, langs), f.own!.outcome, f.file);
      if (f.own!.unapproved) expectOutcome(await importFixture(f.file, langs, true), f.own!.unapproved, `${f.file} --include-unapproved`);
    }
  });

  it('through the CLI: a Dutch TBX imports its terms with forbidden renderings; foreign files exit 2 naming the file', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'tm.sqlite');
      const tbx = ntm(['--db', db, 'import', join(BASE, 'tbx/medtronic_TBX.tbx'), '--json']);
      expect(tbx.status, tbx.stderr).toBe(0);
      expect(JSON.parse(tbx.stdout).files[0]).toMatchObject({ format: 'tbx', imported: 9, duplicates: 0 });
      const list = JSON.parse(ntm(['--db', db, 'list', '--terms', '--json']).stdout) as { pairs?: unknown[] } | unknown[];
      const pairs = (Array.isArray(list) ? list : (list.pairs ?? [])) as { source: string; target: string; status: string }[];
      expect(pairs.filter((p) => p.status === 'forbidden').map((p) => p.target).sort()).toEqual([
        'audible notification',
        'wireless alert',
        'wireless alert',
      ]);
      for (const file of ['xliff/SF-12-Test02.xlf']) {
        const r = ntm(['--db', db, 'import', join(BASE, file)]);
        expect(r.status).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/has no Dutch \(nl\) text in any of its \d+ units \(its languages: .+\); nothing imported/);
      }
      const utf16 = ntm(['--db', db, 'import', join(BASE, 'tmx/ImportTest2A.tmx'), '--source-lang', 'EN_us', '--target-lang', 'fr', '--json']);
      expect(utf16.status, utf16.stderr).toBe(0);
      expect(JSON.parse(utf16.stdout).files[0]).toMatchObject({ format: 'tmx', imported: 7 });
    } finally {
      cleanup();
    }
  });
});
