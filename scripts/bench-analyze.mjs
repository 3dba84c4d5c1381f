#!/usr/bin/env node
// Times `ntm analyze` (a real process, as a translator runs it) of a 50-sentence article
// against a translation memory of N segments (issue 5's target: ≤ 3 s at 1M segments), and
// of an article of 60 news sentences the TM does not hold (NTREX-128, which the benchmark
// corpus leaves out; issue 17's target: ≤ 3 s and ≤ 300 MB at 1M), with its peak memory.
//
//   node scripts/bench-analyze.mjs                     build (or reuse) a 100k TM from real pairs
//   node scripts/bench-analyze.mjs --size 300000
//   node scripts/bench-analyze.mjs --db /path/tm.sqlite   an existing TM (e.g. the 1M one of `npm run bench`)
//
// Options: --runs R (default 3), --rebuild (build the TM again), --article FILE (use your own),
// --skip-exact (leave out the one run of `ntm analyze --exact`, the exhaustive reference).
// The TM is built from real Dutch–English pairs: every TSV of ../shared/corpora (required);
// to reach N, pairs are joined two by two into longer
// segments. It is imported with `ntm import`, so it holds whatever ntm's import stores.
// The article: the seed article's sentences, plus sentences taken from the TM itself, half of
// them with one word changed, so that every band has work in it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { corporaDir, corporaFiles } from './bench/corpus.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'ntm.js');
const SEED = join(ROOT, 'data', 'hasaka-2022-nl.txt');
const ARTICLE_SENTENCES = 50;

const { values: opt } = parseArgs({
  options: {
    db: { type: 'string' },
    size: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    rebuild: { type: 'boolean', default: false },
    article: { type: 'string' },
    'skip-exact': { type: 'boolean', default: false },
  },
});
const size = Number(opt.size);
const runs = Number(opt.runs);

const clean = (s) => s.normalize('NFC').replace(/\s+/gu, ' ').trim();

/** Real pairs, distinct, in a fixed order. */
function realPairs() {
  const seen = new Set();
  const pairs = [];
  const push = (nl, en) => {
    const s = clean(nl);
    const t = clean(en);
    if (!s || !t || s === t || s.length > 300 || s.includes('\t') || t.includes('\t') || seen.has(`${s}\t${t}`)) return;
    seen.add(`${s}\t${t}`);
    pairs.push({ source: s, target: t });
  };
  // The news sentences stay out of the TM: they are the new article below.
  for (const file of corporaFiles(ROOT).filter((f) => !f.includes('/news/'))) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [nl, en] = line.split('\t');
      if (nl && en) push(nl, en);
    }
  }
  return { pairs, origin: corporaDir(ROOT) };
}

/** ntm in a process that reports its peak memory (scripts/bench/measured.js). */
function ntmMeasured(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench', 'measured.js'), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`ntm ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const report = JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('BENCH ') + 6));
  return { ...r, seconds, rssMiB: report.maxRssKiB / 1024 };
}

