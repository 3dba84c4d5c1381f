#!/usr/bin/env node
// npm run bench:check — how long `ntm check` takes on a 1,000-segment draft against a TM of
// 100,000 pairs and 10,000 terms (budget: 2 s), timed as a user would see it: a real process.
//
// Everything is built deterministically from real Dutch–English pairs nobody on this project
// wrote: every TSV of ../shared/corpora (required). The TM is the real pairs
// plus pairs made by joining two real ones; the terms are real short pairs (a few words) plus
// terms made by joining two of them; the draft is held-out real pairs (new text), stored
// sentences (approved as they stand) and stored sentences with a changed translation.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corporaDir, corporaFiles } from './bench/corpus.js';
import { openStore } from '../dist/store/open.js';
import { addPair } from '../dist/store/pairs.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TM_PAIRS = 100_000;
const TERMS = 10_000;
const DRAFT_SEGMENTS = 1_000;
const RUNS = 5;
const BUDGET_MS = 2_000;

const clean = (s) => s.normalize('NFC').replace(/\s+/gu, ' ').trim();

/** Distinct real pairs, in a fixed order, and where they came from. */
function realPairs() {
  const seen = new Set();
  const pairs = [];
  const push = (nl, en) => {
    const s = clean(nl);
    const t = clean(en);
    if (!s || !t || s === t || s.length > 300 || seen.has(s)) return;
    seen.add(s);
    pairs.push({ source: s, target: t });
  };
  for (const file of corporaFiles(ROOT)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [nl, en] = line.split('\t');
      if (nl && en) push(nl, en);
    }
  }
  return { pairs, origin: corporaDir(ROOT) };
}

const words = (s) => s.split(' ').length;
const isShort = (p) => words(p.source) <= 3 && /^[\p{L} -]+$/u.test(p.source) && /^[\p{L} -]+$/u.test(p.target);
const isSentence = (p) => words(p.source) >= 4 && !p.source.includes('\t') && !p.target.includes('\t');

function build(dir) {
  const { pairs, origin } = realPairs();
  const sentences = pairs.filter(isSentence);
  const heldOut = new Set(sentences.filter((_, i) => i % 20 === 7).slice(0, Math.round(DRAFT_SEGMENTS * 0.8)));
  const tmReal = pairs.filter((p) => !heldOut.has(p)).slice(0, TM_PAIRS);
  const store = openStore(join(dir, 'tm.sqlite'), { create: true });
  const { db } = store;
  const at = '2024-01-01T00:00:00Z';
  let segments = 0;
  db.transaction(() => {
    for (const p of tmReal) if (addPair(db, { kind: 'segment', source: p.source, target: p.target, by: 'bench', at }).outcome === 'added') segments++;
    for (let k = 0; segments < TM_PAIRS; k++) {
      const a = tmReal[k % tmReal.length];
      // The second half shifts every round, so that rounds make new pairs.
      const b = tmReal[(k * 7919 + Math.floor(k / tmReal.length) * 104729 + 13) % tmReal.length];
      const r = addPair(db, { kind: 'segment', source: `${a.source} ${b.source}`, target: `${a.target} ${b.target}`, by: 'bench', at });
      if (r.outcome === 'added') segments++;
    }
  })();
  const short = pairs.filter(isShort);
  let terms = 0;
  db.transaction(() => {
    const addTerm = (source, target, k) => {
      if (addPair(db, { kind: 'term', source, target, by: 'bench', at }).outcome !== 'added') return;
      terms++;
      const reversed = target.split(' ').reverse().join(' ');
      if (k % 4 === 0 && reversed !== target) addPair(db, { kind: 'term', source, target: reversed, status: 'forbidden', by: 'bench', at });
    };
    for (let k = 0; k < short.length && terms < TERMS * 0.8; k++) addTerm(short[k].source, short[k].target, k);
    for (let k = 0; terms < TERMS; k++) {
      const a = short[k % short.length];
      const b = short[(k * 31 + Math.floor(k / short.length) * 7919 + 7) % short.length];
      addTerm(`${a.source} ${b.source}`, `${a.target} ${b.target}`, k);
    }
  })();
  store.close();

  const stored = sentences.filter((p) => !heldOut.has(p));
  const draft = [...heldOut];
  for (let k = 0; draft.length < DRAFT_SEGMENTS; k++) {
    const p = stored[(k * 104729) % stored.length];
    draft.push(k % 2 === 0 ? p : { source: p.source, target: `${p.target} (draft)` });
  }
  draft.sort((a, b) => (a.source < b.source ? -1 : 1));
  writeFileSync(join(dir, 'draft.tsv'), draft.map((p) => `${p.source}\t${p.target}\n`).join(''));
  return { origin, segments, terms, draft: draft.length };
}

/** CPU seconds (user + system) of the waited-for children so far; Linux only, else null. */
function childrenCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in ticks of 1/100 s
  } catch {
    return null;
  }
}

function timeCheck(dir) {
  const args = [join(ROOT, 'bin', 'ntm.js'), '--db', join(dir, 'tm.sqlite'), 'check', join(dir, 'draft.tsv'), '--json', '--no-exit-code'];
  const cpu0 = childrenCpu();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  const cpu1 = childrenCpu();
  if (r.status !== 0) throw new Error(`ntm check failed (${r.status}): ${r.stderr}`);
  return { ms, cpuMs: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) * 1000, summary: JSON.parse(r.stdout).summary };
}

// --keep DIR: build into DIR once and keep it (for profiling: node --cpu-prof bin/ntm.js --db DIR/tm.sqlite check DIR/draft.tsv).
const keepAt = process.argv.indexOf('--keep');
const keep = keepAt > 0 ? process.argv[keepAt + 1] : undefined;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'ntm-bench-check-'));
try {
  const t0 = performance.now();
  const built = keep && existsSync(join(dir, 'built.json')) ? JSON.parse(readFileSync(join(dir, 'built.json'), 'utf8')) : build(dir);
  if (keep) writeFileSync(join(dir, 'built.json'), JSON.stringify(built));
  const buildMs = performance.now() - t0;
  const runs = [];
  const cpu = [];
  let summary;
  for (let i = 0; i < RUNS; i++) {
    const r = timeCheck(dir);
    runs.push(r.ms);
    if (r.cpuMs !== null) cpu.push(r.cpuMs);
    summary = r.summary;
  }
  runs.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const median = runs[Math.floor(runs.length / 2)];
  const cpuMedian = cpu.length ? `${(cpu[Math.floor(cpu.length / 2)] / 1000).toFixed(2)} s` : 'n/a';
  const kinds = Object.entries(summary.byKind)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  console.log(`\n## ntm check (real pairs from ${built.origin}; TM built in ${(buildMs / 1000).toFixed(1)} s)\n`);
  console.log('| TM segments | terms | draft segments | issues found | wall, median of 5 | fastest | CPU (user+sys), median | budget (wall) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(
    `| ${built.segments.toLocaleString('en')} | ${built.terms.toLocaleString('en')} | ${built.draft.toLocaleString('en')} | ${summary.issues.toLocaleString('en')} | ${(median / 1000).toFixed(2)} s | ${(runs[0] / 1000).toFixed(2)} s | ${cpuMedian} | ${median <= BUDGET_MS ? '✓' : '✗'} ≤ ${BUDGET_MS / 1000} s |`,
  );
  console.log('\nWall time is a whole `ntm check` process as a user waits for it (Node start-up included); on a busy machine it is higher than the CPU time.');
  console.log(`\nIssues by kind: ${kinds}. ${summary.approved.length} draft segments were approved TM pairs.`);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
