// The import progress bar: on a terminal's stderr only (never in a pipe or with --json), so
// that stdout stays the report. Bytes read against the file size; units read beside it.
import cliProgress from 'cli-progress';
import type { Writable } from 'node:stream';

/** A running progress display for one or more files. */
export interface Progress {
  file(name: string, size: number): void;
  update(bytes: number, units: number): void;
  stop(): void;
}

/** Starts a progress bar on `stream` (a terminal). */
export function startProgress(stream: Writable): Progress {
  let bar: cliProgress.SingleBar | null = null;
  let total = 0;
  const stop = (): void => {
    bar?.stop();
    bar = null;
  };
  return {
    file(name, size) {
      stop();
      total = size;
      bar = new cliProgress.SingleBar(
        {
          stream: stream as unknown as NodeJS.WritableStream,
          format: size > 0 ? `${name} [{bar}] {percentage}% · {units} units · {eta_formatted} left` : `${name} {units} units`,
          clearOnComplete: true,
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(size > 0 ? size : 1, 0, { units: 0 });
    },
    update(bytes, units) {
      bar?.update(total > 0 ? Math.min(bytes, total) : 0, { units });
    },
    stop,
  };
}
