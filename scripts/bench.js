#!/usr/bin/env node
// npm run bench: fuzzy lookup at newsroom scale. For TMs of 10k, 100k and 1M pairs it
// measures import, database size, memory, and lookup latency (in-process and as a fresh
// `ntm lookup` process) for long and short queries at --min 50, 70 and 90, and checks every
// lookup against an exhaustive scan computed in the same run (recall must be 100 %).
//
//   npm run bench                          all sizes (about 10–15 minutes)
//   npm run bench -- --sizes 10000,100000  some sizes
//   npm run bench -- --queries 40          fewer queries per kind (default 100)
//
// Pairs: ../shared/corpora/benchmark/nl-en.tsv, required (see scripts/bench/corpus.js, which
// also says how the larger TMs are made from them). Output: a markdown table on stdout and in bench-out/.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { loadRealPairs, tmPairs, variant, vocabularyOf } from './bench/corpus.js';
import { openStore } from '../dist/store/open.js';
import { findMatchIds, findMatchIdsExhaustive } from '../dist/store/lookup.js';
import { norm } from '../dist/core/normalize.js';
import { distance, lengthWindow, scoreFromDistance } from '../dist/core/score.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'bench-out');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const SIZES = option('--sizes', '10000,100000,1000000').split(',').map(Number);
const QUERIES = Number(option('--queries', '100'));
const MINS = [50, 70, 90];
const LIMIT = 5;
// Samples for the slow measurements (a fresh process; the exhaustive scan) per size, kind
// and --min: all their results are checked too.
const COLD = Number(option('--cold', '10'));
const EXHAUSTIVE = (size) => (size >= 1_000_000 ? 4 : size >= 100_000 ? 10 : 20);
const log = (...m) => process.stderr.write(m.join(' ') + '\n');

mkdirSync(out, { recursive: true });
const loadStart = loadavg().map((l) => l.toFixed(1)).join(' ');
const { pairs, origin } = loadRealPairs(root);
log(`bench: ${pairs.length} real pairs from ${origin}`);

// Every 20th real pair is held out of every TM: its text is a sentence the TM has never seen.
const heldOut = new Set(pairs.map((_, i) => i).filter((i) => i % 20 === 7));
const vocabulary = vocabularyOf(pairs.map((p) => p.source));
const words = (s) => s.split(' ').length;

/** Half near-repeats of stored pairs (a new small edit), half texts the TM has never seen. */
function queriesFor(kind, storedReal) {
  const fits = (s) => (kind === 'short' ? words(s) <= 3 && s.length >= 2 : words(s) >= 4);
  const near = [];
  const unseen = [];
  for (let i = 0; i < pairs.length; i++) {
    const s = pairs[i].source;
    if (!fits(s)) continue;
    if (heldOut.has(i)) unseen.push(s);
    else if (i < storedReal) near.push(variant(s, 777_777 + i, vocabulary));
  }
  const spread = (list, n) => Array.from({ length: Math.min(n, list.length) }, (_, k) => list[Math.floor((k * list.length) / n)]);
  return [...spread(near, Math.ceil(QUERIES / 2)), ...spread(unseen, Math.floor(QUERIES / 2))];
}

const percentile = (values, p) => {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)];
};
const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Runs ntm in a fresh process (scripts/bench/measured.js); wall time and peak memory. */
async function ntmProcess(argv) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'scripts', 'bench', 'measured.js'), ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'exit');
  const wall = performance.now() - t0;
  const report = JSON.parse(stderr.slice(stderr.lastIndexOf('BENCH ') + 6));
  if (code !== 0) throw new Error(`ntm ${argv.join(' ')} failed (${code}): ${stderr}`);
  return { wall, rssMiB: report.maxRssKiB / 1024, stdout };
}

/**
 * The reference: every stored text scored, for all three thresholds at once (a text
 * outside the length window of the lowest threshold cannot reach any of them).
 */
