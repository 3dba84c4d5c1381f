#!/usr/bin/env node
// npm run bench:serve — warm `GET /api/lookup` of `ntm serve` on a TM of 100,000 pairs and a
// desk term list, timed as the page sees it: one request after another over a kept-alive
// connection to a real `ntm serve` process, the answer read whole (matches, diffs, terms).
// Budget: p50 ≤ 10 ms, p95 ≤ 30 ms; the script exits 1 when a figure is over.
//
// The TM is the first 100,000 pairs of ../shared/corpora/benchmark/nl-en.tsv, leaving out
// every pair whose Dutch is one of the NTREX-128 news sentences (../shared/corpora/news/):
// those are the queries, news sentences the TM has never seen (the common case: a new
// article). The terms are ../shared/corpora/glossaries/iso-codes-nl-en.tsv (country and
// language names, the kind of list a desk keeps), imported as terms.
//
//   npm run bench:serve                      200 queries after 20 to warm up
//   npm run bench:serve -- --queries 500 --size 100000
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../dist/store/open.js';
import { findMatches } from '../dist/store/lookup.js';
import { searchTm } from '../dist/store/search.js';
import { storedTermsIn } from '../dist/store/terms.js';
import { dutchRules } from '../dist/core/segment/rules.js';
import { routes } from '../dist/serve/api.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPORA = join(ROOT, '..', 'shared', 'corpora');
const BIN = join(ROOT, 'bin', 'ntm.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const SIZE = option('--size', 100_000);
const QUERIES = option('--queries', 200);
const WARM_UP = 20;
const BUDGET = { p50: 10, p95: 30 };
const log = (m) => process.stderr.write(`${m}\n`);

for (const f of ['benchmark/nl-en.tsv', 'news/ntrex128-nl-en.tsv', 'glossaries/iso-codes-nl-en.tsv']) {
  if (!existsSync(join(CORPORA, f))) {
    log(`bench:serve needs ${join(CORPORA, f)} (the shared corpora beside the repository)`);
    process.exit(2);
  }
}
const tsv = (f) =>
  readFileSync(join(CORPORA, f), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
const news = tsv('news/ntrex128-nl-en.tsv');
const newsDutch = new Set(news.map(([nl]) => nl));
const tm = tsv('benchmark/nl-en.tsv')
  .filter(([nl]) => !newsDutch.has(nl))
  .slice(0, SIZE);
// Evenly spread over the news file: articles of every kind, not only the first one.
const step = Math.max(1, Math.floor(news.length / (QUERIES + WARM_UP)));
const queries = news
  .filter((_, i) => i % step === 0)
  .map(([nl]) => nl)
  .slice(0, QUERIES + WARM_UP);

const out = join(ROOT, 'bench-out');
mkdirSync(out, { recursive: true });
const db = join(out, `serve-${SIZE}.sqlite`);
for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
writeFileSync(join(out, 'serve-tm.tsv'), `${tm.map((p) => p.join('\t')).join('\n')}\n`);
const ntm = (...a) => {
  const r = spawnSync(process.execPath, [BIN, '--db', db, ...a], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ntm ${a.join(' ')}: ${r.stderr}`);
};
log(`bench:serve: a TM of ${tm.length} pairs (NTREX news left out) and the ISO names as terms…`);
ntm('import', join(out, 'serve-tm.tsv'));
ntm('import', '--term', join(CORPORA, 'glossaries', 'iso-codes-nl-en.tsv'));

// --log: the server's own time per request (from reading the request to sending the answer).
const server = spawn(process.execPath, [BIN, '--db', db, 'serve', '--log'], { stdio: ['ignore', 'pipe', 'pipe'] });
let serverLog = '';
server.stderr.setEncoding('utf8').on('data', (c) => (serverLog += c));
let line = '';
server.stdout.setEncoding('utf8');
while (!line.includes('\n')) line += (await once(server.stdout, 'data'))[0];
const url = new URL(line.replace(/^ntm serve: /, '').trim());
const token = url.searchParams.get('token');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function lookup(q) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = get(
      { host: '127.0.0.1', port: url.port, path: `/api/lookup?q=${encodeURIComponent(q)}`, agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          if (res.statusCode !== 200) reject(new Error(`${res.statusCode}: ${body}`));
          else resolve({ ms, answer: JSON.parse(body) });
        });
      },
    );
    req.on('error', reject);
  });
}

// First the page's view alone: every request to the server one after another, as a translator
// typing sentence after sentence sends them, with nothing else running in between (work in
// between, even in another process, pushes the server's posting lists and counts out of the
// processor's caches, which no page does). Then the same queries in this process, straight
// to the store: the fuzzy index alone; the whole lookup the server makes (approved and
// proposed, exact matches for context and conflicts) with the terms; and the server's lookup
// route without HTTP (segmenting, that lookup, word diffs, the JSON text). What the server
// adds is the difference between the columns, apart from the engine; on a busy machine
// compare them with care, since they are not measured at the same moment.
const times = [];
const engine = [];
const whole = [];
const route = [];
let withMatch = 0;
let withTerms = 0;
// One connection each: a connection caches the posting lists it read, so a second lookup of
// the same query on the same connection would be cheaper than the first, as no page's is.
const stores = [0, 1, 2].map(() => openStore(db, { create: false, readonly: true }));
const [engineDb, wholeDb, routeDb] = stores.map((s) => s.db);
const handle = routes.get('/api/lookup').handle;
const api = { db: routeDb, path: db, by: 'bench', refs: [], rules: dutchRules() };
const timed = (into, i, fn) => {
  const started = process.hrtime.bigint();
  fn();
  if (i >= WARM_UP) into.push(Number(process.hrtime.bigint() - started) / 1e6);
};
try {
  for (const [i, q] of queries.entries()) {
    const { ms, answer } = await lookup(q);
    if (i < WARM_UP) continue;
    times.push(ms);
    // A query the segmenter cuts in two comes back sentence by sentence.
    const sentences = answer.sentences ?? [answer];
    if (sentences.some((x) => x.matches.length)) withMatch++;
    if (sentences.some((x) => x.terms.length)) withTerms++;
  }
  for (const [i, q] of queries.entries()) timed(engine, i, () => findMatches(engineDb, q, { min: 70, limit: 5 }));
  for (const [i, q] of queries.entries())
    timed(whole, i, () => {
      searchTm(wholeDb, q, { min: 70, limit: 5 });
      storedTermsIn(wholeDb, q);
    });
  for (const [i, q] of queries.entries()) timed(route, i, () => JSON.stringify(handle(api, new URLSearchParams({ q })).body));
} finally {
  for (const s of stores) s.close();
  server.kill('SIGINT');
  await once(server, 'exit');
  agent.destroy();
}

const pct = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const f = (x) => x.toFixed(2);
const row = { p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99), max: pct(times, 100) };
const inServer = [...serverLog.matchAll(/^GET \/api\/lookup 200 ([\d.]+) ms$/gm)].map((m) => Number(m[1])).slice(WARM_UP);
const table = [
  '| TM pairs | terms | queries (NTREX news, not in the TM) | with a match ≥ 70 % | with terms | GET /api/lookup p50 / p95 / p99 / max ms | of which in the server p50 / p95 ms | in-process: the route without HTTP p50 / p95 ms | lookup + terms p50 / p95 ms | the fuzzy index p50 / p95 ms | load (1 min) |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  `| ${tm.length.toLocaleString('en')} | ${tsv('glossaries/iso-codes-nl-en.tsv').length.toLocaleString('en')} | ${times.length} sequential, after ${WARM_UP} | ${withMatch} | ${withTerms} | ${f(row.p50)} / ${f(row.p95)} / ${f(row.p99)} / ${f(row.max)} | ${f(pct(inServer, 50))} / ${f(pct(inServer, 95))} | ${f(pct(route, 50))} / ${f(pct(route, 95))} | ${f(pct(whole, 50))} / ${f(pct(whole, 95))} | ${f(pct(engine, 50))} / ${f(pct(engine, 95))} | ${loadavg()[0].toFixed(1)} |`,
].join('\n');
process.stdout.write(`${table}\n`);
writeFileSync(join(out, 'bench-serve.md'), `${table}\n`);
for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
rmSync(join(out, 'serve-tm.tsv'), { force: true });
const over = Object.entries(BUDGET).filter(([k, v]) => row[k] > v);
if (over.length) {
  log(`bench:serve: over budget: ${over.map(([k, v]) => `${k} ${f(row[k])} ms > ${v} ms`).join(', ')}`);
  process.exitCode = 1;
}
