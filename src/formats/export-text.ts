// An export's text, piece by piece, for any format in the registry. A pair the format cannot
// hold (a control character in XML, a line break in a TSV field) stops the writing but not the
// reading: the rest is checked too, and `finish` then refuses the export naming every such
// pair, so one run tells the user all there is to fix.
import { InputError } from '../core/errors.js';
import type { StoredUnit } from '../core/units.js';
import type { FormatWriter, WriteOptions } from './registry.js';

/** How many pairs that cannot be written an export names before it says "and N more". */
const NAMED_PROBLEMS = 5;

export class ExportText {
  private written = 0;
  private readonly problems: string[] = [];

  constructor(
    private readonly writer: FormatWriter,
    private readonly units: Iterable<StoredUnit>,
    private readonly o: WriteOptions,
  ) {}

  /** The file's pieces, as the format's writer makes them (empty ones once a pair failed). */
  async *chunks(): AsyncGenerator<string | Uint8Array> {
    for await (const piece of this.writer.pieces(this.units, this.o, this)) if (piece.length) yield piece;
  }

  /**
   * One piece that holds `pairs` pairs (a unit, or a TBX entry): its text, or '' when the
   * format cannot hold it (recorded) or an earlier pair could not be written.
   */
  piece(pairs: number, make: () => string): string {
    this.written += pairs;
    try {
      const text = make();
      return this.problems.length ? '' : text;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      this.problems.push(err.message.replace(/; edit it first$/, ''));
      return '';
    }
  }

  /** The number of pairs written; throws naming the pairs the format could not hold. */
  finish(file: string): number {
    const n = this.problems.length;
    if (n === 0) return this.written;
    const more = n > NAMED_PROBLEMS ? ` (and ${n - NAMED_PROBLEMS} more pairs)` : '';
    const instead = this.writer.instead ? `, or ${this.writer.instead}` : '';
    throw new InputError(
      `${file === '-' ? 'standard output' : file}: not exported: ${this.problems.slice(0, NAMED_PROBLEMS).join('; ')}${more}. ` +
        `Edit ${n === 1 ? 'that pair' : 'those pairs'} first${instead}.`,
    );
  }
}