function ntm(args, input) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`ntm ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ...r, seconds };
}

/** Builds a TM of about `n` segments from real pairs, with `ntm import`. */
function buildTm(path, n) {
  const { pairs, origin } = realPairs();
  console.log(`building ${path}: ${n} segments from ${pairs.length} real pairs (${origin})`);
  const rows = ['nl\ten'];
  for (let i = 0; rows.length <= n; i++) {
    const round = Math.floor(i / pairs.length);
    const a = pairs[i % pairs.length];
    if (round === 0) {
      rows.push(`${a.source}\t${a.target}`);
      continue;
    }
    const b = pairs[(i * 7919 + round * 104729) % pairs.length];
    rows.push(`${a.source} ${b.source}\t${a.target} ${b.target}`);
  }
  const tsv = join(dirname(path), `ntm-bench-${n}.tsv`);
  writeFileSync(tsv, `${rows.join('\n')}\n`);
  rmSync(path, { force: true });
  const r = ntm(['--db', path, 'import', tsv, '--by', 'bench']);
  rmSync(tsv, { force: true });
  console.log(`  ${r.stdout.trim()} in ${r.seconds.toFixed(1)} s`);
}

/** Sentences for the article: the seed's, then the TM's own, half with one word changed. */
function buildArticle(dbPath) {
  const seed = ntm(['segment', SEED, '--json']);
  const sentences = JSON.parse(seed.stdout)
    .segments.filter((s) => s.translatable)
    .map((s) => s.text);
  const db = new Database(dbPath, { readonly: true });
  const total = db.prepare(`SELECT max(id) AS n FROM pairs`).get().n;
  const pick = db.prepare(`SELECT source FROM pairs WHERE id >= ? AND kind = 'segment' AND deleted_at IS NULL ORDER BY id LIMIT 200`);
  const fromTm = [];
  // Sentences of 6 words or more that end like a sentence, spread over the whole TM.
  for (let k = 1; fromTm.length < ARTICLE_SENTENCES - sentences.length && k < 1000; k++) {
    const start = Math.floor((total * k) / 37) % total;
    const row = pick.all(start).find((r) => /^\p{Lu}[^.!?]*[.!?]$/u.test(r.source) && r.source.split(' ').length >= 6);
    if (!row || fromTm.includes(row.source)) continue;
    const words = row.source.split(' ');
    if (fromTm.length % 2 === 1) words[Math.floor(words.length / 2)] = 'gewijzigd';
    fromTm.push(words.join(' '));
  }
  db.close();
  return [...sentences, ...fromTm]
    .slice(0, ARTICLE_SENTENCES)
    .map((s) => `${s}\n`)
    .join('\n');
}

let dbPath = opt.db;
if (dbPath) {
  if (!existsSync(dbPath)) throw new Error(`${dbPath}: no such database`);
} else {
  const dir = join(tmpdir(), 'ntm-bench');
  mkdirSync(dir, { recursive: true });
  dbPath = join(dir, `analyze-${size}.sqlite`);
  if (opt.rebuild || !existsSync(dbPath)) buildTm(dbPath, size);
  else console.log(`reusing ${dbPath} (--rebuild builds it again)`);
}

const articleText = opt.article ? readFileSync(opt.article, 'utf8') : buildArticle(dbPath);
const articlePath = join(tmpdir(), 'ntm-bench-article.txt');
writeFileSync(articlePath, articleText);
const segments = JSON.parse(ntm(['segment', articlePath, '--json']).stdout).segments.length;
const tmSize = new Database(dbPath, { readonly: true }).prepare(`SELECT count(*) AS n FROM pairs WHERE deleted_at IS NULL`).get().n;

const startup = ntm(['--version']).seconds;
const times = [];
let last;
for (let i = 0; i < runs; i++) {
  last = ntm(['--db', dbPath, 'analyze', articlePath, '--json']);
  times.push(last.seconds);
}
times.sort((a, b) => a - b);
const bands = JSON.parse(last.stdout)
  .summary.bands.map((b) => `${b.label} ${b.segments}`)
  .join(', ');
console.log(`TM: ${tmSize} pairs; article: ${segments} segments`);
console.log(`bands: ${bands}`);
console.log(`ntm --version (process start): ${startup.toFixed(2)} s`);
console.log(
  `ntm analyze: median ${times[Math.floor(times.length / 2)].toFixed(2)} s, best ${times[0].toFixed(2)} s, worst ${times.at(-1).toFixed(2)} s over ${runs} runs (target ≤ 3 s at 1M)`,
);

// Once with --exact: what the estimate of the 50–74 band costs in accuracy, on this article.
if (!opt['skip-exact']) {
  const exact = ntm(['--db', dbPath, 'analyze', articlePath, '--json', '--exact']);
  const a = JSON.parse(last.stdout).segments;
  const b = JSON.parse(exact.stdout).segments;
  const differ = a.filter((s, i) => s.band !== b[i].band || s.score !== b[i].score).length;
  console.log(`ntm analyze --exact: ${exact.seconds.toFixed(2)} s; segments whose band or score differ from the estimate: ${differ} of ${a.length}`);
}

// An article of new sentences: 60 NTREX-128 news sentences, one paragraph each.
const newsTsv = join(corporaDir(ROOT), 'news', 'ntrex128-nl-en.tsv');
if (existsSync(newsTsv)) {
  const news = readFileSync(newsTsv, 'utf8')
    .split('\n')
    .map((l) => clean(l.split('\t')[0] ?? ''))
    .filter(Boolean);
  const picked = Array.from({ length: 60 }, (_, k) => news[Math.floor((k * news.length) / 60) + 3]);
  const newsPath = join(tmpdir(), 'ntm-bench-news-article.txt');
  writeFileSync(newsPath, `${picked.join('\n\n')}\n`);
  const newsSegments = JSON.parse(ntm(['segment', newsPath, '--json']).stdout).segments.length;
  const runsNews = [];
  let lastNews;
  for (let i = 0; i < runs; i++) runsNews.push((lastNews = ntmMeasured(['--db', dbPath, 'analyze', newsPath, '--json'])));
  const secs = runsNews.map((r) => r.seconds).sort((a, b) => a - b);
  const rss = Math.max(...runsNews.map((r) => r.rssMiB));
  const newsBands = JSON.parse(lastNews.stdout)
    .summary.bands.map((b) => `${b.label} ${b.segments}`)
    .join(', ');
  console.log(`news article: ${newsSegments} segments; bands: ${newsBands}`);
  console.log(
    `ntm analyze (news article): median ${secs[Math.floor(secs.length / 2)].toFixed(2)} s, best ${secs[0].toFixed(2)} s, worst ${secs.at(-1).toFixed(2)} s over ${runs} runs; peak RSS ${rss.toFixed(0)} MiB (target ≤ 3 s, ≤ 300 MB at 1M)`,
  );
} else console.log(`no ${newsTsv}: the news-article measurement is left out`);
