#!/usr/bin/env node
// npm run bench: every benchmark, one after the other, each printing its own table.
//
//   1. scripts/bench.js            fuzzy lookup at 10k, 100k and 1M pairs (issue 3): import
//                                  rate, size, memory, latency, recall against a full scan
//   2. scripts/bench-analyze.mjs   `ntm analyze` of a 50-sentence article against the 1M TM
//                                  that step 1 built (issue 5)
//   3. scripts/bench-interchange.mjs  TMX import of 117k and 351k pairs (issue 4)
//   4. scripts/bench-check.mjs     `ntm check` of a 1,000-segment draft (issue 7)
//   5. scripts/bench-serve.mjs     warm GET /api/lookup of `ntm serve` at 100k pairs (issue 18)
//   6. scripts/bench-trust.mjs     `ntm undo` of a 100k-pair import and `ntm replace` over
//                                  100k pairs (issue 13)
//   7. scripts/bench-desk.mjs      the desk on a throwaway PostgreSQL: first join of 100k and
//                                  1M pairs, a sync of 1,000 change sets, 20 clients at once
//
// Options for step 1 are passed on (`npm run bench -- --sizes 10000,100000`); step 2 then
// uses the largest TM built. The TMs are removed at the end. Not part of `npm test`: speed
// targets are measured here, never asserted in tests.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const sizesAt = args.indexOf('--sizes');
const sizes = (sizesAt >= 0 ? args[sizesAt + 1] : '10000,100000,1000000').split(',').map(Number);
const largest = Math.max(...sizes);
const out = join(root, 'bench-out');
const tm = join(out, `tm-${largest}.sqlite`);

let failed = false;
function step(script, stepArgs) {
  process.stderr.write(`\n### node scripts/${script} ${stepArgs.join(' ')}\n`);
  const r = spawnSync(process.execPath, [join(root, 'scripts', script), ...stepArgs], { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`scripts/${script} failed (exit ${r.status ?? r.signal})\n`);
    failed = true;
  }
}

try {
  step('bench.js', [...args, '--keep']);
  step('bench-analyze.mjs', existsSync(tm) ? ['--db', tm] : []);
  step('bench-interchange.mjs', []);
  step('bench-check.mjs', []);
  step('bench-serve.mjs', []);
  step('bench-trust.mjs', []);
  step('bench-desk.mjs', []);
} finally {
  for (const size of sizes) {
    for (const suffix of ['.tsv', '.sqlite', '.sqlite-wal', '.sqlite-shm']) rmSync(join(out, `tm-${size}${suffix}`), { force: true });
  }
}
process.exitCode = failed ? 1 : 0;
