// Where issue 16 (the desk's own check rules) meets issue 13 (trust): do-not-translate terms
// through trust's edits, accepted findings and unedited fuzzy suggestions, term rules and
// acceptances in change sets, and who may set them once the TM has reviewers.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectRefusal, snapshotDb, tempDir } from '../helpers/cli.js';
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

interface Change {
  id: number;
  command: string;
  by: string;
  pairs: number;
  detail: Record<string, unknown> | null;
}
const changes = async (): Promise<Change[]> => (await json(['changes'])).changes;
const compounds = async (term: string) => (await json(['terms', term])).terms[0].compounds as string;

/** A draft with one finding: the false friend "trainer" left in the English. */
const DRAFT = 'De trainer is ontslagen.\tThe trainer has been sacked.\n';
const findingIds = async (): Promise<string[]> => (await json(['check', '-', '--no-exit-code'], DRAFT)).issues.map((i: { id: string }) => i.id);

describe('term rules and accepted findings are change sets', () => {
  it('a rules change alone is a change set of its own, and undo puts the rules back (and undo of the undo again)', async () => {
    await ok(['add', '--term', 'raad', 'council']);
    await ok(['add', '--term', 'raad', 'council', '--in-compounds', 'last', '--by', 'anna']);
    const [rules] = await changes();
    expect(rules).toMatchObject({ command: 'add', by: 'anna', pairs: 0 });
    expect(rules!.detail).toMatchObject({
      termRules: [{ source: 'raad', before: { matchCase: false, compounds: 'both' }, after: { matchCase: false, compounds: 'last' } }],
    });
    expect((await ok(['changes'])).stdout).toMatch(/rules of “raad”/);
    const undo = await json(['undo', String(rules!.id)]);
    expect(await compounds('raad')).toBe('both');
    await json(['undo', String(undo.change)]);
    expect(await compounds('raad')).toBe('last');
  });

  it('an undo does not overwrite rules changed since', async () => {
    await ok(['add', '--term', 'raad', 'council', '--in-compounds', 'last']);
    await ok(['add', '--term', 'raad', 'council', '--in-compounds', 'none']);
    const [, first] = await changes();
    const before = snapshotDb(db);
    expectRefusal(await ntm(['undo', String(first!.id)]), /rules of “raad” were changed again after change set #\d+/);
    expect(snapshotDb(db)).toBe(before);
  });

  it('undo of an import takes back the term rules it brought with its pairs', async () => {
    await ok(['add', '--term', 'Rijk', 'State', '--match-case']);
    const tmx = join(dir, 'terms.tmx');
    await ok(['export', tmx, '--terms']);
    const other = join(dir, 'other.sqlite');
    expect((await cli(['--db', other, 'import', tmx])).status).toBe(0);
    const [imported] = JSON.parse((await cli(['--db', other, 'changes', '--json'])).stdout).changes as Change[];
    expect(imported).toMatchObject({ command: 'import', pairs: 1, detail: { termRules: [{ source: 'Rijk' }] } });
    expect((await cli(['--db', other, 'undo', String(imported!.id)])).status).toBe(0);
    const raw = new Database(other, { readonly: true });
    expect(raw.prepare(`SELECT count(*) FROM term_rules WHERE match_case = 1`).pluck().get()).toBe(0);
    raw.close();
  });

  it('accept and withdraw are change sets; undo withdraws or brings back the judgement as it was', async () => {
    await ok(['add', '--term', 'trainer', 'coach', '--forbid', 'trainer']);
    const [id] = await findingIds();
    await ok(['accept', id!, '--note', 'the shoes', '--by', 'anna']);
    const [accepted] = await changes();
    expect(accepted).toMatchObject({ command: 'accept', by: 'anna', pairs: 0, detail: { accepted: [id] } });
    expect((await ok(['changes'])).stdout).toMatch(/1 finding accepted/);
    const undo = await json(['undo', String(accepted!.id)]);
    expect(await findingIds()).toEqual([id]);
    await json(['undo', String(undo.change)]);
    expect(await findingIds()).toEqual([]);

    await ok(['accept', '--withdraw', id!, '--by', 'bert']);
    const [withdrawn] = await changes();
    expect(withdrawn).toMatchObject({ command: 'accept', by: 'bert', detail: { withdrawn: [{ id, by: 'anna', note: 'the shoes' }] } });
    await json(['undo', String(withdrawn!.id)]);
    expect((await json(['accept', '--list'])).accepted).toMatchObject([{ id, by: 'anna', note: 'the shoes' }]);
    // Withdrawn again: undoing the first acceptance would change nothing, and says so.
    await ok(['accept', '--withdraw', id!]);
    expectRefusal(await ntm(['undo', String(accepted!.id)]), /have been withdrawn or accepted again since; there is nothing to undo/);
  });

  it('check --accept records the findings it accepted as one change set', async () => {
    await ok(['add', '--term', 'trainer', 'coach', '--forbid', 'trainer']);
    const draft = join(dir, 'draft.tsv');
    writeFileSync(draft, DRAFT);
    await ok(['check', draft, '--accept', '--by', 'anna'], 'y\nthe shoes\n');
    const [session] = await changes();
    const accepted = ((await json(['accept', '--list'])).accepted as { id: string }[]).map((a) => a.id);
    expect(accepted).toHaveLength(1);
    expect(session).toMatchObject({ command: 'check --accept', by: 'anna', pairs: 0, detail: { accepted } });
  });
});

describe("once the TM has reviewers, the desk's check rules are theirs", () => {
  beforeEach(async () => {
    await ok(['reviewers', 'add', 'eindredactie', '--by', 'eindredactie']);
    await ok(['add', '--term', 'raad', 'council', '--by', 'eindredactie']);
    await ok(['add', '--term', 'trainer', 'coach', '--forbid', 'trainer', '--by', 'eindredactie']);
  });

  it('someone else may not set term rules, accept or withdraw findings, or undo them', async () => {
    const before = snapshotDb(db);
    expectRefusal(await ntm(['add', '--term', 'raad', 'council', '--in-compounds', 'last', '--by', 'junior']), /only a reviewer may set how a term is found/);
    const [id] = await findingIds();
    expectRefusal(await ntm(['accept', id!, '--by', 'junior']), /only a reviewer may accept findings/);
    const draft = join(dir, 'draft.tsv');
    writeFileSync(draft, DRAFT);
    const session = await ntm(['check', draft, '--accept', '--by', 'junior'], 'y\n\n');
    expectRefusal(session, /only a reviewer may accept findings/);
    expect(session.stdout).not.toMatch(/Accept 1\/1/);
    expect(snapshotDb(db)).toBe(before);

    await ok(['accept', id!, '--by', 'eindredactie']);
    const [accepted] = await changes();
    expectRefusal(await ntm(['accept', '--withdraw', id!, '--by', 'junior']), /only a reviewer may accept findings/);
    expectRefusal(await ntm(['undo', String(accepted!.id), '--by', 'junior']), /only a reviewer may undo it/);
    await ok(['undo', String(accepted!.id), '--by', 'eindredactie']);
  });

  it('a proposed import stores no term rules, and says so', async () => {
    const other = join(dir, 'desk.sqlite');
    await cli(['--db', other, 'add', '--term', 'Rijk', 'State', '--match-case']);
    const tmx = join(dir, 'desk.tmx');
    await cli(['--db', other, 'export', tmx, '--terms']);
    const r = await json(['import', tmx, '--by', 'junior']);
    expect(r.files[0]).toMatchObject({ imported: 1, rulesNotSet: 1 });
    expect((await ok(['import', tmx, '--by', 'junior'])).stdout).toMatch(/the rules of 1 term were not set: only a reviewer sets them/);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare(`SELECT count(*) FROM term_rules`).pluck().get()).toBe(0);
    raw.close();
  });
});
