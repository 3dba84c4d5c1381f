// The article workflow with formatting: an HTML or Markdown article goes through pretranslate
// to an XLIFF draft with its bold, italic and links as tags, a translator fills it in (here:
// edits the XML as a CAT tool would save it), check reports a lost or added tag, approve
// stores the pairs, and finish writes the translated article with the formatting in place.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let db: string;
const at = (name: string) => join(dir, name);
const run = (...args: string[]) => cli(['--db', db, ...args]);

const ARTICLE = `<!doctype html>
<html><head><title>Aanval</title></head>
<body>
<h1>Aanval op de <b>gevangenis</b></h1>
<p>De <strong>Koerdische strijdkrachten</strong> melden zeventien doden. Volgens <a href="https://nos.nl/artikel/1">de NOS</a> is het rustig.</p>
<p>Beeld EPA</p>
</body></html>
`;

/** What a translator does in a CAT tool: each segment's target, tags where the English needs them. */
const TRANSLATIONS: Record<string, string> = {
  '1': 'Attack on the <g id="1" ctype="bold">prison</g>',
  '2': 'The <g id="2" ctype="bold">Kurdish forces</g> report seventeen dead.',
  '3': 'According to <g id="3" ctype="link">the NOS</g> it is quiet.',
};

function translate(draft: string, targets: Record<string, string>): string {
  let xml = draft;
  for (const [id, target] of Object.entries(targets)) {
    xml = xml.replace(
      new RegExp(`(<trans-unit id="${id}"[^>]*>\\s*<source>.*?</source>)(\\s*<target[^>]*>.*?</target>)?`, 's'),
      `$1\n        <target state="translated">${target}</target>`,
    );
  }
  return xml;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  db = at('tm.sqlite');
  expect((await run('add', 'Beeld EPA', 'Photo EPA')).status).toBe(0);
  expect((await run('add', '--term', 'Koerdische strijdkrachten', 'Kurdish forces')).status).toBe(0);
  writeFileSync(at('article.html'), ARTICLE);
  expect((await run('pretranslate', at('article.html'), '-o', at('draft.xlf'))).status).toBe(0);
});
afterAll(() => cleanup());