function exhaustive(byLength, query) {
  const q = norm(query);
  const { lo, hi } = lengthWindow(q.length, Math.min(...MINS));
  const tops = MINS.map(() => []);
  for (let len = lo; len <= Math.min(hi, byLength.length - 1); len++) {
    for (const [id, text] of byLength[len] ?? []) {
      const m = Math.max(q.length, len);
      const score = scoreFromDistance(distance(q, text), m);
      MINS.forEach((min, k) => {
        if (score >= min) tops[k].push({ id, score });
      });
    }
  }
  return tops.map((t) => t.sort((a, b) => b.score - a.score || b.id - a.id).slice(0, LIMIT));
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const rows = [];

// What a fresh process costs before any lookup: Node's start and loading ntm.
const idle = [];
for (let i = 0; i < 10; i++) idle.push((await ntmProcess(['--version'])).wall);
const idleP50 = percentile(idle, 50);

for (const size of SIZES) {
  const tsv = join(out, `tm-${size}.tsv`);
  const db = join(out, `tm-${size}.sqlite`);
  for (const f of [db, db + '-wal', db + '-shm']) rmSync(f, { force: true });
  log(`\n== ${size} pairs: writing ${tsv}`);
  const stream = createWriteStream(tsv);
  let storedReal = 0;
  for (const p of tmPairs(pairs, size, heldOut)) {
    if (p.origin >= storedReal) storedReal = p.origin + 1;
    if (!stream.write(`${p.source}\t${p.target}\n`)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');

  log(`   importing`);
  const imp = await ntmProcess(['--db', db, 'import', tsv, '--by', 'bench', '--json']);
  const imported = JSON.parse(imp.stdout).files[0].imported;
  const dbMiB = statSync(db).size / 2 ** 20;
  log(`   ${imported} pairs in ${(imp.wall / 1000).toFixed(1)} s, ${dbMiB.toFixed(0)} MiB, peak RSS ${imp.rssMiB.toFixed(0)} MiB`);

  const store = openStore(db, { create: false });
  // The reference scan's input, read once: live approved sources grouped by length.
  const byLength = [];
  for (const [id, text] of store.db.prepare(`SELECT id, source_norm FROM pairs WHERE deleted_at IS NULL AND status = 'approved'`).raw().iterate()) {
    (byLength[text.length] ??= []).push([id, text]);
  }

  for (const kind of ['long', 'short']) {
    const queries = queriesFor(kind, storedReal);
    log(`   ${kind}: ${queries.length} queries; reference scan`);
    const expected = queries.map((q) => exhaustive(byLength, q));
    for (const q of queries.slice(0, 10)) findMatchIds(store.db, q, { min: 70, limit: LIMIT }); // warm-up
    for (const [k, min] of MINS.entries()) {
      const times = [];
      let exact = 0;
      let found = 0;
      let wanted = 0;
      for (const [i, q] of queries.entries()) {
        const t0 = performance.now();
        const got = findMatchIds(store.db, q, { min, limit: LIMIT });
        times.push(performance.now() - t0);
        if (same(got, expected[i][k])) exact++;
        const want = new Set(expected[i][k].map((m) => `${m.id}:${m.score}`));
        wanted += want.size;
        found += got.filter((m) => want.has(`${m.id}:${m.score}`)).length;
      }
      const scanTimes = [];
      for (const [i, q] of queries.slice(0, EXHAUSTIVE(size)).entries()) {
        const t0 = performance.now();
        const got = findMatchIdsExhaustive(store.db, q, { min, limit: LIMIT });
        scanTimes.push(performance.now() - t0);
        if (!same(got, expected[i][k])) throw new Error(`the two exhaustive scans disagree on "${q}"`);
      }
      const cold = [];
      const coldRss = [];
      let coldExact = 0;
      for (const [i, q] of queries.slice(0, COLD).entries()) {
        const r = await ntmProcess(['--db', db, 'lookup', '--min', String(min), '--limit', String(LIMIT), '--json', '--', q]);
        cold.push(r.wall);
        coldRss.push(r.rssMiB);
        const got = JSON.parse(r.stdout).matches.map((m) => ({ id: m.id, score: m.score }));
        if (same(got, expected[i][k])) coldExact++;
      }
      const row = {
        size: imported,
        importRate: imported / (imp.wall / 1000),
        dbMiB,
        importRssMiB: imp.rssMiB,
        kind,
        min,
        queries: queries.length,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        p99: percentile(times, 99),
        coldP50: percentile(cold, 50),
        coldMax: Math.max(...cold),
        coldRssMiB: Math.max(...coldRss),
        scanP50: percentile(scanTimes, 50),
        recall: wanted === 0 ? 1 : found / wanted,
        exact: exact + coldExact,
        checked: queries.length + cold.length,
      };
      row.speedup = row.scanP50 / percentile(times.slice(0, scanTimes.length), 50);
      rows.push(row);
      log(`   ${kind} --min ${min}: p50 ${ms(row.p50)} ms, p95 ${ms(row.p95)}, p99 ${ms(row.p99)}; cold ${ms(row.coldP50)} ms; scan ${ms(row.scanP50)} ms; exact ${row.exact}/${row.checked}`);
    }
  }
  store.close();
  if (!args.includes('--keep')) for (const f of [tsv, db, db + '-wal', db + '-shm']) rmSync(f, { force: true });
}

const header =
  '| pairs | import pairs/s | DB MiB | import peak RSS MiB | queries | --min | p50 ms | p95 ms | p99 ms | cold `ntm lookup` p50 / max ms | cold RSS MiB | exhaustive scan p50 ms | speed-up | recall | identical to scan |';
const lines = [header, header.replace(/[^|]+/g, '---')];
let last = null;
for (const r of rows) {
  const first = r.size !== last;
  last = r.size;
  lines.push(
    `| ${first ? r.size.toLocaleString('en') : ''} | ${first ? Math.round(r.importRate).toLocaleString('en') : ''} | ${first ? r.dbMiB.toFixed(0) : ''} | ${
      first ? r.importRssMiB.toFixed(0) : ''
    } | ${r.queries} ${r.kind} | ${r.min} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.coldP50)} / ${ms(r.coldMax)} | ${r.coldRssMiB.toFixed(0)} | ${ms(r.scanP50)} | ${r.speedup.toFixed(0)}× | ${(100 * r.recall).toFixed(1)} % | ${r.exact}/${r.checked} |`,
  );
}
const notes = [
  '',
  `Pairs from ${origin}; TMs above ${pairs.length.toLocaleString('en')} pairs are made of small deterministic edits of them (scripts/bench/corpus.js).`,
  `Queries per kind: half near-repeats of stored pairs (one to three new edits), half texts held out of the TM; long = 4 words or more, short = 1–3 words; --limit ${LIMIT}.`,
  `Latency in-process: findMatchIds on an open TM, per query, after a warm-up of 10 queries (so with the posting lists of common bigrams cached, as in a batch lookup). Cold: a new \`ntm lookup --json\` process, wall time from spawn to exit (${COLD} queries per row); a process that only starts (\`ntm --version\`) takes ${ms(idleP50)} ms (p50 of 10) here.`,
  `Exhaustive scan: findMatchIdsExhaustive (every stored text scored) on the first queries of each row; speed-up = its p50 / the index's p50 on the same queries.`,
  `Recall: matches found / matches the reference scan (every text scored, in this run) finds; "identical" counts lookups (in-process and cold) whose result equals it exactly.`,
  `Machine: ${process.platform} ${process.arch}, node ${process.version}, ${cpus().length} cores; load average at start ${loadStart}, at end ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine slows every figure).`,
];
const table = [...lines, ...notes].join('\n');
console.log(table);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(join(out, `lookup-${stamp}.md`), table + '\n');
writeFileSync(join(out, `lookup-${stamp}.json`), JSON.stringify({ origin, rows }, null, 2) + '\n');
log(`\nwritten to ${join(out, `lookup-${stamp}.md`)}`);
if (rows.some((r) => r.exact !== r.checked)) process.exitCode = 1;
if (!existsSync(out)) process.exitCode = 1;
