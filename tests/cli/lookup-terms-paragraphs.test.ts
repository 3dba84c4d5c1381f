// Where translators work (#18): the stored terms of the sentence beside every lookup (CLI,
// prompt, JSON, pretranslate's notes), forbidden renderings marked; and a pasted paragraph
// looked up sentence by sentence.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let db: string;
const run = (args: string[], input?: string) => cli(['--db', db, ...args], { input });

const PRISON = 'De gevangenis werd bestormd door IS-strijders.';
const CITY = 'In de stad waren explosies te horen.';
const SDF = 'De Koerdische strijdkrachten melden zeventien doden.';

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
  const tsv = join(dir, 'tm.tsv');
  writeFileSync(
    tsv,
    `${[
      'nl\ten\tkind\tstatus\tnote',
      `${PRISON}\tThe prison was stormed by IS fighters.\tsegment\tapproved\t`,
      `${CITY}\tExplosions could be heard in the city.\tsegment\tapproved\t`,
      'Koerdische strijdkrachten\tKurdish forces\tterm\tapproved\tThe SDF-led forces.',
      'Koerdische strijdkrachten\tKurdish armed forces\tterm\tforbidden\t',
      'gevangenis\tprison\tterm\tapproved\t',
    ].join('\n')}\n`,
  );
  const r = await run(['import', tsv]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => cleanup());

describe('terms with every match', () => {
  it('lookup shows the terms of the sentence, the forbidden rendering marked as forbidden', async () => {
    const r = await run(['lookup', SDF]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/term {2}Koerdische strijdkrachten → Kurdish forces {2}not: Kurdish armed forces \(forbidden\)/);
    expect(r.stdout).toContain('note: The SDF-led forces.');
  });

  it('JSON carries terms as {term, approved, forbidden}', async () => {
    const doc = JSON.parse((await run(['lookup', '--json', SDF])).stdout);
    expect(doc.terms).toEqual([
      expect.objectContaining({ term: 'Koerdische strijdkrachten', approved: ['Kurdish forces'], forbidden: ['Kurdish armed forces'] }),
    ]);
    const prison = JSON.parse((await run(['lookup', '--json', PRISON])).stdout);
    expect(prison.matches[0]).toMatchObject({ score: 100, target: 'The prison was stormed by IS fighters.' });
    expect(prison.terms.map((t: { term: string }) => t.term)).toEqual(['gevangenis']);
  });

  it('the prompt shows them too, and pretranslate names them in its notes', async () => {
    const i = await run(['lookup', '-i'], `${SDF}\n\n`);
    expect(i.stdout).toMatch(/term {2}Koerdische strijdkrachten → Kurdish forces/);
    const article = join(dir, 'article.txt');
    writeFileSync(article, `${SDF}\n`);
    const doc = JSON.parse((await run(['pretranslate', article, '--json'])).stdout);
    expect(doc.rows[0].note).toBe('terms: Koerdische strijdkrachten → Kurdish forces (not: Kurdish armed forces)');
  });
});

describe('a pasted paragraph', () => {
  it('is looked up sentence by sentence, one block each', async () => {
    const r = await run(['lookup', `${PRISON} ${CITY}`]);
    expect(r.status, r.stderr).toBe(0);
    const blocks = r.stdout.split('\n\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(new RegExp(`^› ${PRISON}\\n100%.*\\n.*\\n {6}en {2}The prison was stormed by IS fighters\\.`));
    expect(blocks[1]).toMatch(/^› In de stad waren explosies te horen\.\n100%/);
    expect(r.stdout).not.toContain('No approved wording');
  });

  it('gives one JSON object per sentence (JSON Lines), each with the one before as its context', async () => {
    const lines = (await run(['lookup', '--json', `${PRISON}\n${CITY}`])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.query, l.matches[0].score])).toEqual([
      [PRISON, 100],
      [CITY, 100],
    ]);
    expect(lines[1].prev).toBe(PRISON);
  });

  it('is taken by the prompt and from standard input too', async () => {
    const i = await run(['lookup', '-i'], `${PRISON} ${CITY}\n\n`);
    expect(i.stdout.match(/^100%/gm)).toHaveLength(2);
    expect(i.stdout).toContain(`› ${CITY}`);
    const piped = (await run(['lookup', '--json', '-'], `${PRISON} ${CITY}\n`)).stdout.trim().split('\n');
    expect(piped).toHaveLength(2);
  });
});
