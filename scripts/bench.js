#!/usr/bin/env node
// npm run bench: fuzzy lookup at newsroom scale. For TMs of 10k, 100k and 1M pairs it
// measures import, database size and memory, and lookup latency for four sets of queries at
// --min 50, 70 and 90: in one process (p50/p95/p99), as a batch (`ntm lookup -`: time per
// query and peak memory), and as a fresh `ntm lookup` process. Every lookup is checked
// against exhaustive scans computed in the same run (recall must be 100 %), and timed
// against two of them: ntm's own (every stored text scored in JavaScript) and a compiled
// brute-force scan (scripts/bench/scan.cpp, built here with g++ -O3 -march=native: same
// score, same length window, one thread, bit-parallel Levenshtein that stops once the
// threshold is out of reach).
//
//   npm run bench                                  all sizes (20–30 minutes)
//   npm run bench -- --sizes 10000,100000          some sizes
//   npm run bench -- --queries 40 --cold 5         fewer queries
//   npm run bench -- --sets new,cutext             some query sets
//   npm run bench -- --mins 70                     some thresholds
//
// Query sets: "long" and "short", half near-repeats of stored pairs (a new small edit) and
// half held-out pairs (as before); "new", NTREX-128 news sentences, which no TM holds (the
// corpus loader leaves them out): the common case of a new article; "paragraphs", three of
// them in a row as one query (a whole paragraph); "cutext", stored
// sentences cut to their first half, or extended by half a news sentence (best matches
// around 50–66 %). Pairs: ../shared/corpora/benchmark/nl-en.tsv, required (see
// scripts/bench/corpus.js, which also says how the larger TMs are made from them).
// Output: a markdown table on stdout and in bench-out/.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { loadNewsPairs, loadRealPairs, tmPairs, tsvLine, variant, vocabularyOf } from './bench/corpus.js';
import { openStore } from '../dist/store/open.js';
import { findMatchIds, findMatchIdsExhaustive } from '../dist/store/lookup.js';
import { norm } from '../dist/core/normalize.js';
import { lookupQueries } from '../dist/core/lookup-queries.js';
import { dutchRules } from '../dist/core/segment/rules.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'bench-out');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const SIZES = option('--sizes', '10000,100000,1000000').split(',').map(Number);
const QUERIES = Number(option('--queries', '100'));
const SETS = option('--sets', 'long,short,new,paragraphs,cutext').split(',');
const MINS = option('--mins', '50,70,90').split(',').map(Number);
const LIMIT = 5;
// Samples for the slow measurements (a fresh process; ntm's exhaustive scan) per row.
const COLD = Number(option('--cold', '10'));
const EXHAUSTIVE = (size) => (size >= 1_000_000 ? 4 : size >= 100_000 ? 10 : 20);
const log = (...m) => process.stderr.write(`${m.join(' ')}\n`);

mkdirSync(out, { recursive: true });
const loadStart = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const { pairs, origin } = loadRealPairs(root);
const news = loadNewsPairs(root).map((p) => p.source);
log(`bench: ${pairs.length} real pairs from ${origin}; ${news.length} news sentences held out of every TM`);

// The compiled reference scan.
const scanBin = join(out, 'scan');
// The segmentation rules `ntm lookup` cuts a pasted text with (the shipped Dutch ones).
const rules = dutchRules();
let scanNote = '';
try {
  execFileSync('g++', ['-O3', '-march=native', '-std=c++17', '-o', scanBin, join(root, 'scripts', 'bench', 'scan.cpp')], { stdio: 'inherit' });
  scanNote = execFileSync('g++', ['--version']).toString().split('\n')[0];
} catch {
  throw new Error('the benchmark needs g++ for its compiled reference scan (apt-get install g++)');
}

// Every 20th real pair is held out of every TM: its text is a sentence the TM has never seen.
const heldOut = new Set(pairs.map((_, i) => i).filter((i) => i % 20 === 7));
const vocabulary = vocabularyOf(pairs.map((p) => p.source));
const words = (s) => s.split(' ').length;
const spread = (list, n) => Array.from({ length: Math.min(n, list.length) }, (_, k) => list[Math.floor((k * list.length) / n)]);

