// ntm serve's guards (SPEC "serve"): loopback only, the token on every request, the Host
// header, no CORS, a strict CSP, bounded and validated input, and no token in the log.
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../src/serve/server.js';
import { raw, serveSmallTm, type Served } from '../helpers/serve.js';

let s: Served;
let port: number;
let token: string;
const bearer = () => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  s = await serveSmallTm();
  port = s.server.port;
  token = s.server.token;
});
afterAll(async () => s.stop());

const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  raw(port, { method: 'POST', path, body, headers: { ...bearer(), 'content-type': 'application/json', ...headers } });

describe('the token', () => {
  it('is long and random, and the printed address carries it', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.server.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
  });

  it('is needed for every path: without it, or with a wrong one, 403', async () => {
    for (const path of ['/', '/app.js', '/app.css', '/api/lookup?q=De%20gevangenis', '/nothing-here']) {
      expect((await raw(port, { path })).status, path).toBe(403);
      expect((await raw(port, { path: `${path}${path.includes('?') ? '&' : '?'}token=${token.slice(0, -1)}x` })).status, path).toBe(403);
      expect((await raw(port, { path, headers: { authorization: `Bearer ${token}x` } })).status, path).toBe(403);
    }
    expect((await post('/api/pairs', JSON.stringify({ nl: 'Een zin.', en: 'A sentence.' }), { authorization: 'Bearer nope' })).status).toBe(403);
    expect((await raw(port, { path: '/api/lookup?q=De%20gevangenis', headers: { authorization: `Basic ${token}` } })).status).toBe(403);
  });

  it('works from the query and as a Bearer header', async () => {
    expect((await raw(port, { path: `/?token=${token}` })).status).toBe(200);
    expect((await raw(port, { path: '/api/lookup?q=De%20gevangenis', headers: bearer() })).status).toBe(200);
  });
});

