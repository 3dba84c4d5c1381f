// What every reader yields: one translation unit with where it came from, or a unit the
// reader itself had to skip (with the reason), so that import can report both.
import type { PairKind, PairStatus } from '../core/types.js';

/** One Dutch–English unit read from a file. */
export interface TmUnit {
  /** 1-based line (or unit position) in the file, for messages. */
  line: number;
  source: string;
  target: string;
  kind?: PairKind;
  status?: PairStatus;
  by?: string;
  at?: string;
  ref?: string;
  note?: string;
  tags?: string[];
  usageCount?: number;
}

/** A unit that was read but cannot become a pair, and why. */
export interface SkippedUnit {
  line: number;
  skipped: string;
}

export type ReadItem = TmUnit | SkippedUnit;

export function isSkipped(item: ReadItem): item is SkippedUnit {
  return 'skipped' in item;
}
