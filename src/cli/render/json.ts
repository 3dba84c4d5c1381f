// The JSON shapes scripts rely on. SPEC fixes id/source/target/score/kind; the rest is extra.
import type { Match, Pair } from '../../core/types.js';

/** A pair as JSON. */
export function pairJson(p: Pair) {
  return {
    id: p.id,
    kind: p.kind,
    source: p.source,
    target: p.target,
    status: p.status,
    approvedBy: p.approvedBy,
    approvedAt: p.approvedAt,
    changedBy: p.changedBy,
    changedAt: p.changedAt,
    ref: p.ref,
    note: p.note,
    tags: p.tags,
    usageCount: p.usageCount,
    deletedAt: p.deletedAt,
  };
}

/** A lookup match as JSON: the SPEC fields first. */
export function matchJson(m: Match) {
  const { id, source, target, kind, ...rest } = pairJson(m.pair);
  return { id, source, target, score: m.score, kind, ...rest };
}
