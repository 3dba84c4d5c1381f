// What every command needs from its surroundings: streams, environment, colour, the
// database path. Commands never touch `process`; bin/ntm.js builds this from it.
import type { ChalkInstance } from 'chalk';
import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { UsageError } from '../core/errors.js';
import { deskRole } from '../store/desk.js';
import { discardNewStore, openStore, type OpenOptions, type Store } from '../store/open.js';
import { colourLevel, loadPalette, PLAIN } from './render/colour.js';

export interface Io {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted when the user asks a long-running command (ntm serve) to stop: Ctrl-C, SIGTERM. */
  stop?: AbortSignal;
}

export interface GlobalOptions {
  db?: string;
  color: boolean;
  verbose?: boolean;
}

/** The per-run context handed to every command. */
export class Context {
  private palette: ChalkInstance | null = null;
  globals: GlobalOptions = { color: true };

  constructor(readonly io: Io) {}

  /** The palette the renderers colour with (see render/colour.ts); plain until prepareColours ran. */
  get c(): ChalkInstance {
    return this.palette ?? PLAIN;
  }

  /** Decides colour for this run (once the global options are known) and loads what it needs. */
  async prepareColours(): Promise<void> {
    this.palette = await loadPalette(colourLevel({ enabled: this.globals.color, env: this.io.env, terminal: this.io.stdout.isTTY === true }));
  }

  /** True when stdout is a person's terminal (for progress bars and prompts). */
  get interactive(): boolean {
    return this.io.stdout.isTTY === true;
  }

  /** SPEC: --db, else $NTM_DB, else ${XDG_DATA_HOME:-~/.local/share}/ntm/tm.sqlite. */
  dbPath(): string {
    const env = this.io.env;
    if (this.globals.db) return this.path(this.globals.db, '--db');
    if (env.NTM_DB) return this.path(env.NTM_DB, 'NTM_DB');
    const base = env.XDG_DATA_HOME ? this.path(env.XDG_DATA_HOME, 'XDG_DATA_HOME') : join(this.home(), '.local', 'share');
    return join(base, 'ntm', 'tm.sqlite');
  }

  private home(): string {
    return this.io.env.HOME || homedir();
  }

  /**
   * A path from the user, absolute. A leading ~ means the home folder, as in a shell: a value
   * in quotes, in an environment variable or after --db= reaches ntm with its ~ unexpanded,
   * and would otherwise name a folder called "~" under the current one.
   */
  path(value: string, what: string): string {
    if (value === '~' || value.startsWith('~/')) return join(this.home(), value.slice(1));
    if (value.startsWith('~')) {
      throw new UsageError(`${what} starts with "${value.split('/')[0]}": ntm expands only ~ (your home folder); write that path out in full.`);
    }
    return resolve(this.io.cwd, value);
  }

  /** How long to wait for another writer: $NTM_BUSY_TIMEOUT milliseconds, else 5 s. */
  busyTimeoutMs(): number | undefined {
    const v = this.io.env.NTM_BUSY_TIMEOUT;
    if (v === undefined || v === '') return undefined;
    if (!/^\d+$/.test(v.trim())) throw new UsageError(`NTM_BUSY_TIMEOUT takes a number of milliseconds, not "${v}".`);
    return Number(v.trim());
  }

  /** What every open of the database shares: the busy timeout and where notices go. */
  storeOptions(create: boolean): OpenOptions {
    return {
      create,
      busyTimeoutMs: this.busyTimeoutMs(),
      onNotice: (m) => this.err(`ntm: ${m}`),
      onStep: this.step,
      // The test suite's switch (see OpenOptions.noFsync); documented for developers only.
      noFsync: this.io.env.NTM_TEST_NO_FSYNC === '1',
    };
  }

  /**
   * Marks a moment inside a command that must be safe to be killed at (the crash tests):
   * with NTM_TEST_STEPS set it is announced on stderr as "ntm-step: <name>", and
   * NTM_TEST_PAUSE=<name>=<ms> holds the command there, so that a test can act at exactly
   * that moment. Without those variables it does nothing.
   */
  readonly step = (name: string): void => {
    const env = this.io.env;
    if (env.NTM_TEST_STEPS) this.io.stderr.write(`ntm-step: ${name}\n`);
    const pause = env.NTM_TEST_PAUSE;
    if (pause?.startsWith(`${name}=`)) {
      const ms = Number(pause.slice(name.length + 1));
      if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    }
  };

  /** Opens the database for reading; a missing one is an error, not created. */
  openForReading(): Store {
    return openStore(this.dbPath(), this.storeOptions(false));
  }

  /**
   * Runs `fn` with the database open for writing. If the database did not exist and `fn`
   * fails, the file this call created is removed again (bad input leaves nothing behind),
   * unless another ntm is using it by now.
   */
  async write<T>(fn: (s: Store) => T | Promise<T>, opts: { deskSync?: boolean } = {}): Promise<T> {
    const path = this.dbPath();
    const existed = existsSync(path);
    const store = openStore(path, this.storeOptions(true));
    try {
      const result = await fn(store);
      if (opts.deskSync !== false) await this.afterWrite(store);
      return result;
    } catch (err) {
      if (!existed) discardNewStore(store);
      throw err;
    } finally {
      if (store.db.open) store.close();
    }
  }

  /**
   * On a TM that has joined a desk: syncs the change set the command wrote when the desk
   * answers quickly. Offline is not an error: the change waits (desk status says so). The
   * write has succeeded whatever happens here.
   */
  private async afterWrite(store: Store): Promise<void> {
    if (!deskRole(store.db)) return;
    const { afterWrite } = await import('../desk/auto.js');
    await afterWrite(store.db, this.io.env, (line) => this.err(line), this.step);
  }

  /** Runs `fn` with the database open for reading (a missing database is an error). */
  async read<T>(fn: (s: Store) => T | Promise<T>): Promise<T> {
    return withStore(this.openForReading(), fn);
  }

  /** The name recorded as approver/changer when --by is not given. */
  defaultUser(): string {
    const env = this.io.env;
    try {
      return env.NTM_USER || userInfo().username || env.USER || 'unknown';
    } catch {
      return env.USER || 'unknown';
    }
  }

  out(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  err(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  json(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** Reads all of standard input as text. */
  async readStdin(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** A text argument, or standard input when it is `-`. */
  async textArg(value: string): Promise<string> {
    return value === '-' ? (await this.readStdin()).replace(/\r?\n$/, '') : value;
  }
}

/** Runs `fn` with a store and always closes it. */
export async function withStore<T>(store: Store, fn: (s: Store) => T | Promise<T>): Promise<T> {
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** Parses a whole number option within bounds, or explains what is wrong. */
export function intOption(name: string, lo: number, hi: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isInteger(n) || n < lo || n > hi) {
      throw new UsageError(`${name} takes a whole number from ${lo} to ${hi}, not "${value}".`);
    }
    return n;
  };
}

/** Parses a pair id argument. */
export function parseId(value: string): number {
  if (!/^#?\d+$/.test(value.trim())) throw new UsageError(`"${value}" is not a pair id (ids are numbers, e.g. 12).`);
  return Number(value.trim().replace('#', ''));
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