describe('the Host header', () => {
  it('must be the loopback address and this port: anything else is 403, even with the token', async () => {
    for (const host of [`localhost:${port}`, `evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `[::1]:${port}`, `127.0.0.1:${port}.evil.example`]) {
      const r = await raw(port, { path: `/?token=${token}`, headers: { host } });
      expect(r.status, host).toBe(403);
    }
  });
});

describe('other sites', () => {
  it('get no CORS headers, on any answer', async () => {
    const answers = [
      await raw(port, { path: `/?token=${token}` }),
      await raw(port, { path: '/api/lookup?q=De%20gevangenis', headers: { ...bearer(), origin: 'https://evil.example' } }),
      await raw(port, { method: 'OPTIONS', path: '/api/check', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }),
      await raw(port, { path: '/api/lookup' }),
    ];
    for (const r of answers) {
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    expect(answers[1]!.status).toBe(403);
    expect(answers[2]!.status).toBe(403);
  });

  it('cannot post from another origin or site, even with the token', async () => {
    const body = JSON.stringify({ nl: ['Een zin.'], en: ['A sentence.'] });
    expect((await post('/api/check', body, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/api/check', body, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/api/check', body, { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });
});

describe('the page', () => {
  it('is served with a strict Content-Security-Policy and has no inline script or style', async () => {
    const r = await raw(port, { path: `/?token=${token}` });
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    for (const tag of r.body.match(/<script[^>]*>/g) ?? []) expect(tag).toMatch(/ src="\/app\.js\?token=/);
    expect(r.body).not.toMatch(/<script[^>]*>[^<]/);
    expect(r.body).not.toMatch(/ on[a-z]+=|style=|<style/i);
  });
});

describe('listening', () => {
  it('is on 127.0.0.1 only: another address of this machine refuses the connection', async () => {
    const other = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    const address = other?.address ?? '0.0.0.0';
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: address, port });
      socket.on('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', () => resolve(true));
    });
    expect(refused, address).toBe(true);
  });
});

describe('request bodies', () => {
  it('larger than the limit are refused with 413, and the server goes on answering', async () => {
    const nl = 'x'.repeat(BODY_LIMIT);
    const r = await post('/api/check', JSON.stringify({ nl: [nl], en: ['y'] }));
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error).toMatch(/larger than 512 KiB/);
    expect((await post('/api/check', JSON.stringify({ nl: ['Een zin.'], en: ['A sentence.'] }))).status).toBe(200);
  });

  it('that are not JSON, or not sent as JSON, are refused', async () => {
    expect((await post('/api/check', '{"nl": [')).status).toBe(400);
    expect((await post('/api/check', Buffer.from([0x7b, 0xff, 0x7d]))).status).toBe(400);
    expect((await post('/api/check', 'nl=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await post('/api/check', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
  });
});

describe('every input is validated', () => {
  const bad = async (r: Promise<{ status: number; body: string }>, pattern: RegExp) => {
    const answer = await r;
    expect(answer.status, answer.body).toBe(400);
    expect(JSON.parse(answer.body).error).toMatch(pattern);
  };
  const get = (path: string) => raw(port, { path, headers: bearer() });

  it('lookup and concordance: the text, the numbers and the switches', async () => {
    await bad(get('/api/lookup'), /q is missing/);
    await bad(get('/api/lookup?q=%20%20'), /q is missing/);
    await bad(get(`/api/lookup?q=${'a'.repeat(4001)}`), /longer than 4000/);
    await bad(get('/api/lookup?q=De%00zin'), /control character/);
    await bad(get('/api/lookup?q=De%20zin&min=abc'), /min takes a whole number from 0 to 100/);
    await bad(get('/api/lookup?q=De%20zin&min=101'), /min takes/);
    await bad(get('/api/lookup?q=De%20zin&limit=0'), /limit takes a whole number from 1 to 50/);
    await bad(get('/api/lookup?q=De%20zin&reverse=maybe'), /reverse takes true or false/);
    await bad(get('/api/concordance?q='), /q is missing/);
  });

  it('check: two lists of text of the same length, within bounds', async () => {
    await bad(post('/api/check', '[]'), /send \{"nl"/);
    await bad(post('/api/check', JSON.stringify({ nl: 'Een zin.', en: ['A sentence.'] })), /nl must be a list/);
    await bad(post('/api/check', JSON.stringify({ nl: ['Een zin.', 'Twee.'], en: ['A sentence.'] })), /2 segments and the English 1/);
    await bad(post('/api/check', JSON.stringify({ nl: [1], en: ['A sentence.'] })), /nl\[0\] must be text/);
    await bad(post('/api/check', JSON.stringify({ nl: Array(2001).fill('a'), en: Array(2001).fill('b') })), /more than 2000 segments/);
    await bad(post('/api/check', JSON.stringify({ nl: [' '], en: [''] })), /draft is empty/);
    await bad(post('/api/check', JSON.stringify({ nl: ['Een\u0007zin.'], en: ['A sentence.'] })), /control character/);
    await bad(post('/api/check', JSON.stringify({ nl: ['Een \ud800 zin.'], en: ['A sentence.'] })), /control character/);
  });

  it('add: text where text belongs, and a real translation', async () => {
    await bad(post('/api/pairs', JSON.stringify({ nl: 'Een zin.' })), /en is missing/);
    await bad(post('/api/pairs', JSON.stringify({ nl: 'Een zin.', en: 5 })), /en must be text/);
    await bad(post('/api/pairs', JSON.stringify({ nl: 'Reuters', en: 'Reuters' })), /same as the Dutch/);
    await bad(post('/api/pairs', JSON.stringify({ nl: 'Een zin.', en: 'A sentence.', term: 'yes' })), /term must be true or false/);
    await bad(post('/api/pairs', JSON.stringify({ nl: 'Een zin.', en: 'A sentence.', ref: 'x'.repeat(501) })), /ref is longer than 500/);
    const list = await get('/api/concordance?q=Een%20zin');
    expect(JSON.parse(list.body).pairs).toEqual([]);
  });

  it('unknown paths and wrong methods are told apart', async () => {
    expect((await get('/api/nothing')).status).toBe(404);
    expect((await get('/api/check')).status).toBe(405);
    expect((await get('/api/check')).headers.allow).toBe('POST');
    expect((await post('/', '{}')).status).toBe(405);
  });
});

describe('the log', () => {
  it('names method, path and status, and never the token or the text looked up', async () => {
    await raw(port, { path: `/api/lookup?q=Geheime%20bron&token=${token}` });
    const lines = s.log.join('\n');
    expect(lines).toMatch(/^GET \/api\/lookup 200 [\d.]+ ms$/m);
    expect(lines).not.toContain(token);
    expect(lines).not.toMatch(/Geheime|q=/);
    expect(s.errors).toEqual([]);
  });
});
