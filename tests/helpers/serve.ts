// ntm serve in tests: a small TM in a temp folder, the server started in this process, and a
// raw HTTP client that can send any Host header (fetch cannot).
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/open.js';
import { addPair } from '../../src/store/pairs.js';
import { openReference } from '../../src/store/reference.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { tempDir } from './cli.js';

export interface Served {
  server: RunningServer;
  store: Store;
  dir: string;
  log: string[];
  errors: string[];
  stop(): Promise<void>;
}

/** A TM with a few sentences and terms of the Hasaka article, served on a free port; `refs`: reference TM files beside it. */
export async function serveSmallTm(o: { refs?: string[] } = {}): Promise<Served> {
  const { dir, cleanup } = tempDir();
  const store = openStore(join(dir, 'tm.sqlite'), { create: true });
  const add = (kind: 'segment' | 'term', source: string, target: string, status: 'approved' | 'forbidden' = 'approved', note?: string) =>
    addPair(store.db, { kind, source, target, status, by: 'anna', ref: 'hasaka-2022', note });
  add('segment', 'De Koerdische strijdkrachten melden zeventien doden.', 'The Kurdish forces report seventeen dead.');
  add('segment', 'De gevangenis werd bestormd door IS-strijders.', 'The prison was stormed by IS fighters.');
  add('segment', 'In de stad waren explosies te horen.', 'Explosions could be heard in the city.');
  add('term', 'Koerdische strijdkrachten', 'Kurdish forces', 'approved', 'The SDF-led forces; not an army of a state.');
  add('term', 'Koerdische strijdkrachten', 'Kurdish armed forces', 'forbidden');
  add('term', 'gevangenis', 'prison');
  const log: string[] = [];
  const errors: string[] = [];
  const refs = (o.refs ?? []).map((f) => openReference(f));
  const server = await startServer({ store, refs, port: 0, by: 'tester', log: (l) => log.push(l), onError: (e) => errors.push(e) });
  return {
    server,
    store,
    dir,
    log,
    errors,
    stop: async () => {
      await server.close();
      for (const r of refs) r.close();
      store.close();
      cleanup();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request to 127.0.0.1:port with exactly the headers given (Host included). */
export function raw(port: number, o: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers: { host: `127.0.0.1:${port}`, ...o.headers }, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

/** GET and POST to a served TM's API with its token; the answer's status and parsed JSON. */
export function api(s: Served) {
  const auth = { authorization: `Bearer ${s.server.token}` };
  return {
    async get(path: string) {
      const r = await raw(s.server.port, { path, headers: auth });
      return { status: r.status, body: JSON.parse(r.body) };
    },
    async post(path: string, body: unknown) {
      const r = await raw(s.server.port, { method: 'POST', path, body: JSON.stringify(body), headers: { ...auth, 'content-type': 'application/json' } });
      return { status: r.status, body: JSON.parse(r.body) };
    },
  };
}
