// The words of the trade, as types. A pair is one approved (or forbidden) rendering of a
// Dutch source; a term is a short pair used for terminology checks.

export type PairKind = 'segment' | 'term';
/** approved: the desk's wording; proposed: written by someone who is not a reviewer, waiting for one; forbidden: a rejected rendering. */
export type PairStatus = 'approved' | 'proposed' | 'forbidden';

/** A stored pair as the user sees it. */
export interface Pair {
  id: number;
  kind: PairKind;
  source: string;
  target: string;
  status: PairStatus;
  approvedBy: string;
  approvedAt: string;
  changedBy: string;
  changedAt: string;
  ref: string | null;
  note: string | null;
  tags: string[];
  usageCount: number;
  deletedAt: string | null;
  deletedBy: string | null;
}

/** What a caller supplies to store a new pair. */
export interface NewPair {
  kind: PairKind;
  source: string;
  target: string;
  status?: PairStatus;
  by: string;
  at?: string;
  /** Who changed it last and when, when that is known (an import); default: by/at. */
  changedBy?: string;
  changedAt?: string;
  ref?: string | null;
  note?: string | null;
  tags?: string[];
  usageCount?: number;
}

/** One lookup result: a stored pair and its SPEC score against the query. */
export interface Match {
  pair: Pair;
  score: number;
}
