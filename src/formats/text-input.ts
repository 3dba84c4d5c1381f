// Bytes → text for every reader: refuses binary and invalid UTF-8 with the line where it
// happens, drops a UTF-8 byte-order mark, and never holds the whole file in memory.
import { Transform, type TransformCallback } from 'node:stream';
import { InputError } from '../core/errors.js';

/** A Transform that checks UTF-8 as it streams and emits strings. */
export function utf8Checker(file: string): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let line = 1;
  let first = true;
  const check = (text: string): void => {
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
      line += countNewlines(text.slice(0, nul));
      throw new InputError('contains NUL bytes: this is a binary file, not text', file, line);
    }
  };
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      let text: string;
      try {
        if (first && chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
          throw new InputError('is UTF-16 text; save it as UTF-8 (or import it as TMX/XLIFF, which may be UTF-16)', file, 1);
        }
        first = false;
        // Whichever problem comes first in the bytes is the one reported, however the file
        // happens to be cut into chunks: decode up to and including a NUL byte, so that a
        // broken character before it is found first.
        const nulByte = chunk.indexOf(0);
        text = decoder.decode(nulByte >= 0 ? chunk.subarray(0, nulByte + 1) : chunk, { stream: true });
        check(text);
      } catch (err) {
        if (err instanceof InputError) return done(err);
        // Find the line of the first bad byte: decode leniently and count up to its mark.
        const lenient = new TextDecoder('utf-8').decode(chunk);
        const bad = lenient.indexOf('\ufffd');
        const at = line + (bad >= 0 ? countNewlines(lenient.slice(0, bad)) : 0);
        return done(new InputError('is not valid UTF-8 text (save it as UTF-8)', file, at));
      }
      line += countNewlines(text);
      done(null, text);
    },
    flush(done: TransformCallback) {
      try {
        const rest = decoder.decode();
        check(rest);
        done(null, rest.length > 0 ? rest : undefined);
      } catch (err) {
        done(err instanceof InputError ? err : new InputError('is not valid UTF-8 text (it ends inside a character)', file, line));
      }
    },
  });
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
