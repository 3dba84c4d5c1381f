#!/usr/bin/env node
// npm test: the type check, the linter and the test suite side by side. The type check runs on
// one core, and so does the start of the suite (building dist/ for the process tests); run one
// after the other, the machine's second core would wait through both (the linter, Biome, takes
// well under a second). Their findings are printed after the tests' report; any failing fails
// the run.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/${name}`, import.meta.url));

function run(args, capture) {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (capture) {
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
    }
    child.on('close', (code, signal) => done({ code: code ?? (signal ? 1 : 0), output }));
  });
}

// The type check keeps what it learnt for the next run (tsc's --incremental, in node_modules'
// cache folder, which a fresh clone does not have): a file is checked again only when it, or
// a file it depends on, changed.
const typeCache = fileURLToPath(new URL('../node_modules/.cache/ntm/typecheck.tsbuildinfo', import.meta.url));

const [types, lint, tests] = await Promise.all([
  run([bin('typescript/bin/tsc'), '--noEmit', '--incremental', '--tsBuildInfoFile', typeCache], true),
  run([bin('@biomejs/biome/bin/biome'), 'check', '--error-on-warnings', '--colors=off', '.'], true),
  run([bin('vitest/vitest.mjs'), 'run', ...process.argv.slice(2)], false),
]);
if (types.code !== 0) process.stderr.write(`\nType check (tsc --noEmit) failed:\n${types.output}`);
else process.stdout.write('\nType check (tsc --noEmit): no errors.\n');
if (lint.code !== 0) process.stderr.write(`\nLint (npm run lint, Biome) failed:\n${lint.output}`);
else process.stdout.write('Lint (npm run lint, Biome): no findings.\n');
process.exitCode = types.code || lint.code || tests.code;
