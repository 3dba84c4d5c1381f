// pretranslate -o and finish -o write as export and backup do (the store's writeWhole): whole
// or not at all, through a symbolic link to the file it names, keeping the replaced file's
// permissions, and nothing left beside it.
import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let db: string;
const at = (name: string) => join(dir, name);
const run = (...args: string[]) => cli(['--db', db, ...args]);

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  db = at('tm.sqlite');
  writeFileSync(at('stuk.md'), '# De **gevangenis**\n\nVolgens [de NOS](https://nos.nl) is het rustig.\n');
  expect((await run('add', 'autobom', 'car bomb')).status).toBe(0);
});
afterAll(() => cleanup());

it('--force through a symbolic link replaces the file it names, keeps its permissions and the link', async () => {
  writeFileSync(at('real.xlf'), 'oud');
  chmodSync(at('real.xlf'), 0o600);
  symlinkSync(at('real.xlf'), at('link.xlf'));
  expect((await run('pretranslate', at('stuk.md'), '-o', at('link.xlf'), '--force')).status).toBe(0);
  expect(lstatSync(at('link.xlf')).isSymbolicLink()).toBe(true);
  expect(readFileSync(at('real.xlf'), 'utf8')).toContain('datatype="x-markdown"');
  expect(statSync(at('real.xlf')).mode & 0o777).toBe(0o600);

  writeFileSync(at('en.md'), 'oud');
  chmodSync(at('en.md'), 0o640);
  const r = await run('finish', at('link.xlf'), '-o', at('en.md'), '--force');
  expect(r.status, r.stderr).toBe(0);
  expect(readFileSync(at('en.md'), 'utf8')).toBe('# De **gevangenis**\n\nVolgens [de NOS](https://nos.nl) is het rustig.\n');
  expect(statSync(at('en.md')).mode & 0o777).toBe(0o640);
  expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
});
