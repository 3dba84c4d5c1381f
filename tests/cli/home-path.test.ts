// NTM_DB='~/tm.sqlite' (quoted, so no shell expanded it) names the TM in the home folder, not
// a folder called "~" under the current one (#14 item 9). In-process: the path is the point.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let home: string;
let cwd: string;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  home = join(dir, 'home');
  cwd = join(dir, 'work');
  mkdirSync(home);
  mkdirSync(cwd);
});
afterAll(() => cleanup());

it('~ in NTM_DB, --db=… and XDG_DATA_HOME is the home folder', async () => {
  const r = await cli(['add', 'autobom', 'car bomb'], { env: { HOME: home, NTM_DB: '~/tm.sqlite' }, cwd });
  expect(r.status, r.stderr).toBe(0);
  expect(existsSync(join(home, 'tm.sqlite'))).toBe(true);
  expect(existsSync(join(cwd, '~'))).toBe(false);
  expect((await cli(['--db=~/tm.sqlite', 'stats', '--json'], { env: { HOME: home }, cwd })).stdout).toMatch(/"pairs":1/);
  const x = await cli(['add', 'luchtsteun', 'air support'], { env: { HOME: home, XDG_DATA_HOME: '~/data' }, cwd });
  expect(x.status, x.stderr).toBe(0);
  expect(existsSync(join(home, 'data', 'ntm', 'tm.sqlite'))).toBe(true);
  expect(existsSync(join(cwd, '~'))).toBe(false);
});

it('~name is refused with a message, nothing created', async () => {
  const r = await cli(['add', 'autobom', 'car bomb'], { env: { HOME: home, NTM_DB: '~anna/tm.sqlite' }, cwd });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^ntm: NTM_DB starts with "~anna".*full/);
  expect(existsSync(join(cwd, '~anna'))).toBe(false);
});
