// The lookup index of a bulk import, built in a second thread once the import is large.
//
// Tokenising, sorting and encoding a million pairs' posting lists takes about as long as
// parsing and inserting them; on a machine with a second core, a worker thread does it
// while this thread parses and inserts. Only writing the lists needs the database (and the
// transaction), so that stays here: the worker sends encoded lists, and this thread writes
// them whenever it waits for input anyway, and the rest at the end. The lists are exactly
// those the same build in this thread would make (the same PostingBuilder code runs there).
import type { Database } from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { IndexBuild, IndexWriter, indexBuildMemory } from './match-index/index.js';

/**
 * Pairs travel as one string of all their texts (source, target, source, …) and the length
 * of each: a message of one string is copied at memory speed, one of thousands of strings is
 * cloned string by string.
 */
export type ToWorker = { type: 'pairs'; ids: Float64Array; texts: string; lengths: Int32Array } | { type: 'finish' };
/** Encoded lists: `final` when they are from the build's last flush, `last` for the very last message. */
export type FromWorker = { type: 'lists'; keys: Float64Array; ends: Int32Array; bytes: Uint8Array; final: boolean; last: boolean };

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

export class ImportIndex {
  private ids: number[] = [];
  private sources: string[] = [];
  private targets: string[] = [];
  // Once the worker runs: the texts of the next message, source and target of each pair
  // in turn, as one string built by concatenation (flattened once, when it is sent).
  private text = '';
  private lengths: number[] = [];
  private worker: Worker | undefined;
  private writer: IndexWriter | undefined;
  private done: Promise<void> | undefined;
  private failure: unknown = undefined;
  private closed = false;
  private finishSent = false;

  constructor(private readonly db: Database) {}

  /** Queues one pair (its normalised texts); ids ascending. */
  add(id: number, source: string, target: string): void {
    this.ids.push(id);
    if (this.worker) {
      this.text += source;
      this.text += target;
      this.lengths.push(source.length, target.length);
      if (this.ids.length >= BATCH) this.send();
      return;
    }
    this.sources.push(source);
    this.targets.push(target);
    if (canUseWorker && this.ids.length >= PARALLEL_FROM) this.start();
  }

  private start(): void {
    this.writer = new IndexWriter(this.db);
    const worker = new Worker(new URL('./index-worker.js', import.meta.url), { workerData: { memory: indexBuildMemory() } });
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
    // The pairs queued before the worker started come from the arrays.
    for (let i = 0; i < this.sources.length; i++) {
      this.text += this.sources[i]!;
      this.text += this.targets[i]!;
      this.lengths.push(this.sources[i]!.length, this.targets[i]!.length);
    }
    const message = { type: 'pairs', ids: Float64Array.from(this.ids), texts: this.text, lengths: Int32Array.from(this.lengths) } satisfies ToWorker;
    this.worker!.postMessage(message, [message.ids.buffer, message.lengths.buffer]);
    this.ids = [];
    this.sources = [];
    this.targets = [];
    this.text = '';
    this.lengths = [];
  }

  private writeLists(m: FromWorker): void {
    let from = 0;
    for (let i = 0; i < m.keys.length; i++) {
      const to = m.ends[i]!;
      this.writer!.write(m.keys[i]!, Buffer.from(m.bytes.buffer, m.bytes.byteOffset + from, to - from), !m.final);
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
    void this.worker?.terminate();
  }
}
