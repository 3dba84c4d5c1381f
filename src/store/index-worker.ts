// The thread that builds the lookup index of a large import (see ImportIndex in
// index-build.ts): it receives the pairs' normalised texts in batches, tokenises them as they
// come, and sends back the encoded posting lists, which the importing thread writes in its
// transaction. Only the writing needs the database; this thread never opens it.
//
// When the pairs fill the build's memory before the import ends, the lists built so far (a
// run) go to a scratch file instead of to the database: written into the TM then, every run
// would insert its lists all over a table that only grows, and every later run would read and
// write most of its pages again. At the end the runs are merged token by token, so the lists
// reach the database in key order (appended, page after page), each token's lists in the
// order the runs made them: the same rows they make when written as they come (merge()).
import { readSync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PostingBuilder } from './match-index/builder.js';
import { SOURCE_SIDE, TARGET_SIDE } from './match-index/codec.js';
import type { ToWorker, FromWorker, WorkerData } from './index-build.js';
import { ACKED, STOP, tokenOf } from './index-build.js';

const port = parentPort!;
const data = workerData as WorkerData;
const builder = new PostingBuilder(data.memory);
const flow = new Int32Array(data.flow);

/** Bytes of encoded lists per message: this thread goes on encoding while they are written. */
const MESSAGE_BYTES = 1 << 21;
/** Messages sent and not yet written by the importing thread; beyond this, this thread waits. */
const AHEAD = 4;
/** Bytes of a run read from the scratch file at a time, while merging. */
const WINDOW = 1 << 18;

/** A run: its lists' keys (ascending) and where each list ends, from `start` in the scratch file. */
interface Run {
  keys: Float64Array;
  ends: Int32Array;
  start: number;
}
const runs: Run[] = [];
/** Bytes written to the scratch file so far. */
let spilled = 0;
let sent = 0;

/** Lists gathered into messages of a few MB, each list with whether the build writes it again. */
class Outbox {
  private keys: number[] = [];
  private ends: number[] = [];
  private more: number[] = [];
  private bytes = new Uint8Array(MESSAGE_BYTES);
  private n = 0;

  put(key: number, postings: Uint8Array, more: boolean): void {
    if (this.n + postings.length > this.bytes.length) {
      if (this.n > 0) this.send(false);
      if (postings.length > this.bytes.length) this.bytes = new Uint8Array(postings.length);
    }
    this.bytes.set(postings, this.n);
    this.n += postings.length;
    this.keys.push(key);
    this.ends.push(this.n);
    this.more.push(more ? 1 : 0);
  }

  /** Sends what is gathered (moved, not copied); waits while the other thread is behind. */
  send(last: boolean): void {
    // Messages the importing thread has not written yet wait in its queue, in memory.
    while (sent - Atomics.load(flow, ACKED) >= AHEAD && Atomics.load(flow, STOP) === 0) Atomics.wait(flow, ACKED, Atomics.load(flow, ACKED), 1000);
    if (Atomics.load(flow, STOP) !== 0) throw new Error('the import has ended');
    const message = {
      type: 'lists',
      keys: Float64Array.from(this.keys),
      ends: Int32Array.from(this.ends),
      more: Uint8Array.from(this.more),
      bytes: this.bytes.slice(0, this.n),
      last,
    } satisfies FromWorker;
    port.postMessage(message, [message.keys.buffer, message.ends.buffer, message.more.buffer, message.bytes.buffer]);
    sent++;
    this.keys = [];
    this.ends = [];
    this.more = [];
    this.n = 0;
  }
}