/** The queries of one set, for a TM holding the real pairs before `storedReal`. */
function queriesFor(set, storedReal) {
  if (set === 'new') return spread(news, QUERIES);
  // A whole paragraph of a new article looked up as one text: three news sentences in a row.
  if (set === 'paragraphs') {
    return Array.from({ length: Math.min(QUERIES, news.length - 2) }, (_, k) => {
      const i = Math.floor((k * (news.length - 2)) / QUERIES);
      return news.slice(i, i + 3).join(' ');
    });
  }
  if (set === 'cutext') {
    const stored = pairs.slice(0, storedReal).filter((p, i) => !heldOut.has(i) && words(p.source) >= 6);
    const picked = spread(stored, QUERIES).map((p) => p.source);
    return picked.map((s, k) => {
      const w = s.split(' ');
      if (k % 2 === 0) return w.slice(0, Math.ceil(w.length / 2)).join(' ');
      const other = news[(k * 7919) % news.length].split(' ');
      return [...w, ...other.slice(0, Math.ceil(w.length / 2))].join(' ');
    });
  }
  const fits = (s) => (set === 'short' ? words(s) <= 3 && s.length >= 2 : words(s) >= 4);
  const near = [];
  const unseen = [];
  for (let i = 0; i < pairs.length; i++) {
    const s = pairs[i].source;
    if (!fits(s)) continue;
    if (heldOut.has(i)) unseen.push(s);
    else if (i < storedReal) near.push(variant(s, 777_777 + i, vocabulary));
  }
  return [...spread(near, Math.ceil(QUERIES / 2)), ...spread(unseen, Math.floor(QUERIES / 2))];
}

const percentile = (values, p) => {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)];
};
const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Runs ntm in a fresh process (scripts/bench/measured.js); wall time and peak memory. */
async function ntmProcess(argv, input) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'scripts', 'bench', 'measured.js'), ...argv], {
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  if (input !== undefined) child.stdin.end(input);
  const [code] = await once(child, 'exit');
  const wall = performance.now() - t0;
  const report = JSON.parse(stderr.slice(stderr.lastIndexOf('BENCH ') + 6));
  if (code !== 0) throw new Error(`ntm ${argv.join(' ')} failed (${code}): ${stderr}`);
  return { wall, rssMiB: report.maxRssKiB / 1024, stdout };
}

