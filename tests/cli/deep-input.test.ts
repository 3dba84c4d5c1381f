// Input that nests deep (#14 items 5 and 6): thousands of inline elements in a TMX segment or
// an XLIFF draft, thousands of Markdown quote or list levels. A clear exit 2 naming the file
// (and line), or a correct result, within seconds: never a stack overflow or a memory blow-up.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

const nest = (open: string, close: string, depth: number, inner: string) => open.repeat(depth) + inner + close.repeat(depth);

it('a TMX segment with 5,000 nested inline elements is refused with its file and line', async () => {
  const file = join(dir, 'deep.tmx');
  writeFileSync(
    file,
    '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="nl" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>\n' +
      '<tu><tuv xml:lang="nl"><seg>Gewoon.</seg></tuv><tuv xml:lang="en"><seg>Plain.</seg></tuv></tu>\n' +
      `<tu><tuv xml:lang="nl"><seg>${nest('<hi>', '</hi>', 5000, 'diep')}</seg></tuv><tuv xml:lang="en"><seg>deep</seg></tuv></tu>\n` +
      '</body></tmx>\n',
  );
  const db = join(dir, 'tm.sqlite');
  expectRefusal(await cli(['--db', db, 'import', file]), new RegExp(`^ntm: ${file}:4: elements are nested more than 100 deep`));
  expect(existsSync(db)).toBe(false);
});

it('an XLIFF draft with 5,000 nested <g> is refused by check with its file and line', async () => {
  const file = join(dir, 'deep.xlf');
  writeFileSync(
    file,
    '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="nl" target-language="en" datatype="plaintext" original="a"><body>\n' +
      `<trans-unit id="1"><source>${nest('<g id="g">', '</g>', 5000, 'diep')}</source><target>deep</target></trans-unit>\n` +
      '</body></file></xliff>\n',
  );
  const db = join(dir, 'check.sqlite');
  expect((await cli(['--db', db, 'add', 'autobom', 'car bomb'])).status).toBe(0);
  expectRefusal(await cli(['--db', db, 'check', file]), new RegExp(`^ntm: ${file}:3: elements are nested more than 100 deep`));
});

describe('Markdown articles that nest deep (#14 item 5)', () => {
  /** segment, timed: a refusal or a result, either way within seconds. */
  async function segment(name: string, text: string) {
    const file = join(dir, name);
    writeFileSync(file, text);
    const started = Date.now();
    const r = await cli(['segment', file, '--json']);
    return { r, file, ms: Date.now() - started };
  }

  it('2,000 nested quotes: exit 2 naming the file and line, not a stack overflow', async () => {
    const { r, file } = await segment('quotes.md', `Eerst een gewone zin.\n\n${'> '.repeat(2000)}Hallo wereld.\n`);
    expectRefusal(r, new RegExp(`^ntm: ${file}:3: quotes or lists are nested more than 62 levels deep`));
  });

  it('a list one level deeper on every line (3,000 lines) is refused at once', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}- punt ${i}`).join('\n');
    const { r, ms } = await segment('list.md', `${lines}\n`);
    expectRefusal(r, /nested more than 62 levels deep/);
    expect(ms).toBeLessThan(20_000);
  });

  it('emphasis and list markers by the thousand on one line still give the text', async () => {
    for (const [name, text, word] of [
      ['stars.md', `${'*'.repeat(5000)}kalifaat${'*'.repeat(5000)}`, 'kalifaat'],
      ['dashes.md', `${'- '.repeat(3000)}gevangenis`, null],
      ['under.md', '_a '.repeat(5000) + ' a_'.repeat(5000), 'a'],
    ] as const) {
      const { r } = await segment(name, `${text}\n`);
      if (word === null) expect(r.status, name).toBe(2);
      else {
        expect(r.status, `${name}: ${r.stderr}`).toBe(0);
        expect(r.stdout).toContain(word);
      }
      expect(r.stderr).not.toMatch(/call stack|unexpected/);
    }
  });

  it('an ordinary nested article reads as before', async () => {
    const { r } = await segment('ok.md', '# Kop\n\n> Een citaat met *nadruk*.\n>\n> - een punt\n>   - een subpunt\n\nGewone tekst.\n');
    expect(r.status, r.stderr).toBe(0);
    const texts = (JSON.parse(r.stdout) as { segments: { text: string }[] }).segments.map((s) => s.text);
    expect(texts).toEqual(['Kop', 'Een citaat met nadruk.', 'een punt', 'een subpunt', 'Gewone tekst.']);
  });
});
