// Reviewers, proposed pairs and ntm review, through the CLI.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let db: string;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
  for (const args of [
    ['add', 'De brand is geblust.', 'The fire has been put out.'],
    ['reviewers', 'add', 'desk', '--by', 'anyone'],
    ['add', 'Er is niemand gewond.', 'Nobody was hurt.', '--by', 'junior'],
    ['add', 'brand', 'fire', '--term', '--by', 'desk'],
    ['add', 'De brand is geblust.', 'The fire is out.', '--by', 'junior'],
  ]) {
    const r = await cli(['--db', db, ...args]);
    expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
});
afterAll(() => cleanup());

const run = (...args: string[]) => cli(['--db', db, ...args]);
const json = async (...args: string[]) => {
  const r = await run(...args, '--json');
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('reviewers and proposed pairs', () => {
  it('keeps the reviewers; only a reviewer adds another once there is one', async () => {
    expect((await json('reviewers', 'list')).reviewers.map((r: { name: string }) => r.name)).toEqual(['desk']);
    expectRefusal(await run('reviewers', 'add', 'junior', '--by', 'junior'), /only a reviewer may add reviewers/);
  });

  it("stores a non-reviewer's writes as proposed, lists them for review, and keeps them out of check", async () => {
    const listed = (await json('review')).pairs.map((p: { target: string; status: string; approvedBy: string }) => [p.target, p.status, p.approvedBy]);
    expect(listed).toEqual([
      ['Nobody was hurt.', 'proposed', 'junior'],
      ['The fire is out.', 'proposed', 'junior'],
    ]);
    // The desk's wording is what check holds a draft to: the proposal is a deviation.
    const check = await cli(['--db', db, 'check', '-', '--json'], { input: 'De brand is geblust.\tThe fire is out.\n' });
    expect(JSON.parse(check.stdout).issues.map((i: { kind: string }) => i.kind)).toEqual(['tm-deviation']);
    expectRefusal(await run('add', 'brand', 'blaze', '--term', '--forbid', 'flames', '--by', 'junior'), /only a reviewer may forbid/);
    expectRefusal(await run('edit', '1', '--target', 'The fire is out.', '--by', 'junior'), /only a reviewer may change it/);
  });

  it('lets only a reviewer accept or reject; a rejected pair comes back with restore', async () => {
    const proposed = (await json('review')).pairs.map((p: { id: number }) => p.id) as number[];
    expectRefusal(await run('review', 'accept', String(proposed[0]), '--by', 'junior'), /only a reviewer/);
    const accepted = await json('review', 'accept', String(proposed[0]), '--by', 'desk');
    expect(accepted.pairs[0]).toMatchObject({ status: 'approved', approvedBy: 'desk' });
    const rejected = await json('review', 'reject', String(proposed[1]), '--by', 'desk');
    expect(rejected.pairs[0].deletedAt).not.toBeNull();
    expect((await json('review')).pairs).toEqual([]);
    expect((await json('restore', String(proposed[1]), '--by', 'desk')).status).toBe('proposed');
    // Both decisions are change sets of their own, named after the command.
    const changes = (await json('changes', '--limit', '3')).changes.map((c: { command: string }) => c.command);
    expect(changes).toEqual(['restore', 'review reject', 'review accept']);
  });

  it('on a terminal, shows each proposed pair with the desk match and terms, and takes a key', async () => {
    const r = await cli(['--db', db, 'review', '--by', 'desk'], { tty: true, input: 'x\na\n', env: { NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Proposed 1 of 1 {2}#\d+ segment, by junior/);
    expect(r.stdout).toMatch(/nl {2}De brand is geblust\.\n {2}en {2}The fire is out\./);
    expect(r.stdout).toMatch(/desk +100% +#1 De brand is geblust\.\n +The fire has been put out\./);
    expect(r.stdout).toMatch(/term brand: ✓ fire/);
    expect(r.stdout).toMatch(/1 approved, 0 rejected, 0 skipped; 0 proposed pairs left\./);
    expect((await json('stats')).proposed).toBe(0);
  });

  it('makes every write approved again once the last reviewer is gone', async () => {
    expect((await run('reviewers', 'remove', 'desk', '--by', 'desk')).status).toBe(0);
    expect((await json('add', 'Het regent.', 'It is raining.', '--by', 'junior')).pair.status).toBe('approved');
  });
});
