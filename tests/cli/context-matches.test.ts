// In-context (ICE) matches (#18): of several 100 % matches, the one approved after the same
// previous sentence as the query's comes first and is shown as a context match — in lookup
// (--prev, or the sentence before in a pasted paragraph) and in pretranslate and analyze
// (the article's previous segment); conflicting 100 % matches are marked. The context comes
// from approve (the draft's previous segment) or a TMX file's x-context-pre.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let db: string;
const run = (args: string[], input?: string) => cli(['--db', db, ...args], { input });
const json = async (args: string[]) => {
  const r = await run([...args, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

const BEFORE = 'De brandweer rukte met zes wagens uit.';
const FIRE = 'Het vuur is geblust.';

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
  // The older translation was approved after BEFORE (memoQ writes x-context-pre); a newer,
  // different one has no context.
  const tmx = join(dir, 'fire.tmx');
  writeFileSync(
    tmx,
    `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="memoQ" creationtoolversion="9" datatype="plaintext" segtype="sentence" adminlang="en" srclang="nl" o-tmf="memoQ"/>
<body>
  <tu creationdate="20220301T100000Z" creationid="anna">
    <prop type="x-context-pre">${BEFORE}</prop>
    <tuv xml:lang="nl"><seg>${FIRE}</seg></tuv><tuv xml:lang="en"><seg>The fire has been put out.</seg></tuv>
  </tu>
</body></tmx>`,
  );
  expect((await run(['import', tmx])).status).toBe(0);
  expect((await run(['add', FIRE, 'The blaze is out.'])).status).toBe(0);
});
afterAll(() => cleanup());

describe('lookup', () => {
  it('marks conflicting 100 % matches and, without a context, puts the newest first', async () => {
    const doc = await json(['lookup', FIRE]);
    expect(doc.matches.map((m: { target: string; context: boolean; conflict: boolean }) => [m.target, m.context, m.conflict])).toEqual([
      ['The blaze is out.', false, true],
      ['The fire has been put out.', false, true],
    ]);
    expect((await run(['lookup', FIRE])).stdout).toContain('conflict: other approved translations exist');
  });

  it('--prev puts the match approved after that sentence first, even at --limit 1, shown as a context match', async () => {
    const doc = await json(['lookup', FIRE, '--prev', BEFORE, '--limit', '1']);
    expect(doc.matches).toEqual([expect.objectContaining({ target: 'The fire has been put out.', score: 100, context: true })]);
    expect(doc.prev).toBe(BEFORE);
    const shown = await run(['lookup', FIRE, '--prev', BEFORE]);
    expect(shown.stdout.split('\n')[0]).toMatch(/^100% {2}#1 segment {2}context match {2}conflict/);
  });

  it('in a pasted paragraph the sentence before is the context', async () => {
    const [first, second] = (await run(['lookup', '--json', `${BEFORE} ${FIRE}`])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(first.query).toBe(BEFORE);
    expect(second.matches[0]).toMatchObject({ target: 'The fire has been put out.', context: true });
  });
});

describe('pretranslate, analyze and export', () => {
  it('pretranslate takes the in-context match from the article and says so; analyze counts it as Context 100%', async () => {
    const article = join(dir, 'article.txt');
    writeFileSync(article, `${BEFORE} ${FIRE}\n${FIRE}\n`);
    const doc = await json(['pretranslate', article]);
    expect(doc.rows[1]).toMatchObject({ target: 'The fire has been put out.', match: 'exact' });
    expect(doc.rows[1].note).toMatch(/^context match; 2 approved translations of this sentence; #1, approved after the same sentence as here, is used/);
    const analysis = await json(['analyze', article]);
    expect(analysis.segments.map((s: { band: string }) => s.band)).toEqual(['none', 'context', 'repetition']);
  });

  it('TMX export writes the context as x-context-pre, and a TM imported from it knows it', async () => {
    const out = join(dir, 'out.tmx');
    expect((await run(['export', out])).status).toBe(0);
    const copy = join(dir, 'copy.sqlite');
    expect((await cli(['--db', copy, 'import', out])).status).toBe(0);
    const doc = JSON.parse((await cli(['--db', copy, 'lookup', FIRE, '--prev', BEFORE, '--limit', '1', '--json'])).stdout);
    expect(doc.matches[0]).toMatchObject({ target: 'The fire has been put out.', context: true });
  });

  it('approve records the previous segment of the draft as the context', async () => {
    const other = join(dir, 'other.tsv');
    writeFileSync(other, `nl\ten\nDe politie sloot de straat af.\tThe police closed the street.\n${FIRE}\tThe fire was extinguished.\n`);
    const r = await run(['approve', other, '--force']);
    expect(r.status, r.stderr).toBe(0);
    const doc = await json(['lookup', FIRE, '--prev', 'De politie sloot de straat af.', '--limit', '1']);
    expect(doc.matches[0]).toMatchObject({ target: 'The fire was extinguished.', context: true });
  });
});
