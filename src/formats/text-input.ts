// Bytes → text for every reader: UTF-8, or UTF-16 with a byte-order mark (Excel's "Unicode
// text"); refuses binary and invalid text with the line where it happens, drops the
// byte-order mark, and never holds the whole file in memory.
import { Transform, type TransformCallback } from 'node:stream';
import { InputError } from '../core/errors.js';

/** A Transform that checks the text (UTF-8, or UTF-16 after its byte-order mark) as it streams and emits strings. */
export function utf8Checker(file: string): Transform {
  let decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let encoding = 'UTF-8';
  let line = 1;
  let first = true;
  // The first byte, held back until the second tells whether the two are a UTF-16 mark.
  let held: Buffer | null = null;
  const check = (text: string): void => {
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
      line += countNewlines(text.slice(0, nul));
      throw new InputError('contains NUL bytes: this is a binary file, not text', file, line);
    }
  };
  return new Transform({
    readableObjectMode: true,
    transform(input: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      let text: string;
      let chunk = input;
      try {
        if (first) {
          if (held) chunk = Buffer.concat([held, chunk]);
          if (chunk.length < 2) {
            held = chunk;
            return done();
          }
          held = null;
          first = false;
          const le = chunk[0] === 0xff && chunk[1] === 0xfe;
          if (le || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
            encoding = le ? 'UTF-16LE' : 'UTF-16BE';
            decoder = new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true, ignoreBOM: false });
          }
        }
        // Whichever problem comes first in the bytes is the one reported, however the file
        // happens to be cut into chunks: decode up to and including a NUL byte, so that a
        // broken character before it is found first.
        // (In UTF-16 a zero byte is half of most characters; a NUL there is found once decoded.)
        const nulByte = encoding === 'UTF-8' ? chunk.indexOf(0) : -1;
        text = decoder.decode(nulByte >= 0 ? chunk.subarray(0, nulByte + 1) : chunk, { stream: true });
        check(text);
      } catch (err) {
        if (err instanceof InputError) return done(err);
        // Find the line of the first bad byte: decode leniently and count up to its mark.
        const lenient = new TextDecoder(encoding === 'UTF-8' ? 'utf-8' : encoding.toLowerCase()).decode(chunk);
        const bad = lenient.indexOf('\ufffd');
        const at = line + (bad >= 0 ? countNewlines(lenient.slice(0, bad)) : 0);
        return done(new InputError(`is not valid ${encoding} text (save it as UTF-8)`, file, at));
      }
      line += countNewlines(text);
      done(null, text);
    },
    flush(done: TransformCallback) {
      try {
        const rest = (held ? decoder.decode(held, { stream: true }) : '') + decoder.decode();
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
