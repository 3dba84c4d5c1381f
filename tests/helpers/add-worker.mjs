// A writer for the concurrency test: one process that runs `ntm add` through the real CLI
// entry point N times in a row, each a separate open, transaction and close, as N separate
// `ntm add` commands would (without paying for N process starts).
// Usage: node add-worker.mjs <db> <worker> <count>
import { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { run } from '../../dist/cli/main.js';

const [db, worker, count] = process.argv.slice(2);
const sink = () => new Writable({ write: (_c, _e, done) => done() });
const errors = [];
const stderr = new Writable({
  write(chunk, _e, done) {
    errors.push(String(chunk).trim());
    done();
  },
});
let failed = 0;
// Which adds exited 0: those must be found afterwards (restore tests).
const ok = [];
for (let i = 0; i < Number(count); i++) {
  const code = await run(['--db', db, 'add', `Zin ${i} van schrijver ${worker}.`, `Sentence ${i} by writer ${worker}.`], {
    stdout: sink(),
    stderr,
    stdin: Readable.from([]),
    env: { ...process.env, NTM_USER: `writer-${worker}` },
    cwd: process.cwd(),
  });
  if (code !== 0) failed++;
  else ok.push(i);
}
process.stdout.write(`${JSON.stringify({ worker, failed, errors, ok })}\n`);
