// ntm serve: the TM as a small web page on this computer only. Node's own http module: four
// JSON routes and three static files need no framework, and every guard below is in plain
// sight. The guards, in the order a request meets them:
//   1. the Host header must be 127.0.0.1:PORT (a page on another site that resolves its own
//      name to 127.0.0.1, DNS rebinding, is refused);
//   2. the token, from `?token=` or `Authorization: Bearer`, compared in constant time;
//   3. a request from another origin (Origin, Sec-Fetch-Site) is refused even with a token;
//   4. bodies: JSON only, at most BODY_LIMIT bytes (413 beyond);
//   5. every input is validated by the route (api.ts).
// No CORS headers are ever sent, so no other site's script can read an answer. A strict
// Content-Security-Policy allows only the page's own script and style files. The log (one
// line per request, on request) shows the method and path, never the query: the token and
// what the translator typed stay out of it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NtmError, StoreError, UsageError } from '../core/errors.js';
import { dutchRules, type SegmentRules } from '../core/segment/rules.js';
import { preloadPostingLists, SOURCE_SIDE, TARGET_SIDE } from '../store/match-index/index.js';
import type { Store } from '../store/open.js';
import type { ReferenceTm } from '../store/reference.js';
import { ApiError, routes, type ApiContext } from './api.js';

export interface ServeOptions {
  store: Store;
  /** The port to listen on; 0 lets the system choose a free one. */
  port: number;
  /** Who is named as approver of pairs added on the page. */
  by: string;
  /** Reference TMs looked up beside the TM (open for as long as the server runs). */
  refs?: readonly ReferenceTm[];
  /** How pasted paragraphs are cut into sentences (default: the shipped Dutch rules). */
  rules?: SegmentRules;
  /** A fixed token (tests); default: 32 random bytes. */
  token?: string;
  /** Told one line per request (method, path, status, time), when given. */
  log?: (line: string) => void;
  /** Told about failures the page only sees as "internal error". */
  onError?: (message: string) => void;
}

export interface RunningServer {
  /** The address to open, token included: what `ntm serve` prints. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The largest request body accepted: a pasted draft of a long article fits many times. */
export const BODY_LIMIT = 512 * 1024;

/** Past this, an oversized body is not even read to its end: the connection is cut. */
const BODY_DRAIN_LIMIT = 8 * BODY_LIMIT;

const STATIC_DIR = new URL('../../src/serve/static/', import.meta.url);

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

interface StaticFile {
  type: string;
  body: string;
}

function loadStatic(): Map<string, StaticFile> {
  const read = (name: string) => readFileSync(new URL(name, STATIC_DIR), 'utf8');
  return new Map([
    ['/', { type: 'text/html; charset=utf-8', body: read('index.html') }],
    ['/app.js', { type: 'text/javascript; charset=utf-8', body: read('app.js') }],
    ['/app.css', { type: 'text/css; charset=utf-8', body: read('app.css') }],
  ]);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The token a request carries, from the Authorization header or the query. */
function tokenOf(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1]! : null;
  }
  return url.searchParams.get('token');
}

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), extra);
}

/** Reads a request body up to BODY_LIMIT bytes; null when it was larger. */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > BODY_DRAIN_LIMIT) {
      req.destroy();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_DRAIN_LIMIT) req.destroy();
      else if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > BODY_LIMIT ? null : Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) resolve(null);
    });
  });
}

/** Starts the server on 127.0.0.1; resolves once it listens. */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const token = o.token ?? randomBytes(32).toString('base64url');
  const tokenDigest = digest(token);
  const files = loadStatic();
  // The server answers lookup after lookup: the index's lists read now (where they fit the
  // posting cache) spare the first lookups of a session their reading.
  preloadPostingLists(o.store.db, [SOURCE_SIDE, TARGET_SIDE]);
  // The TM's file name in the page (an attribute): its own matches are not labelled with it.
  const tmAttribute = o.store.path.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const api: ApiContext = { db: o.store.db, path: o.store.path, by: o.by, refs: o.refs ?? [], rules: o.rules ?? dutchRules() };
  let port = o.port;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const forbidden = (): number => {
      sendJson(res, 403, { error: 'forbidden' });
      return 403;
    };
    const origin = `127.0.0.1:${port}`;
    if (req.headers.host !== origin) return forbidden();
    const url = new URL(req.url ?? '/', `http://${origin}`);
    const given = tokenOf(req, url);
    if (given === null || !timingSafeEqual(digest(given), tokenDigest)) return forbidden();
    if (req.headers.origin !== undefined && req.headers.origin !== `http://${origin}`) return forbidden();
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return forbidden();

    const file = files.get(url.pathname);
    if (file) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendJson(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
        return 405;
      }
      // The page asks for its script and style with the token it was opened with.
      send(res, 200, file.type, file.body.replaceAll('{{TOKEN}}', token).replaceAll('{{TM}}', tmAttribute));
      return 200;
    }
    const route = routes.get(url.pathname);
    if (!route) {
      sendJson(res, 404, { error: 'not found' });
      return 404;
    }
    if (req.method !== route.method) {
      sendJson(res, 405, { error: 'method not allowed' }, { allow: route.method });
      return 405;
    }
    let body: unknown;
    if (route.method === 'POST') {
      const type = req.headers['content-type'] ?? '';
      if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type)) {
        req.resume();
        sendJson(res, 415, { error: 'send JSON (Content-Type: application/json)' });
        return 415;
      }
      const raw = await readBody(req);
      if (raw === null) {
        sendJson(res, 413, { error: `the request is larger than ${BODY_LIMIT / 1024} KiB` }, { connection: 'close' });
        return 413;
      }
      try {
        body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
      } catch {
        sendJson(res, 400, { error: 'the request body is not valid JSON' });
        return 400;
      }
    }
    try {
      const answer = await route.handle(api, url.searchParams, body);
      sendJson(res, answer.status ?? 200, answer.body);
      return answer.status ?? 200;
    } catch (err) {
      if (err instanceof ApiError) {
        sendJson(res, err.status, { error: err.message });
        return err.status;
      }
      if (err instanceof StoreError) {
        sendJson(res, 503, { error: err.message });
        return 503;
      }
      if (err instanceof NtmError) {
        sendJson(res, 400, { error: err.message });
        return 400;
      }
      throw err;
    }
  };

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    handle(req, res)
      .then((status) => o.log?.(`${req.method} ${pathOf(req)} ${status} ${(performance.now() - started).toFixed(1)} ms`))
      .catch((err: unknown) => {
        const e = err as { code?: string; message?: string };
        const busy = typeof e.code === 'string' && e.code.startsWith('SQLITE_BUSY');
        o.onError?.(`${req.method} ${pathOf(req)}: ${e.message ?? String(err)}`);
        if (!res.headersSent) sendJson(res, busy ? 503 : 500, { error: busy ? 'the TM is busy; try again' : 'internal error' });
        else res.destroy();
      });
  });
  // Slow or idle clients cannot hold the server for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new UsageError(`Port ${o.port} is in use; choose another with --port, or leave --port out for a free one.`));
      else if (err.code === 'EACCES') reject(new UsageError(`Port ${o.port} needs privileges; choose one above 1023, or leave --port out.`));
      else reject(err);
    });
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The path of a request without its query (which may hold the token). */
function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
