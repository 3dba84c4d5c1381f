// The CLI in-process: `run(argv, io)` from src/cli/main.ts with captured streams, as cspell's
// tests do. Same result shape as `ntm()` in cli.ts (which spawns bin/ntm.js), so a test can
// switch between them; spawn a real process only where the process is the point (crash,
// concurrency, stdin closing, the import worker thread, smoke tests of bin/ntm.js).
import { Readable, Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';
import { ROOT, type RunResult } from './cli.js';

/** A stream that keeps what is written to it; `isTTY` as asked. */
class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super({ decodeStrings: false });
  }
  override _write(chunk: unknown, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.text += typeof chunk === 'string' ? chunk : String(chunk);
    done();
  }
}

export interface InProcessOptions {
  input?: string;
  env?: Record<string, string>;
  cwd?: string;
  /** Pretend stdout is a terminal (colour and progress bars as a person sees them). */
  tty?: boolean;
}

/** Runs ntm in this process with a clean environment, as `ntm()` does with a real one. */
export async function cli(args: string[], opts: InProcessOptions = {}): Promise<RunResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: opts.env?.HOME ?? join(tmpdir(), 'ntm-test-home-does-not-exist'),
    NTM_USER: 'tester',
    NTM_TEST_NO_FSYNC: '1',
    ...opts.env,
  };
  const stdout = new Capture(opts.tty ?? false);
  const stderr = new Capture(false);
  const stdin = Readable.from(opts.input === undefined ? [] : [Buffer.from(opts.input)]);
  const status = await run(args, { stdout, stderr, stdin, env, cwd: opts.cwd ?? ROOT });
  return { status, stdout: stdout.text, stderr: stderr.text };
}