/** The compiled scan of `texts` for `queries` at `min`: per query its time (ms) and top LIMIT. */
function compiledScan(textsFile, queries, min) {
  const qFile = join(out, 'queries.txt');
  writeFileSync(qFile, `${queries.join('\n')}\n`);
  const r = execFileSync(scanBin, [textsFile, qFile, String(min), String(LIMIT)], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  return r
    .toString()
    .trimEnd()
    .split('\n')
    .map((line) => {
      const [us, ...hits] = line.split('\t');
      return {
        ms: Number(us) / 1000,
        top: hits.map((h) => {
          const [id, score] = h.split(':').map(Number);
          return { id, score };
        }),
      };
    });
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
  const textsFile = join(out, `texts-${size}.tsv`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  log(`\n== ${size} pairs: writing ${tsv}`);
  const stream = createWriteStream(tsv);
  let storedReal = 0;
  for (const p of tmPairs(pairs, size, heldOut)) {
    if (p.origin >= storedReal) storedReal = p.origin + 1;
    if (!stream.write(tsvLine(p.source, p.target))) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');

  log(`   importing`);
  const imp = await ntmProcess(['--db', db, 'import', tsv, '--by', 'bench', '--json']);
  const imported = JSON.parse(imp.stdout).files[0].imported;
  const dbMiB = statSync(db).size / 2 ** 20;
  log(`   ${imported} pairs in ${(imp.wall / 1000).toFixed(1)} s, ${dbMiB.toFixed(0)} MiB, peak RSS ${imp.rssMiB.toFixed(0)} MiB`);

  const store = openStore(db, { create: false });
  // The compiled scan's input: live approved sources, as ntm stores them normalised.
  const textsOut = createWriteStream(textsFile);
  for (const [id, text] of store.db.prepare(`SELECT id, source_norm FROM pairs WHERE deleted_at IS NULL AND status = 'approved'`).raw().iterate()) {
    if (!textsOut.write(`${id}\t${text}\n`)) await once(textsOut, 'drain');
  }
  textsOut.end();
  await once(textsOut, 'finish');

  for (const set of SETS) {
    const queries = queriesFor(set, storedReal).map((q) => norm(q));
    log(`   ${set}: ${queries.length} queries`);
    for (const q of queries.slice(0, 10)) findMatchIds(store.db, q, { min: 70, limit: LIMIT }); // warm-up
    for (const min of MINS) {
      // The reference: the compiled scan (exact; checked against ntm's own on the first queries).
      const scan = compiledScan(textsFile, queries, min);
      const times = [];
      let exact = 0;
      let found = 0;
      let wanted = 0;
      for (const [i, q] of queries.entries()) {
        const t0 = performance.now();
        const got = findMatchIds(store.db, q, { min, limit: LIMIT });
        times.push(performance.now() - t0);
        const expected = scan[i].top;
        if (same(got, expected)) exact++;
        const want = new Set(expected.map((m) => `${m.id}:${m.score}`));
        wanted += want.size;
        found += got.filter((m) => want.has(`${m.id}:${m.score}`)).length;
      }
      const scanTimes = [];
      for (const [i, q] of queries.slice(0, EXHAUSTIVE(size)).entries()) {
        const t0 = performance.now();
        const got = findMatchIdsExhaustive(store.db, q, { min, limit: LIMIT });
        scanTimes.push(performance.now() - t0);
        if (!same(got, scan[i].top)) throw new Error(`the two exhaustive scans disagree on "${q}" at --min ${min}`);
      }
      const cold = [];
      const coldRss = [];
      let coldExact = 0;
      let coldChecked = 0;
      for (const [i, q] of queries.slice(0, COLD).entries()) {
        const r = await ntmProcess(['--db', db, 'lookup', '--min', String(min), '--limit', String(LIMIT), '--json', '--', q]);
        cold.push(r.wall);
        coldRss.push(r.rssMiB);
        // A query of several sentences is looked up sentence by sentence (one JSON line each),
        // the scan looks it up whole: compared only when it is one sentence.
        const out = r.stdout.trimEnd().split('\n');
        if (out.length !== 1) continue;
        coldChecked++;
        const got = JSON.parse(out[0]).matches.map((m) => ({ id: m.id, score: m.score }));
        if (same(got, scan[i].top)) coldExact++;
      }
      // A batch, as `ntm lookup -` runs one: time per query beyond a one-query batch, peak memory.
      let batch = null;
      if (min === 70) {
        const all = await ntmProcess(['--db', db, 'lookup', '-', '--min', '70', '--limit', String(LIMIT), '--json'], `${queries.join('\n')}\n`);
        const one = await ntmProcess(['--db', db, 'lookup', '-', '--min', '70', '--limit', String(LIMIT), '--json'], `${queries[0]}\n`);
        const lines = all.stdout
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l).matches.map((m) => ({ id: m.id, score: m.score })));
        // Each query's lines in turn; a query of several sentences (several lines) is not
        // what the scan looked up, so only one-sentence queries are compared.
        let at = 0;
        let checked = 0;
        for (const [i, q] of queries.entries()) {
          const n = lookupQueries(q, rules).length;
          if (n === 1) {
            checked++;
            if (same(lines[at], scan[i].top)) exact++;
          }
          at += n;
        }
        if (at !== lines.length) throw new Error(`ntm lookup - printed ${lines.length} lines for ${at} sentences`);
        batch = { perQuery: (all.wall - one.wall) / Math.max(1, queries.length - 1), rssMiB: all.rssMiB, checked };
      }
      const row = {
        size: imported,
        importRate: imported / (imp.wall / 1000),
        dbMiB,
        importRssMiB: imp.rssMiB,
        set,
        min,
        queries: queries.length,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        p99: percentile(times, 99),
        batch,
        coldP50: percentile(cold, 50),
        coldMax: Math.max(...cold),
        coldRssMiB: Math.max(...coldRss),
        jsScanP50: percentile(scanTimes, 50),
        compiledP50: percentile(
          scan.map((s) => s.ms),
          50,
        ),
        recall: wanted === 0 ? 1 : found / wanted,
        exact: exact + coldExact,
        checked: queries.length + coldChecked + (batch?.checked ?? 0),
      };
      row.speedupJs = row.jsScanP50 / percentile(times.slice(0, scanTimes.length), 50);
      row.speedupCompiled = row.compiledP50 / row.p50;
      rows.push(row);
      log(
        `   ${set} --min ${min}: p50 ${ms(row.p50)} ms, p95 ${ms(row.p95)}, p99 ${ms(row.p99)}${batch ? `; batch ${ms(batch.perQuery)} ms/query, ${batch.rssMiB.toFixed(0)} MiB` : ''}; cold ${ms(row.coldP50)} ms; compiled scan ${ms(row.compiledP50)} ms (${row.speedupCompiled.toFixed(1)}×); exact ${row.exact}/${row.checked}`,
      );
    }
  }
  store.close();
  if (!args.includes('--keep')) for (const f of [tsv, db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  rmSync(textsFile, { force: true });
}

const header =
  '| pairs | import pairs/s | DB MiB | import peak RSS MiB | queries | --min | p50 ms | p95 ms | p99 ms | batch ms/query, peak RSS MiB | cold `ntm lookup` p50 / max ms | cold RSS MiB | JS exhaustive p50 ms | compiled scan p50 ms | speed-up vs JS / vs compiled | recall | identical to scan |';
const lines = [header, header.replace(/[^|]+/g, '---')];
let last = null;
for (const r of rows) {
  const first = r.size !== last;
  last = r.size;
  lines.push(
    `| ${first ? r.size.toLocaleString('en') : ''} | ${first ? Math.round(r.importRate).toLocaleString('en') : ''} | ${first ? r.dbMiB.toFixed(0) : ''} | ${
      first ? r.importRssMiB.toFixed(0) : ''
    } | ${r.queries} ${r.set} | ${r.min} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.batch ? `${ms(r.batch.perQuery)}, ${r.batch.rssMiB.toFixed(0)}` : ''} | ${ms(r.coldP50)} / ${ms(r.coldMax)} | ${r.coldRssMiB.toFixed(0)} | ${ms(r.jsScanP50)} | ${ms(r.compiledP50)} | ${r.speedupJs.toFixed(0)}× / ${r.compiledP50 < 0.1 ? '— (nothing in the window)' : `${r.speedupCompiled.toFixed(1)}×`} | ${(100 * r.recall).toFixed(1)} % | ${r.exact}/${r.checked} |`,
  );
}
const notes = [
  '',
  `Pairs from ${origin}; TMs above ${pairs.length.toLocaleString('en')} pairs are made of small deterministic edits of them (scripts/bench/corpus.js); the ${news.length} NTREX-128 news sentences are held out of every TM.`,
  `Query sets: long/short = half near-repeats of stored pairs (one to three new edits), half held-out pairs (long = 4 words or more, short = 1–3 words); new = NTREX-128 Dutch news sentences (new to every TM); paragraphs = three of them in a row as one query; cutext = stored sentences cut to their first half, or extended by half a news sentence; --limit ${LIMIT}.`,
  `In one process: findMatchIds on an open TM, per query, after a warm-up of 10 queries (with the posting lists of common bigrams cached, as in a batch). Batch (--min 70): \`ntm lookup -\` with every query of the row on standard input, (wall time − wall time of a one-query batch) / (queries − 1), and the batch's peak RSS. Cold: a new \`ntm lookup --json\` process, wall time from spawn to exit (${COLD} queries per row); a process that only starts (\`ntm --version\`) takes ${ms(idleP50)} ms (p50 of 10) here.`,
  `Compiled scan: scripts/bench/scan.cpp (${scanNote}, -O3 -march=native), one thread, every stored source in the length window compared by bit-parallel Levenshtein with early exit, timed per query inside the program; speed-up = its p50 / ntm's in-process p50 over the same queries. JS exhaustive: findMatchIdsExhaustive on the first queries of each row; speed-up = its p50 / ntm's p50 on those queries.`,
  `Recall: matches found / matches the compiled scan finds (checked equal to ntm's own exhaustive scan on the sampled queries); "identical" counts lookups (in-process, batch and cold) whose result equals it exactly.`,
  `Machine: ${process.platform} ${process.arch}, node ${process.version}, ${cpus().length} cores; load average at start ${loadStart}, at end ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (other work on the machine slows every figure).`,
];
const table = [...lines, ...notes].join('\n');
console.log(table);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(join(out, `lookup-${stamp}.md`), `${table}\n`);
writeFileSync(join(out, `lookup-${stamp}.json`), `${JSON.stringify({ origin, rows }, null, 2)}\n`);
log(`\nwritten to ${join(out, `lookup-${stamp}.md`)}`);
if (rows.some((r) => r.exact !== r.checked)) process.exitCode = 1;
