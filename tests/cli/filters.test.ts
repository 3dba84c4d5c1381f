// Filters by article, approver, tag, date and status on lookup, concordance and list (#18),
// and concordance's whole-word and case-sensitive modes. A filter acts before lookup's
// --limit cut: the best admitted match is found even when unadmitted ones score as high.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let db: string;
const run = (args: string[]) => cli(['--db', db, ...args]);
const json = async (args: string[]) => {
  const r = await run([...args, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const targets = (doc: { matches?: { target: string }[]; pairs?: { target: string }[] }) => (doc.matches ?? doc.pairs)!.map((m) => m.target);

const PRISON = 'De gevangenis werd bestormd door IS-strijders.';

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
  const tsv = join(dir, 'tm.tsv');
  writeFileSync(
    tsv,
    `${[
      'nl\ten\tby\tat\tref\ttags',
      `${PRISON}\tThe prison was stormed by IS fighters.\tanna\t2022-01-24T10:00:00Z\thasaka-2022\tsyria`,
      `De gevangenis werd bestormd door IS-strijders!\tThe jail was stormed by IS militants!\tanna\t2022-01-25T10:00:00Z\thasaka-2022\tsyria`,
      `${PRISON}\tIS fighters stormed the jail.\tbob\t2023-05-02T08:00:00Z\tmosul-2023\tiraq`,
      'De Islamitische Staat eist de aanval op.\tIslamic State claims the attack.\tbob\t2023-05-02T09:00:00Z\tmosul-2023\tiraq',
      'Het is een crisis in de regio.\tIt is a crisis in the region.\tcees\t2024-02-01T09:00:00Z\tnos-1\t',
    ].join('\n')}\n`,
  );
  expect((await run(['import', tsv])).status).toBe(0);
  // A proposal waiting for a reviewer.
  expect((await run(['reviewers', 'add', 'anna', '--by', 'anna'])).status).toBe(0);
  expect((await run(['add', PRISON, 'The prison was taken by IS fighters.', '--by', 'dirk'])).status).toBe(0);
});
afterAll(() => cleanup());

describe('lookup filters', () => {
  it('finds the best admitted match even where an unadmitted one would fill --limit', async () => {
    // Unfiltered, the newest 100 % match (bob's) takes the one place; --by anna must still find anna's.
    expect(targets(await json(['lookup', PRISON, '--limit', '1']))).toEqual(['IS fighters stormed the jail.']);
    expect(targets(await json(['lookup', PRISON, '--limit', '1', '--by', 'anna']))).toEqual(['The prison was stormed by IS fighters.']);
    // The same below 100 %, where only the lookup's own ranking can find it.
    const fuzzy = PRISON.replace('.', '');
    expect(targets(await json(['lookup', fuzzy, '--limit', '1']))).toEqual(['IS fighters stormed the jail.']);
    const admitted = await json(['lookup', fuzzy, '--limit', '1', '--ref', 'hasaka-2022']);
    expect(admitted.matches.map((m: { target: string; score: number }) => [m.target, m.score])).toEqual([['The jail was stormed by IS militants!', 97]]);
  });

  it('by article, approver, tag, date and status', async () => {
    expect(targets(await json(['lookup', PRISON, '--ref', 'hasaka-2022']))).toEqual([
      'The prison was stormed by IS fighters.',
      'The jail was stormed by IS militants!',
    ]);
    expect(targets(await json(['lookup', PRISON, '--tag', 'iraq']))).toEqual(['IS fighters stormed the jail.']);
    // Approved before proposed at equal score.
    expect(targets(await json(['lookup', PRISON, '--since', '2023-01-01']))).toEqual(['IS fighters stormed the jail.', 'The prison was taken by IS fighters.']);
    expect(targets(await json(['lookup', PRISON, '--status', 'proposed']))).toEqual(['The prison was taken by IS fighters.']);
    expect(targets(await json(['lookup', PRISON, '--status', 'approved', '--ref', 'mosul-2023']))).toEqual(['IS fighters stormed the jail.']);
    const none = await run(['lookup', PRISON, '--ref', 'nos-1']);
    expect(none.stdout).toContain('No approved wording scores 70% or more among the pairs the filter admits.');
  });

  it('refuses a date or status that does not exist, with exit 2', async () => {
    expectRefusal(await run(['lookup', PRISON, '--since', '2024-02-30']), /--since takes a date/);
    expectRefusal(await run(['concordance', 'IS', '--status', 'maybe']), /--status takes approved, proposed, forbidden/);
  });
});

describe('concordance and list filters', () => {
  it('concordance by approver and date; list by article, approver and status', async () => {
    expect(targets(await json(['concordance', 'gevangenis', '--by', 'bob']))).toEqual(['IS fighters stormed the jail.']);
    expect(targets(await json(['concordance', 'gevangenis', '--since', '2022-01-25']))).toEqual([
      'The prison was taken by IS fighters.',
      'IS fighters stormed the jail.',
      'The jail was stormed by IS militants!',
    ]);
    expect(targets(await json(['list', '--ref', 'mosul-2023']))).toEqual(['Islamic State claims the attack.', 'IS fighters stormed the jail.']);
    expect(targets(await json(['list', '--by', 'cees']))).toEqual(['It is a crisis in the region.']);
    expect(targets(await json(['list', '--status', 'proposed']))).toEqual(['The prison was taken by IS fighters.']);
    expect(targets(await json(['list', '--tag', 'syria', '--since', '2022-01-25T00:00']))).toEqual(['The jail was stormed by IS militants!']);
  });
});

describe('concordance modes', () => {
  const sources = (doc: { pairs: { source: string }[] }) => doc.pairs.map((p) => p.source).sort();

  it('"IS" in any case anywhere by default; as a whole word and in that case with --whole-word --match-case', async () => {
    expect(sources(await json(['concordance', 'IS']))).toHaveLength(6);
    const exact = await json(['concordance', 'IS', '--whole-word', '--match-case']);
    expect(sources(exact)).toEqual([PRISON, PRISON, PRISON, 'De gevangenis werd bestormd door IS-strijders!'].sort());
    expect(exact.pairs.every((p: { source: string }) => !p.source.includes('Islamitische'))).toBe(true);
    expect(exact.pairs[0].spans).toEqual([{ start: 33, end: 35 }]);
  });

  it('--match-case alone leaves out "is" and "Islamitische"; --whole-word alone leaves out "Islamitische" and "crisis"', async () => {
    const cased = sources(await json(['concordance', 'IS', '--match-case']));
    expect(cased.every((s) => /\bIS-/.test(s))).toBe(true);
    const whole = sources(await json(['concordance', 'IS', '--whole-word']));
    expect(whole).toContain('Het is een crisis in de regio.');
    expect(whole).not.toContain('De Islamitische Staat eist de aanval op.');
    const shown = await run(['concordance', 'IS', '--whole-word', '--match-case', '--no-color']);
    expect(shown.stdout).toContain('door [IS]-strijders');
  });
});
