// Where issue 16 (the desk's own check rules) meets issue 13 (trust): do-not-translate terms
// through trust's edits, accepted findings and unedited fuzzy suggestions, term rules and
// acceptances in change sets, and who may set them once the TM has reviewers.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let db: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
});
afterEach(() => cleanup());

const ntm = (args: string[], input?: string) => cli(['--db', db, ...args], { input });
async function ok(args: string[], input?: string) {
  const r = await ntm(args, input);
  expect(r.status, r.stderr).toBe(0);
  return r;
}
const json = async (args: string[], input?: string) => JSON.parse((await ok([...args, '--json'], input)).stdout);

describe('a do-not-translate term through edit, delete and restore, replace and doctor --repair', () => {
  it('stays a valid term: its English may equal its Dutch however it is changed', async () => {
    const id = (await json(['add', '--term', 'Rijkswaterstaat', 'Rijkswaterstaat'])).pair.id as number;
    await ok(['edit', String(id), '--note', 'the agency; never translated']);
    await ok(['delete', String(id)]);
    await ok(['restore', String(id)]);
    // The desk stops translating a name: the English becomes the Dutch.
    await ok(['add', '--term', 'Prinsjesdag', "Prince's Day"]);
    const replaced = await json(['replace', "Prince's Day", 'Prinsjesdag', '--terms']);
    expect(replaced.skipped).toEqual([]);
    expect((await json(['terms', 'Prinsjesdag'])).terms[0].approved.map((r: { target: string }) => r.target)).toEqual(['Prinsjesdag']);
    // A control character an older ntm let in: cleaned, not deleted.
    const raw = new Database(db);
    raw.prepare(`UPDATE pairs SET target = 'Rijkswaterstaat\u0007' WHERE id = ?`).run(id);
    raw.close();
    expect((await json(['doctor', '--repair'])).unsafeText).toMatchObject({ cleaned: 1, deleted: 0 });
    expect(await json(['show', String(id)])).toMatchObject({ target: 'Rijkswaterstaat', note: 'the agency; never translated' });
  });
});

describe('an accepted unedited-fuzzy finding', () => {
  it('leaves check, but approve still stores the fuzzy suggestion only with --accept-fuzzy', async () => {
    await ok(['add', 'Het KNMI heeft code oranje afgegeven voor de hele provincie.', 'The KNMI has issued code orange for the whole province.']);
    const article = join(dir, 'knmi.txt');
    const draft = join(dir, 'knmi.tsv');
    writeFileSync(article, 'Het KNMI heeft code rood afgegeven voor de hele provincie.\n');
    await ok(['pretranslate', article, '-o', draft]);
    const found = (await json(['check', draft, '--no-exit-code'])).issues as { kind: string; id: string; severity: string }[];
    const fuzzy = found.find((i) => i.kind === 'unedited-fuzzy')!;
    expect(fuzzy.severity).toBe('error');
    await ok(['accept', fuzzy.id, '--note', 'checked']);
    expect((await json(['check', draft, '--no-exit-code'])).issues.map((i: { kind: string }) => i.kind)).not.toContain('unedited-fuzzy');

    const refused = await ntm(['approve', draft]);
    expect(refused.status).toBe(1);
    expect(refused.stderr + refused.stdout).toMatch(/--accept-fuzzy/);
    expect((await json(['stats'])).segments).toBe(1);
    await ok(['approve', draft, '--accept-fuzzy']);
    expect((await json(['stats'])).segments).toBe(2);
  });
});