/** Writes every list the builder holds to the scratch file as one run. */
function spill(): void {
  const keys: number[] = [];
  const ends: number[] = [];
  const start = spilled;
  let buffer = Buffer.allocUnsafe(MESSAGE_BYTES);
  let n = 0;
  let last = -1;
  const write = (): void => {
    for (let at = 0; at < n; ) at += writeSync(data.scratch, buffer, at, n - at, spilled + at);
    spilled += n;
    n = 0;
  };
  builder.flush((key, postings) => {
    // The merge relies on it; the builder hands lists over in key order.
    if (key <= last) throw new Error('index build: lists out of key order');
    last = key;
    if (n + postings.length > buffer.length) {
      write();
      if (postings.length > buffer.length) buffer = Buffer.allocUnsafe(postings.length);
    }
    buffer.set(postings, n);
    n += postings.length;
    keys.push(key);
    ends.push(spilled - start + n);
  });
  write();
  runs.push({ keys: Float64Array.from(keys), ends: Int32Array.from(ends), start });
}

/** A run being read back in key order, through a window of the scratch file. */
class Cursor {
  at = 0;
  private window = Buffer.allocUnsafe(WINDOW);
  private from = 0;
  private to = 0;
  constructor(readonly run: Run) {}

  get key(): number {
    return this.run.keys[this.at]!;
  }

  /** The postings of the current list (valid until the next call). */
  postings(): Uint8Array {
    const { run } = this;
    const begin = run.start + (this.at === 0 ? 0 : run.ends[this.at - 1]!);
    const end = run.start + run.ends[this.at]!;
    if (begin < this.from || end > this.to) {
      const size = Math.min(Math.max(WINDOW, end - begin), run.start + run.ends[run.ends.length - 1]! - begin);
      if (size > this.window.length) this.window = Buffer.allocUnsafe(size);
      let got = 0;
      while (got < size) {
        const n = readSync(data.scratch, this.window, got, size - got, begin + got);
        if (n === 0) throw new Error('index build: the scratch file ended early');
        got += n;
      }
      this.from = begin;
      this.to = begin + size;
    }
    return this.window.subarray(begin - this.from, end - this.from);
  }
}

/**
 * Sends every list of every run, token by token: a token's lists of the first run, then its
 * lists of the next, and so on. That is the order in which a build that writes each batch as
 * it comes writes them, as far as it matters: writing one token's lists only ever touches
 * that token's rows (a mixed list grown too large is spread over the token's band lists).
 */
function merge(): void {
  const out = new Outbox();
  const finalRun = runs[runs.length - 1]!;
  // A binary heap of cursors by (token, run order): few runs, many lists.
  const heap = runs.map((r) => new Cursor(r)).filter((c) => c.run.keys.length > 0);
  const before = (a: Cursor, b: Cursor): boolean => {
    const ta = tokenOf(a.key);
    const tb = tokenOf(b.key);
    return ta < tb || (ta === tb && a.run.start < b.run.start);
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) return;
      const c = l + 1 < heap.length && before(heap[l + 1]!, heap[l]!) ? l + 1 : l;
      if (!before(heap[c]!, heap[i]!)) return;
      [heap[c], heap[i]] = [heap[i]!, heap[c]!];
      i = c;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  while (heap.length > 0) {
    const c = heap[0]!;
    const token = tokenOf(c.key);
    const more = c.run !== finalRun;
    do out.put(c.key, c.postings(), more);
    while (++c.at < c.run.keys.length && tokenOf(c.key) === token);
    if (c.at === c.run.keys.length) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    down(0);
  }
  out.send(true);
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'pairs') {
    const texts = Buffer.from(m.texts.buffer, m.texts.byteOffset, m.texts.byteLength).toString('utf16le');
    let at = 0;
    for (let i = 0; i < m.ids.length; i++) {
      const source = texts.slice(at, (at += m.lengths[i * 2]!));
      const target = texts.slice(at, (at += m.lengths[i * 2 + 1]!));
      if (!builder.fits(source.length + target.length + 2)) spill();
      builder.add(SOURCE_SIDE, source, m.ids[i]!);
      builder.add(TARGET_SIDE, target, m.ids[i]!);
    }
  } else if (runs.length === 0) {
    // Everything fitted: the lists go straight to the importing thread.
    const out = new Outbox();
    builder.flush((key, postings) => out.put(key, postings, false));
    out.send(true);
  } else {
    spill();
    merge();
  }
});
