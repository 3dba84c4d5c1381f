// What every reader yields: one translation unit with where it came from, or a unit the
// reader itself had to skip (with the reason), so that import can report both.
import type { DraftFill } from './draft.js';
import type { PairKind, PairStatus } from './types.js';

/** A property of a unit that ntm has no column for, kept verbatim (TMX `<prop type>`). */
export interface UnitProp {
  type: string;
  value: string;
}

/** One Dutch–English unit read from a file. */
export interface TmUnit {
  /** 1-based line (or unit position) in the file, for messages. */
  line: number;
  /** Plain text: what matching sees. */
  source: string;
  target: string;
  kind?: PairKind;
  status?: PairStatus;
  by?: string;
  at?: string;
  changedBy?: string;
  changedAt?: string;
  ref?: string;
  note?: string;
  tags?: string[];
  usageCount?: number;
  /** The text with its inline codes, as a TMX 1.4b `<seg>` body; absent when there are none. */
  sourceMarkup?: string;
  targetMarkup?: string;
  /** The language codes the file used (e.g. nl-BE, en-GB), so that export can write them back. */
  sourceLang?: string;
  targetLang?: string;
  /** Properties without a column of their own, in file order. */
  props?: UnitProp[];
  /** Notes after the first (the first is `note`). */
  moreNotes?: string[];
  /** Other TMX `<tu>` attributes (tuid, lastusagedate, …), written back on export. */
  attrs?: Record<string, string>;
  /** Read as a draft: how pretranslate filled the segment, as the file still says. */
  fill?: DraftFill;
}

/** A unit that was read but cannot become a pair, and why. */
export interface SkippedUnit {
  line: number;
  skipped: string;
}

export type ReadItem = TmUnit | SkippedUnit;

/** True when a reader item is a skip rather than a unit. */
export function isSkipped(item: ReadItem): item is SkippedUnit {
  return 'skipped' in item;
}

/** A stored pair as a writer gets it: its id names it in messages; a term's renderings share `sourceNorm`. */
export interface StoredUnit extends TmUnit {
  id: number;
  sourceNorm?: string;
}

/** The unit read the other way round (`--swap`): Dutch and English, their codes and languages exchanged. */
export function swapSides(item: ReadItem): ReadItem {
  if (isSkipped(item)) return item;
  const u: TmUnit = { ...item, source: item.target, target: item.source };
  const exchange = <K extends keyof TmUnit>(a: K, b: K) => {
    const va = item[a];
    const vb = item[b];
    if (vb === undefined) delete u[a];
    else u[a] = vb;
    if (va === undefined) delete u[b];
    else u[b] = va;
  };
  exchange('sourceMarkup', 'targetMarkup');
  exchange('sourceLang', 'targetLang');
  return u;
}
