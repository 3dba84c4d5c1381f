// The JSON shapes scripts rely on. SPEC fixes id/source/target/score/kind; the rest is extra.
import type { TermInText } from '../../core/terms.js';
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

/** A lookup match as JSON: the SPEC fields first; `context`, `conflict` and `tm` when the lookup told them. */
export function matchJson(m: Match) {
  const { id, source, target, kind, ...rest } = pairJson(m.pair);
  return {
    id,
    source,
    target,
    score: m.score,
    kind,
    ...rest,
    ...(m.context !== undefined ? { context: m.context } : {}),
    ...(m.conflict !== undefined ? { conflict: m.conflict } : {}),
    ...(m.tm !== undefined ? { tm: m.tm } : {}),
  };
}

/** A stored term found in a query, as JSON `terms` shows it (SPEC: term, approved, forbidden). */
export function termJson(t: TermInText) {
  return { term: t.term, approved: t.approved, forbidden: t.forbidden, ...(t.note ? { note: t.note } : {}), spans: t.spans };
}

/** One looked-up sentence as lookup's JSON (SPEC "lookup --json", with `terms`). */
export function lookupJson(q: { text: string; prev: string | null; notTranslated?: string }, matches: readonly Match[], terms: readonly TermInText[]) {
  return {
    query: q.text,
    ...(q.prev !== null ? { prev: q.prev } : {}),
    ...(q.notTranslated !== undefined ? { notTranslated: q.notTranslated } : {}),
    matches: matches.map(matchJson),
    terms: terms.map(termJson),
  };
}
