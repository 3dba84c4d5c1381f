// A reader for the restore concurrency test: `ntm lookup` through the real CLI entry point,
// again and again until the file `stop` exists, each a separate open and close. Reports every
// lookup that failed (exit status 2 or more; 1 is "no match", not a failure).
// Usage: node lookup-worker.mjs <db> <stop-file> <query>
import { existsSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { run } from '../../dist/cli/main.js';

const [db, stop, query] = process.argv.slice(2);
const sink = () => new Writable({ write: (_c, _e, done) => done() });
const failures = [];
let runs = 0;
while (!existsSync(stop)) {
  let err = '';
  const stderr = new Writable({
    write(chunk, _e, done) {
      err += String(chunk);
      done();
    },
  });
  const code = await run(['--db', db, 'lookup', query], {
    stdout: sink(),
    stderr,
    stdin: Readable.from([]),
    env: { ...process.env },
    cwd: process.cwd(),
  });
  runs++;
  if (code >= 2) failures.push({ code, err: err.trim() });
  await new Promise((r) => setTimeout(r, 20));
}
process.stdout.write(`${JSON.stringify({ runs, failures })}\n`);
