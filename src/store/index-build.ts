// The lookup index of a bulk import, built in a second thread once the import is large.
//
// Tokenising, sorting and encoding a million pairs' posting lists takes about as long as
// parsing and inserting them; on a machine with a second core, a worker thread does it
// while this thread parses and inserts. Only writing the lists needs the database (and the
// transaction), so that stays here: the worker keeps what it builds (in a scratch file once
// its memory is full, see index-worker.ts) and sends the encoded lists in key order at the
// end, and this thread writes them. The lists are exactly those the same build in this
// thread would make (the same PostingBuilder code runs there, and each list's chunks come in
// the order that build writes them).
import type { Database } from 'better-sqlite3';
import { closeSync, openSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { IndexBuild, IndexWriter, indexBuildMemory } from './match-index/index.js';
import { listKey } from './match-index/codec.js';

/**
 * Pairs travel as the UTF-16 code units of all their texts (source, target, source, …) in
 * one moved buffer, with the length of each: cloning thousands of strings, or one long
 * string built from them, cost the importing thread more than copying their code units.
 */
export type ToWorker = { type: 'pairs'; ids: Float64Array; texts: Uint8Array; lengths: Int32Array } | { type: 'finish' };
/** Encoded lists in key order; `more[i]` is 1 when the build writes list i again, `last` marks the very last message. */
export type FromWorker = { type: 'lists'; keys: Float64Array; ends: Int32Array; more: Uint8Array; bytes: Uint8Array; last: boolean };
/** What the worker starts with: its build memory, the scratch file (open, already unlinked where possible) and the flow counters. */
export interface WorkerData {
  memory: number;
  scratch: number;
  flow: SharedArrayBuffer;
}
/** Index in the flow counters: messages written by this thread. */
export const ACKED = 0;
/** Index in the flow counters: 1 once the import has ended (the worker stops waiting). */
export const STOP = 1;

/** The token of a list key: a token's lists differ only in their band (see listKey). */
export function tokenOf(key: number): number {
  return Math.floor(key / TOKEN_SPAN);
}
const TOKEN_SPAN = listKey(0, 1, 0) - listKey(0, 0, 0);

/** Pairs of an import below this are indexed in this thread: a thread takes time to start. */
const DEFAULT_PARALLEL_FROM = 20_000;
let PARALLEL_FROM = DEFAULT_PARALLEL_FROM;

/** Sets from how many pairs an import indexes in a second thread (the test suite lowers it). */
export function setIndexThreadFrom(pairs = DEFAULT_PARALLEL_FROM): void {
  PARALLEL_FROM = pairs;
}
/** Pairs sent to the worker per message. */
const BATCH = 4096;

/** True when this module runs compiled (a worker thread needs the .js file). */
const canUseWorker = import.meta.url.endsWith('.js');

let scratchCount = 0;

/**
 * Opens a new scratch file for the worker's runs, beside the TM (where there is room for the
 * TM's own temporary files) or, failing that, in the system's temporary folder, unlinked at
 * once, so that nothing is left behind whatever happens to the process. Returns its
 * descriptor and, where it could not be unlinked while open, its path.
 */
function openScratch(db: Database): { fd: number; path: string | null } {
  const name = `.${basename(db.name) || 'ntm'}-index-${process.pid}-${++scratchCount}.tmp`;
  const beside = db.memory || db.name === '' ? null : join(dirname(db.name), name);
  let path = beside ?? join(tmpdir(), name);
  let fd: number;
  try {
    fd = openSync(path, 'wx+', 0o600);
  } catch (err) {
    if (beside === null) throw err;
    path = join(tmpdir(), name);
    fd = openSync(path, 'wx+', 0o600);
  }
  try {
    unlinkSync(path);
    return { fd, path: null };
  } catch {
    return { fd, path };
  }
}

export class ImportIndex {
  private ids: number[] = [];
  private sources: string[] = [];
  private targets: string[] = [];
  // Once the worker runs: the texts of the next message, source and target of each pair in
  // turn (sources and targets), and their lengths.
  private lengths: number[] = [];
  private worker: Worker | undefined;
  private scratch: { fd: number; path: string | null } | undefined;
  private flow: Int32Array | undefined;
  /** The token of the list written last. */
  private token = -1;
  private writer: IndexWriter | undefined;
  private done: Promise<void> | undefined;
  private failure: unknown = undefined;
  private closed = false;
  private finishSent = false;

  constructor(private readonly db: Database) {}

  /** Queues one pair (its normalised texts); ids ascending. */
  add(id: number, source: string, target: string): void {
    this.ids.push(id);
    this.sources.push(source);
    this.targets.push(target);
    if (this.worker) {
      if (this.ids.length >= BATCH) this.send();
      return;
    }
    if (canUseWorker && this.ids.length >= PARALLEL_FROM) this.start();
  }

  private start(): void {
    this.writer = new IndexWriter(this.db);
    this.scratch = openScratch(this.db);
    const flow = new SharedArrayBuffer(8);
    this.flow = new Int32Array(flow);
    const workerData: WorkerData = { memory: indexBuildMemory(), scratch: this.scratch.fd, flow };
    const worker = new Worker(new URL('./index-worker.js', import.meta.url), { workerData });
    this.worker = worker;
    this.done = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        // Never after the import has ended (rolled back or not): there is no transaction.
        if (this.closed) return;
        try {
          this.writeLists(m);
        } catch (err) {
          this.failure ??= err;
        }
        Atomics.add(this.flow!, ACKED, 1);
        Atomics.notify(this.flow!, ACKED);
        if (m.last) resolve();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`the index thread stopped (exit code ${code})`)));
    });
    // Reported by finish(); an import that fails first never asks.
    this.done.catch(() => undefined);
    this.send();
  }

  private send(): void {
    if (this.ids.length === 0) return;
    let units = 0;
    for (let i = 0; i < this.sources.length; i++) {
      this.lengths.push(this.sources[i]!.length, this.targets[i]!.length);
      units += this.sources[i]!.length + this.targets[i]!.length;
    }
    const texts = Buffer.allocUnsafeSlow(units * 2);
    let at = 0;
    for (let i = 0; i < this.sources.length; i++) {
      at += texts.write(this.sources[i]!, at, 'utf16le');
      at += texts.write(this.targets[i]!, at, 'utf16le');
    }
    const message = { type: 'pairs', ids: Float64Array.from(this.ids), texts, lengths: Int32Array.from(this.lengths) } satisfies ToWorker;
    this.worker!.postMessage(message, [message.ids.buffer, message.lengths.buffer, texts.buffer]);
    this.ids = [];
    this.sources = [];
    this.targets = [];
    this.lengths = [];
  }

  private writeLists(m: FromWorker): void {
    let from = 0;
    for (let i = 0; i < m.keys.length; i++) {
      const to = m.ends[i]!;
      // Lists come token by token (index-worker.ts): where the last token's went is not needed again.
      const token = tokenOf(m.keys[i]!);
      if (token !== this.token) {
        this.writer!.forgetChunks();
        this.token = token;
      }
      this.writer!.write(m.keys[i]!, Buffer.from(m.bytes.buffer, m.bytes.byteOffset + from, to - from), m.more[i] === 1);
      from = to;
    }
  }

  /** Tells the worker that no more pairs come, so that it encodes while this thread goes on. */
  finishing(): void {
    if (!this.worker || this.finishSent) return;
    this.finishSent = true;
    this.send();
    this.worker.postMessage({ type: 'finish' } satisfies ToWorker);
  }

  /** Writes everything and marks the index as covering ids up to `through`. */
  async finish(through: number): Promise<void> {
    if (!this.worker) {
      const build = new IndexBuild(this.db);
      for (let i = 0; i < this.ids.length; i++) build.add(this.ids[i]!, this.sources[i]!, this.targets[i]!);
      build.finish(through);
      return;
    }
    this.finishing();
    await this.done;
    if (this.failure) throw this.failure;
    this.writer!.finish(through);
  }

  /** Stops the worker (always call it, done or not). */
  close(): void {
    this.closed = true;
    if (this.flow) {
      Atomics.store(this.flow, STOP, 1);
      Atomics.notify(this.flow, ACKED);
    }
    const { worker, scratch } = this;
    if (!worker || !scratch) return;
    this.scratch = undefined;
    // The descriptor is closed only once the worker has stopped: its number could otherwise
    // be reused by another file while the worker still writes to it.
    const release = (): void => {
      closeSync(scratch.fd);
      if (scratch.path !== null) unlinkSync(scratch.path);
    };
    worker.terminate().then(release, release);
  }
}
