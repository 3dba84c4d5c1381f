#!/usr/bin/env node
// npm run bench:trust — the cost of taking work back: `ntm undo` of a 100k-pair import
// (budget 5 s) and `ntm replace` of a phrase over a 100k-pair TM (budget 2 s), each timed as a
// user sees it: a real process, wall time, median of --runs. The TM is the first --pairs
// lines of ../shared/corpora/benchmark/nl-en.tsv (real pairs), imported with `ntm import`.
//
// Each run also checks the result: after the undo no pair is live, after undoing the undo all
// are back, after the replace no English holds the phrase as whole words.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = join(ROOT, '..', 'shared', 'corpora', 'benchmark', 'nl-en.tsv');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const PAIRS = Number(opt('--pairs', '100000'));
const RUNS = Number(opt('--runs', '3'));
const UNDO_BUDGET_MS = 5_000;
const REPLACE_BUDGET_MS = 2_000;
// Phrases of the English side and how common they are in the first 100k pairs: "dialog box"
// 126 pairs, "toolbar" 521, "click" 2,401 (a style change that touches one pair in forty).
const REPLACEMENTS = [
  ['dialog box', 'dialog'],
  ['toolbar', 'tool bar'],
  ['click', 'select'],
];

if (!existsSync(CORPUS)) {
  process.stderr.write(`bench-trust: ${CORPUS} is missing; this benchmark needs the shared corpora.\n`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'ntm-bench-trust-'));
const tsv = join(dir, 'pairs.tsv');
writeFileSync(tsv, `${readFileSync(CORPUS, 'utf8').split('\n').slice(0, PAIRS).join('\n')}\n`);

function ntm(db, argv) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench', 'measured.js'), '--db', db, ...argv], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`ntm ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  const bench = JSON.parse(/BENCH (.*)$/m.exec(r.stderr)[1]);
  return { ms, rssMiB: bench.maxRssKiB / 1024, stdout: r.stdout };
}
const json = (db, argv) => JSON.parse(ntm(db, [...argv, '--json']).stdout);
const livePairs = (db) => json(db, ['stats']).pairs;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const db = join(dir, `tm-${run}.sqlite`);
    const imported = ntm(db, ['import', tsv, '--by', 'bench']);
    const importId = json(db, ['changes', '--limit', '1']).changes[0].id;
    const stored = livePairs(db);
    const undo = ntm(db, ['undo', String(importId)]);
    if (livePairs(db) !== 0) throw new Error('after the undo some pairs are still live');
    const undoId = json(db, ['changes', '--limit', '1']).changes[0].id;
    const redo = ntm(db, ['undo', String(undoId)]);
    if (livePairs(db) !== stored) throw new Error('undoing the undo did not bring every pair back');
    const replaced = REPLACEMENTS.map(([old, neu]) => {
      const dry = ntm(db, ['replace', old, neu, '--dry-run', '--json']);
      const r = ntm(db, ['replace', old, neu, '--json']);
      const n = JSON.parse(r.stdout).pairs;
      if (json(db, ['replace', old, neu, '--dry-run']).pairs !== 0) throw new Error(`"${old}" is still there after the replace`);
      return { old, neu, pairs: n, ms: r.ms, dryMs: dry.ms, rssMiB: r.rssMiB };
    });
    rows.push({ imported: imported.ms, stored, undo: undo.ms, undoRss: undo.rssMiB, redo: redo.ms, replaced });
    rmSync(db, { force: true });
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const ok = (ms, budget) => (ms <= budget ? `✓ ≤ ${budget / 1000} s` : `✗ over ${budget / 1000} s`);
console.log(
  `\nntm undo and ntm replace on a TM of ${rows[0].stored.toLocaleString('en')} real pairs (${CORPUS}), median of ${RUNS} runs, wall time of the process\n`,
);
console.log('| what | pairs touched | wall, median | fastest | peak RSS MiB | budget |');
console.log('|---|---:|---:|---:|---:|---|');
const line = (what, n, xs, rss, budget) =>
  console.log(
    `| ${what} | ${n.toLocaleString('en')} | ${fmt(median(xs))} | ${fmt(Math.min(...xs))} | ${rss.every(Number.isFinite) ? Math.round(median(rss)) : '—'} | ${budget ? ok(median(xs), budget) : '—'} |`,
  );
line(
  'import (to build the TM)',
  rows[0].stored,
  rows.map((r) => r.imported),
  rows.map(() => NaN),
  0,
);
line(
  'undo of that import',
  rows[0].stored,
  rows.map((r) => r.undo),
  rows.map((r) => r.undoRss),
  UNDO_BUDGET_MS,
);
line(
  'undo of the undo',
  rows[0].stored,
  rows.map((r) => r.redo),
  rows.map(() => NaN),
  0,
);
for (let i = 0; i < REPLACEMENTS.length; i++) {
  const [old, neu] = REPLACEMENTS[i];
  const rs = rows.map((r) => r.replaced[i]);
  line(
    `replace "${old}" → "${neu}"`,
    rs[0].pairs,
    rs.map((r) => r.ms),
    rs.map((r) => r.rssMiB),
    REPLACE_BUDGET_MS,
  );
  line(
    `replace "${old}" --dry-run`,
    rs[0].pairs,
    rs.map((r) => r.dryMs),
    rs.map(() => NaN),
    0,
  );
}
const failed = median(rows.map((r) => r.undo)) > UNDO_BUDGET_MS || REPLACEMENTS.some((_, i) => median(rows.map((r) => r.replaced[i].ms)) > REPLACE_BUDGET_MS);
process.exitCode = failed ? 1 : 0;
