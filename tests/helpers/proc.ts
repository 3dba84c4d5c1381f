// bin/ntm.js as a real process that runs alongside the test: for tests where another process
// must act while a command is at a known moment (see ctx.step: NTM_TEST_STEPS, NTM_TEST_PAUSE).
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, type RunResult } from './cli.js';

export interface Running {
  child: ChildProcess;
  /** Resolves when stderr has shown a line matching `pattern` (at once if it already has). */
  waitFor(pattern: RegExp): Promise<void>;
  /** Resolves with how the process ended (status null and `signal` set when it was killed). */
  done: Promise<RunResult & { signal: NodeJS.Signals | null }>;
}

/** Starts `node <script> …args` (bin/ntm.js unless `script` is given) with a clean environment. */
export function start(args: string[], opts: { env?: Record<string, string>; input?: string; script?: string } = {}): Running {
  const child = spawn(process.execPath, [opts.script ?? BIN, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: join(tmpdir(), 'ntm-test-home-does-not-exist'),
      NTM_USER: 'tester',
      NTM_TEST_NO_FSYNC: '1',
      ...opts.env,
    },
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const w of [...waiters]) {
      if (w.pattern.test(stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  if (opts.input !== undefined) child.stdin!.end(opts.input);
  const done = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (status, signal) => {
      for (const w of waiters) w.resolve();
      resolve({ status, signal, stdout, stderr });
    });
  });
  return {
    child,
    done,
    waitFor: (pattern) =>
      new Promise((resolve) => {
        if (pattern.test(stderr) || child.exitCode !== null) resolve();
        else waiters.push({ pattern, resolve });
      }),
  };
}

/** Runs a process to its end without blocking the test's event loop. */
export function runAsync(args: string[], opts: { env?: Record<string, string>; input?: string; script?: string } = {}): Promise<RunResult> {
  return start(args, opts).done;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
