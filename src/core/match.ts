// Exact-recall ranking: the N best stored sources scoring ≥ min, as an exhaustive scan
// would find them. Candidate generation may narrow the input only losslessly.
import { distance, lengthWindow, maxDistance, scoreFromDistance } from './score.js';
import type { Match, PairStatus } from './types.js';

/** A stored source in normal form, with the id of its pair. */
export interface Candidate {
  id: number;
  source: string;
}

/** A candidate with its score. */
export interface Scored {
  id: number;
  score: number;
}

export interface RankOptions {
  min: number;
  limit: number;
}

/** Order of results: score first, then the newer pair (higher id). */
export function compareScored(a: Scored, b: Scored): number {
  return b.score - a.score || b.id - a.id;
}

const STATUS_RANK: Record<PairStatus, number> = { approved: 0, proposed: 1, forbidden: 2 };

/**
 * The order a person looking up sees matches in: score first; at equal score the main TM
 * before reference TMs (`tmRank`, 0 for the main one), approved before proposed, an
 * in-context match first, then the newer pair.
 */
export function compareMatches(a: Match & { tmRank?: number }, b: Match & { tmRank?: number }): number {
  return (
    b.score - a.score ||
    (a.tmRank ?? 0) - (b.tmRank ?? 0) ||
    STATUS_RANK[a.pair.status] - STATUS_RANK[b.pair.status] ||
    Number(b.context ?? false) - Number(a.context ?? false) ||
    b.pair.id - a.pair.id
  );
}

/**
 * Keeps the best `limit` results seen so far and the floor a newcomer must reach. Once the
 * list is full the floor rises to the worst kept score (ties can still enter on a higher id),
 * so callers may skip candidates that cannot reach it.
 */
export class TopMatches {
  private readonly kept: Scored[] = [];
  constructor(private readonly opts: RankOptions) {}

  /** The lowest score a new candidate could still be kept with. */
  get floor(): number {
    if (this.kept.length < this.opts.limit) return this.opts.min;
    return Math.max(this.opts.min, this.kept[this.kept.length - 1]!.score);
  }

  offer(item: Scored): void {
    if (item.score < this.opts.min || this.opts.limit <= 0) return;
    const full = this.kept.length >= this.opts.limit;
    if (full && compareScored(item, this.kept[this.kept.length - 1]!) >= 0) return;
    let i = this.kept.length;
    while (i > 0 && compareScored(item, this.kept[i - 1]!) < 0) i--;
    this.kept.splice(i, 0, item);
    if (this.kept.length > this.opts.limit) this.kept.pop();
  }

  results(): Scored[] {
    return [...this.kept];
  }
}

/** Scores one candidate against the query unless it cannot reach `floor`; then null. */
export function scoreIfReachable(query: string, source: string, floor: number): number | null {
  const m = Math.max(query.length, source.length);
  if (m === 0) return 100;
  const k = maxDistance(m, floor);
  if (Math.abs(query.length - source.length) > k) return null;
  const d = distance(query, source);
  if (d > k) return null;
  return scoreFromDistance(d, m);
}

/** The brute-force reference: every candidate scored, the best `limit` kept. */
export function rankExhaustive(query: string, candidates: Iterable<Candidate>, opts: RankOptions): Scored[] {
  const top = new TopMatches(opts);
  for (const c of candidates) {
    const score = scoreIfReachable(query, c.source, opts.min);
    if (score !== null) top.offer({ id: c.id, score });
  }
  return top.results();
}

export { lengthWindow };
