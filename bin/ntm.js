#!/usr/bin/env node
// The only file that touches the process: arguments in, exit status out.
import { run } from '../dist/cli/main.js';

process.stdout.on('error', (err) => {
  // A closed pipe (`ntm list | head`) is not an error for the user.
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

let stopSignal;
function onStop() {
  const stopping = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stopping.abort());
  return stopping.signal;
}

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // Read only by commands that take standard input: creating the stream costs a cold start.
  get stdin() {
    return process.stdin;
  },
  // Asked for only by commands that run until stopped (ntm serve): every other command keeps
  // Ctrl-C's usual meaning. A second Ctrl-C ends the process at once.
  get stop() {
    stopSignal ??= onStop();
    return stopSignal;
  },
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
