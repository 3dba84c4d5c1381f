// A draft: the bilingual table a translator edits between pretranslate and approve. Rows come
// out of pretranslate with where their wording came from; units go back in with approve
// and check.

/** How a draft row got its English: from a 100 % match, a fuzzy match (numbers adapted or
 *  not), nothing, or a copy of a segment that is not translated (a link, a date stamp). */
export type DraftMatch = 'exact' | 'fuzzy' | 'adapted' | 'none' | 'copy';

/** One row of a draft as pretranslate writes it. */
export interface DraftRow {
  segment: number;
  paragraph: number;
  source: string;
  target: string;
  score: number | null;
  match: DraftMatch;
  /** The stored pair the target came from. */
  pairId: number | null;
  /** That pair's Dutch, for fuzzy matches: what the translator compares the segment with. */
  pairSource: string | null;
  /** That pair's English as stored (before numbers were adapted), for fuzzy matches. */
  pairTarget?: string | null;
  note: string;
}

/**
 * What a draft still says about how pretranslate filled a segment: TSV columns (match, score,
 * tm_id, tm_nl, tm_en) or XLIFF marks (ntm:match, the target's state and state-qualifier,
 * the alt-trans of origin ntm). A spreadsheet or CAT tool may have dropped any of them.
 */
export interface DraftFill {
  match?: string;
  score?: number;
  pairId?: number;
  /** The stored pair's Dutch and English, as pretranslate saw them. */
  pairSource?: string;
  pairTarget?: string;
  /** XLIFF: the target's state and state-qualifier. */
  state?: string;
  stateQualifier?: string;
}

/** One segment of a draft as check and approve read it back, whatever the file format. */
export interface DraftUnit {
  /** 1-based, in file order (SPEC: segments are numbered from 1 in file order). */
  segment: number;
  /** Where the segment starts in the file (a line; in XML, the line of its unit), for messages. */
  line: number;
  source: string;
  target: string;
  /** How pretranslate filled it, where the draft says. */
  fill?: DraftFill;
}
