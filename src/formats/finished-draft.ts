// Reading a translated XLIFF draft back for `ntm finish`: the article's skeleton from the
// header and each trans-unit's Dutch and English with their inline codes, by segment id.
import type { Readable } from 'node:stream';
import { InputError } from '../core/errors.js';
import type { Piece } from '../core/inline.js';
import { decodeSkeleton, type Skeleton } from './skeleton.js';
import { xliffPieces } from './xliff-codes.js';
import { attr, child, textOf, readXmlRecords } from './xml-input.js';

/** One segment of a finished draft. */
export interface FinishedUnit {
  line: number;
  source: Piece[];
  /** Null when the segment has no English. */
  target: Piece[] | null;
}

export interface FinishedDraft {
  skeleton: Skeleton | null;
  /** By trans-unit id (the segment number pretranslate gave it). */
  units: Map<string, FinishedUnit>;
}

/** The skeleton and segments of an XLIFF 1.2 draft. */
export async function readFinishedDraft(input: Readable, file: string): Promise<FinishedDraft> {
  let skeleton: Skeleton | null = null;
  const units = new Map<string, FinishedUnit>();
  const records = readXmlRecords(input, {
    file,
    records: ['internal-file', 'trans-unit'],
    onElement: (node, depth) => {
      if (depth === 0 && node.name !== 'xliff') throw new InputError(`is not XLIFF: its root element is <${node.qname}>`, file, node.line);
    },
  });
  for await (const { node, ancestors } of records) {
    if (node.name === 'internal-file') {
      if (ancestors.some((a) => a.name === 'skl') && skeleton === null) skeleton = decodeSkeleton(textOf(node), file, node.line);
      continue;
    }
    const id = attr(node, 'id');
    const source = child(node, 'source');
    if (id === undefined || !source) continue;
    const target = child(node, 'target');
    units.set(id, {
      line: node.line,
      source: xliffPieces(source),
      target: target && textOf(target).trim() !== '' ? xliffPieces(target) : null,
    });
  }
  return { skeleton, units };
}
