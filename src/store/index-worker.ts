// The thread that builds the lookup index of a large import (see ImportIndex in
// index-build.ts): it receives the pairs' normalised texts in batches, tokenises them as they
// come, and sends back the encoded posting lists, which the importing thread writes in its
// transaction. Only the writing needs the database; this thread never opens it.
import { parentPort, workerData } from 'node:worker_threads';
import { PostingBuilder } from './match-index/builder.js';
import { SOURCE_SIDE, TARGET_SIDE } from './match-index/codec.js';
import type { ToWorker, FromWorker } from './index-build.js';

const port = parentPort!;
const builder = new PostingBuilder((workerData as { memory: number }).memory);

/** Bytes of encoded lists per message: this thread goes on encoding while they are written. */
const MESSAGE_BYTES = 1 << 21;

/** Encodes every list the builder gives and sends them in messages of a few MB (moved, not copied). */
function flush(all: boolean): void {
  let keys: number[] = [];
  let ends: number[] = [];
  let bytes = new Uint8Array(MESSAGE_BYTES);
  let n = 0;
  const send = (last: boolean): void => {
    const message = {
      type: 'lists',
      keys: Float64Array.from(keys),
      ends: Int32Array.from(ends),
      bytes: bytes.slice(0, n),
      final: all,
      last,
    } satisfies FromWorker;
    port.postMessage(message, [message.keys.buffer, message.ends.buffer, message.bytes.buffer]);
    keys = [];
    ends = [];
    n = 0;
  };
  builder.flush((key, postings) => {
    if (n + postings.length > bytes.length) {
      if (n > 0) send(false);
      if (postings.length > bytes.length) bytes = new Uint8Array(postings.length);
    }
    bytes.set(postings, n);
    n += postings.length;
    keys.push(key);
    ends.push(n);
  });
  send(all);
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'pairs') {
    let at = 0;
    for (let i = 0; i < m.ids.length; i++) {
      const source = m.texts.slice(at, (at += m.lengths[i * 2]!));
      const target = m.texts.slice(at, (at += m.lengths[i * 2 + 1]!));
      if (!builder.fits(source.length + target.length + 2)) flush(false);
      builder.add(SOURCE_SIDE, source, m.ids[i]!);
      builder.add(TARGET_SIDE, target, m.ids[i]!);
    }
  } else flush(true);
});
