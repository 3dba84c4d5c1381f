// bin/ntm.js as the shell runs it: the few things only a real process shows (its exit status,
// real standard input, a pipe closed early). Everything else runs in-process (tests/cli/).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, expectRefusal, ntm, ROOT, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let t: { dir: string; cleanup: () => void };
let db: string;
beforeAll(async () => {
  t = tempDir();
  db = join(t.dir, 'tm.sqlite');
  // Enough pairs that an export is far bigger than a pipe's buffer.
  const r = await cli(['--db', db, 'import', join(ROOT, 'tests', 'fixtures', 'corpus', 'nl-en-sample.tsv')]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => t.cleanup());

describe('bin/ntm.js', () => {
  it('says its version (the one in package.json) and its help, exit 0', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const v = ntm(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(version);
    const help = ntm(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Exit status: 0 success, 1 problems found, 2 bad usage/);
  });

  it('reads queries from real standard input and exits 2 with one line on bad usage', () => {
    const r = ntm(['--db', db, 'lookup', '-', '--json'], { input: 'Archiefbestanden\n' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n')[0]!).query).toBe('Archiefbestanden');
    expectRefusal(ntm(['--db', db, 'lookup', '--min', '300', 'x']), /--min/);
  });

  it('stops quietly with status 0 when the reader of its output goes away (ntm export - | head)', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash script, whose ${PIPESTATUS[0]} is bash's
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', '"$NODE" "$BIN" --db "$DB" export - | head -c 100 >/dev/null; echo "${PIPESTATUS[0]}"'], {
      env: { PATH: process.env.PATH ?? '', NODE: process.execPath, BIN, DB: db, NTM_USER: 'tester' },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('0');
  });
});
