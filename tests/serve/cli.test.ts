// `ntm serve` as a real process: the one line it prints, a free port, Ctrl-C, the log on
// request without the token, and the refusals (no TM, a port in use) as one-line errors.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';
import { raw } from '../helpers/serve.js';

let dir: string;
let cleanup: () => void;
let db: string;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'tm.sqlite');
  expect((await cli(['--db', db, 'add', 'De gevangenis werd bestormd.', 'The prison was stormed.'])).status).toBe(0);
});
afterAll(() => cleanup());

describe('ntm serve', () => {
  it('prints one line with the address and token, answers on it, logs without the token, and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--log'], { env: { PATH: process.env.PATH ?? '', NTM_USER: 'tester' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    try {
      while (!stdout.includes('\n')) await once(child.stdout, 'data');
      const m = /^ntm serve: http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})\n$/.exec(stdout);
      expect(m, stdout).not.toBeNull();
      const port = Number(m![1]);
      const r = await raw(port, { path: `/api/lookup?q=${encodeURIComponent('De gevangenis werd bestormd.')}&token=${m![2]}` });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).matches[0].target).toBe('The prison was stormed.');
      expect((await raw(port, { path: '/api/lookup?q=x' })).status).toBe(403);
      child.kill('SIGINT');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(stdout.split('\n')).toHaveLength(2);
      expect(stderr).toMatch(/^GET \/api\/lookup 200 [\d.]+ ms\nGET \/api\/lookup 403 [\d.]+ ms\n$/);
      expect(stderr).not.toContain(m![2]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a missing TM and a port in use, in one line, exit 2', async () => {
    const missing = await cli(['--db', join(dir, 'none.sqlite'), 'serve']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^ntm: No translation memory at .*none\.sqlite\./);

    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const busy = await cli(['--db', db, 'serve', '--port', String(port)]);
      expect(busy.status).toBe(2);
      expect(busy.stdout).toBe('');
      expect(busy.stderr).toBe(`ntm: Port ${port} is in use; choose another with --port, or leave --port out for a free one.\n`);
    } finally {
      blocker.close();
    }
    const bad = await cli(['--db', db, 'serve', '--port', '70000']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--port takes a whole number from 0 to 65535/);
  });
});