describe('an HTML article', () => {
  it('pretranslates to XLIFF with its formatting as <g> tags and the article in a skeleton', () => {
    const xml = readFileSync(at('draft.xlf'), 'utf8');
    expect(xml).toContain('datatype="html"');
    expect(xml).toMatch(/<header>\s*<skl><internal-file form="base64">[A-Za-z0-9+/=]+<\/internal-file><\/skl>/);
    expect(xml).toContain('<source>De <g id="2" ctype="bold">Koerdische strijdkrachten</g> melden zeventien doden.</source>');
    expect(xml).toContain('<source>Volgens <g id="3" ctype="link">de NOS</g> is het rustig.</source>');
  });

  it('comes back with bold and link in place: check is clean, approve stores it, finish writes the article', async () => {
    writeFileSync(at('done.xlf'), translate(readFileSync(at('draft.xlf'), 'utf8'), TRANSLATIONS));
    expect((await run('check', at('done.xlf'))).status).toBe(0);
    const approved = await run('approve', at('done.xlf'), '--json');
    expect(approved.status, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ approved: true, added: 3, uses: 1 });
    const lookup = JSON.parse((await run('lookup', 'Volgens de NOS is het rustig.', '--json')).stdout);
    expect(lookup.matches[0]).toMatchObject({ target: 'According to the NOS it is quiet.', score: 100 });

    const finished = await run('finish', at('done.xlf'), '-o', at('article-en.html'));
    expect(finished.status, finished.stderr).toBe(0);
    expect(finished.stdout).toMatch(/^Wrote .*article-en\.html: 4 segments of .*done\.xlf, formatting in place\.\n$/);
    expect(readFileSync(at('article-en.html'), 'utf8')).toBe(`<!doctype html>
<html><head><title>Aanval</title></head>
<body>
<h1>Attack on the <b>prison</b></h1>
<p>The <strong>Kurdish forces</strong> report seventeen dead. According to <a href="https://nos.nl/artikel/1">the NOS</a> it is quiet.</p>
<p>Photo EPA</p>
</body></html>
`);
  });

  it('a lost or an added tag is a tag-mismatch: check and approve report it, finish writes nothing', async () => {
    const lost = translate(readFileSync(at('draft.xlf'), 'utf8'), {
      ...TRANSLATIONS,
      '2': 'The Kurdish forces report seventeen dead.',
      '3': 'According to <g id="3">the NOS</g> it is <g id="9">quiet</g>.',
    });
    writeFileSync(at('lost.xlf'), lost);
    const check = await run('check', at('lost.xlf'), '--json');
    expect(check.status).toBe(1);
    const issues = JSON.parse(check.stdout).issues.filter((i: { kind: string }) => i.kind === 'tag-mismatch');
    expect(issues).toEqual([
      expect.objectContaining({
        segment: 2,
        code: '2',
        message: expect.stringMatching(/^The English lacks the bold on “Koerdische strijdkrachten” \(code 2\)/),
      }),
      expect.objectContaining({
        segment: 3,
        code: '9',
        found: 'quiet',
        message: expect.stringMatching(/^The English has the formatting on “quiet” \(code 9\), which the Dutch does not have/),
      }),
    ]);
    expect(issues[0].sourceSpan).toEqual({ start: 3, end: 28 });
    expect((await run('check', at('lost.xlf'))).stdout).toContain('tag-mismatch');

    expect((await run('approve', at('lost.xlf'))).status).toBe(1);

    const refused = await run('finish', at('lost.xlf'), '-o', at('lost.html'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/lost\.xlf:\d+: segment 2 lacks the bold tag 2 \(on “Koerdische strijdkrachten”\) of the Dutch\n/);
    expect(refused.stderr).toMatch(/segment 3 has the formatting tag 9 \(on “quiet”\), which the Dutch does not have\n/);
    expect(existsSync(at('lost.html'))).toBe(false);

    const forced = await run('finish', at('lost.xlf'), '-o', at('lost.html'), '--force');
    expect(forced.status).toBe(0);
    expect(readFileSync(at('lost.html'), 'utf8')).toContain(
      '<p>The Kurdish forces report seventeen dead. According to <a href="https://nos.nl/artikel/1">the NOS</a> it is quiet.</p>',
    );
  });

  it('an untranslated segment stops finish too; --force keeps the Dutch there', async () => {
    writeFileSync(at('half.xlf'), translate(readFileSync(at('draft.xlf'), 'utf8'), { '1': TRANSLATIONS['1']!, '2': TRANSLATIONS['2']! }));
    const r = await run('finish', at('half.xlf'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/segment 3 has no English yet/);
    const forced = await run('finish', at('half.xlf'), '--force');
    expect(forced.stdout).toContain('Volgens <a href="https://nos.nl/artikel/1">de NOS</a> is het rustig.');
  });
});

describe('a Markdown article', () => {
  it('keeps its marks: finish writes Markdown, or HTML when asked', async () => {
    writeFileSync(at('article.md'), '# De **gevangenis**\n\n- Volgens [de NOS](https://nos.nl) is het *rustig*.\n');
    expect((await run('pretranslate', at('article.md'), '-o', at('md.xlf'))).status).toBe(0);
    const xml = readFileSync(at('md.xlf'), 'utf8');
    expect(xml).toContain('datatype="x-markdown"');
    const done = translate(xml, {
      '1': 'The <g id="1">prison</g>',
      '2': 'According to <g id="2">the NOS</g> it is <g id="3">quiet</g>.',
    });
    writeFileSync(at('md-done.xlf'), done);
    const md = await run('finish', at('md-done.xlf'));
    expect(md.stdout).toBe('# The **prison**\n\n- According to [the NOS](https://nos.nl) it is *quiet*.\n');
    expect((await run('finish', at('md-done.xlf'), '-o', at('md-en.html'))).status).toBe(0);
    expect(readFileSync(at('md-en.html'), 'utf8')).toBe(
      '<h1>The <strong>prison</strong></h1>\n<ul>\n<li>According to <a href="https://nos.nl">the NOS</a> it is <em>quiet</em>.</li>\n</ul>\n',
    );
  });
});

describe('finish refuses', () => {
  it('a draft without a skeleton, an HTML article as Markdown, and overwriting without --force', async () => {
    writeFileSync(at('plain.txt'), 'Beeld EPA\n');
    expect((await run('pretranslate', at('plain.txt'), '-o', at('plain.xlf'))).status).toBe(0);
    const plain = await run('finish', at('plain.xlf'));
    expect(plain.status).toBe(2);
    expect(plain.stderr).toMatch(/plain\.xlf: has no article skeleton: only an XLIFF draft that "ntm pretranslate" wrote from an HTML or Markdown article/);
    writeFileSync(at('done2.xlf'), translate(readFileSync(at('draft.xlf'), 'utf8'), TRANSLATIONS));
    expect((await run('finish', at('done2.xlf'), '-o', at('x.md'))).stderr).toMatch(/is a draft of an HTML article: write it as \.html/);
    writeFileSync(at('exists.html'), 'mine');
    const exists = await run('finish', at('done2.xlf'), '-o', at('exists.html'));
    expect(exists.status).toBe(2);
    expect(readFileSync(at('exists.html'), 'utf8')).toBe('mine');
  });

  it('a TSV draft of a formatted article is plain text, and says where the formatting goes', async () => {
    const r = await run('pretranslate', at('article.html'), '-o', at('draft.tsv'));
    expect(r.stdout).toContain('This TSV draft is plain text: for the formatting (bold, italic, links) write an XLIFF draft, -o draft.xlf.');
    expect(readFileSync(at('draft.tsv'), 'utf8')).toContain('\tDe Koerdische strijdkrachten melden zeventien doden.\t');
  });
});

describe('tag-mismatch in drafts other tools wrote', () => {
  it('compares XLIFF 2.0 <pc>/<ph> and XLIFF 1.2 <bpt>/<ept>/<ph> codes by id, whatever their form', async () => {
    writeFileSync(
      at('other-2.xlf'),
      `<?xml version="1.0"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="nl" trgLang="en">
  <file id="f1">
    <unit id="u1"><segment state="translated">
      <source>De <pc id="1" type="fmt">gevangenis</pc> werd bestormd.<ph id="2"/></source>
      <target>The <pc id="1" type="fmt">prison</pc> was stormed.</target>
    </segment></unit>
    <unit id="u2"><segment state="translated">
      <source>In de stad waren <pc id="3">explosies</pc> te horen.</source>
      <target>Explosions could be heard in the <pc id="3">city</pc>.</target>
    </segment></unit>
  </file>
</xliff>
`,
    );
    const two = JSON.parse((await run('check', at('other-2.xlf'), '--json')).stdout);
    expect(two.issues.map((i: { kind: string; segment: number; code: string }) => [i.kind, i.segment, i.code])).toEqual([['tag-mismatch', 1, '2']]);

    writeFileSync(
      at('other-1.xlf'),
      `<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="x" source-language="nl" target-language="en" datatype="html"><body>
    <trans-unit id="1">
      <source>De <bpt id="1">&lt;b&gt;</bpt>gevangenis<ept id="1">&lt;/b&gt;</ept> werd bestormd.</source>
      <target>The prison was <bpt id="1">&lt;b&gt;</bpt>stormed<ept id="1">&lt;/b&gt;</ept><ph id="5">&lt;br/&gt;</ph>.</target>
    </trans-unit>
  </body></file>
</xliff>
`,
    );
    const one = JSON.parse((await run('check', at('other-1.xlf'), '--json', '--ignore', 'term-missing')).stdout);
    expect(one.issues).toEqual([
      expect.objectContaining({ kind: 'tag-mismatch', segment: 1, code: '5', message: expect.stringMatching(/^The English has the inline code \(code 5\)/) }),
    ]);
    expect((await run('check', at('other-1.xlf'), '--ignore', 'tag-mismatch')).status).toBe(0);
  });
});
