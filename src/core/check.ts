// `ntm check`: where a draft leaves the desk's approved wording. Each kind of issue is a
// small named function over one segment (or, for consistency, the whole draft); each issue
// says what to do about it. A false alarm costs as much as a miss, so every rule leans to
// silence where a translator would see nothing wrong.
import { norm } from './normalize.js';
import { englishDigits, findNumbers, sameNumber } from './numbers.js';
import { findPhrase, findTerms, likelyAttempt, type Span, type TermEntry, type TermIndex, type TermOccurrence } from './terms.js';
import { isUneditedFuzzy, uneditedFuzzyMessage, type FuzzySuggestion } from './unedited-fuzzy.js';
import { fold, tokenize, type Token } from './words.js';

export const ISSUE_KINDS = ['term-missing', 'forbidden-term', 'tm-deviation', 'inconsistent-target', 'number-mismatch', 'unedited-fuzzy'] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];

/** One segment of a draft: Dutch source and English target, numbered from 1. */
export interface DraftSegment {
  segment: number;
  source: string;
  target: string;
  /** Where it was read (a line of a TSV file), for messages. */
  line?: number;
  /** The fuzzy suggestion pretranslate filled it with, if it was (see unedited-fuzzy.ts). */
  fuzzy?: FuzzySuggestion | null;
}

/** One finding. `source`/`target` spans point into the normalised segment texts. */
export interface Issue {
  kind: IssueKind;
  segment: number;
  /** The stored Dutch term (term kinds). */
  term?: string;
  /** What the desk approved (renderings, approved targets, the value). */
  expected?: string[];
  /** The offending text, where there is one. */
  found?: string;
  message: string;
  /** The desk's note on the term. */
  note?: string;
  /** The number as written in the Dutch (number-mismatch). */
  number?: string;
  /** Other segments involved (inconsistent-target). */
  segments?: number[];
  sourceSpan?: Span;
  targetSpan?: Span;
}

/** What the check knows from the translation memory. */
export interface CheckMemory {
  terms: TermIndex;
  /** Approved targets (normalised) of stored segments, by normalised source. */
  approvedTargets: ReadonlyMap<string, readonly string[]>;
}

export interface CheckOptions {
  /** Kinds to leave out of this run. */
  ignore?: ReadonlySet<IssueKind>;
}

export interface CheckSummary {
  segments: number;
  issues: number;
  /** Segments with at least one issue. */
  segmentsWithIssues: number;
  byKind: Record<IssueKind, number>;
  /** Segments whose pair is approved as it stands in the TM: checked no further. */
  approved: number[];
  /** Segments without an English text. */
  untranslated: number[];
}

export interface CheckResult {
  /** The segments as checked (normalised), for showing issues in context. */
  segments: DraftSegment[];
  issues: Issue[];
  summary: CheckSummary;
}

const q = (s: string) => `“${s}”`;
const orList = (xs: readonly string[]) => xs.map(q).join(' or ');

/** Runs every check over a draft. */
export function checkDraft(draft: readonly DraftSegment[], memory: CheckMemory, o: CheckOptions = {}): CheckResult {
  const ignore = o.ignore ?? new Set<IssueKind>();
  const segments = draft.map((s) => ({ ...s, source: norm(s.source), target: norm(s.target) }));
  const issues: Issue[] = [];
  const approved: number[] = [];
  const untranslated: number[] = [];
  for (const seg of segments) {
    if (seg.target === '') {
      untranslated.push(seg.segment);
      continue;
    }
    const approvedTargets = memory.approvedTargets.get(seg.source);
    if (approvedTargets?.includes(seg.target)) {
      approved.push(seg.segment);
      continue;
    }
    // A fuzzy suggestion left as it was (unless the desk has approved it for this very sentence).
    if (seg.fuzzy && isUneditedFuzzy(seg.target, seg.fuzzy)) issues.push(uneditedFuzzy(seg, seg.fuzzy));
    const src = tokenize(seg.source, 'nl');
    const tgt = tokenize(seg.target, 'en');
    const terms = ignore.has('term-missing') && ignore.has('forbidden-term') && ignore.has('number-mismatch') ? null : findTerms(memory.terms, seg.source, src);
    const termIssues = terms ? checkTerms(seg, terms, tgt) : { issues: [], rendered: [] };
    issues.push(...termIssues.issues);
    if (approvedTargets) issues.push(...checkTmDeviation(seg, approvedTargets));
    issues.push(...checkNumbers(seg, termIssues.rendered));
  }
  issues.push(...checkConsistency(segments.filter((s) => s.target !== '')));
  const kept = issues.filter((i) => !ignore.has(i.kind)).sort(bySegmentAndPlace);
  const byKind = Object.fromEntries(ISSUE_KINDS.map((k) => [k, 0])) as Record<IssueKind, number>;
  for (const i of kept) byKind[i.kind]++;
  return {
    segments,
    issues: kept,
    summary: {
      segments: segments.length,
      issues: kept.length,
      segmentsWithIssues: new Set(kept.map((i) => i.segment)).size,
      byKind,
      approved,
      untranslated,
    },
  };
}

function uneditedFuzzy(seg: DraftSegment, s: FuzzySuggestion): Issue {
  return {
    kind: 'unedited-fuzzy',
    segment: seg.segment,
    expected: [],
    found: seg.target,
    message: uneditedFuzzyMessage(s),
  };
}

function bySegmentAndPlace(a: Issue, b: Issue): number {
  const at = (i: Issue) => i.sourceSpan?.start ?? i.targetSpan?.start ?? Infinity;
  return a.segment - b.segment || at(a) - at(b) || ISSUE_KINDS.indexOf(a.kind) - ISSUE_KINDS.indexOf(b.kind);
}

function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/**
 * term-missing and forbidden-term for one segment. Returns the issues and the term
 * occurrences whose approved rendering the target has (their words need no other check).
 */
export function checkTerms(
  seg: DraftSegment,
  occurrences: readonly TermOccurrence[],
  tgt: readonly Token[],
): { issues: Issue[]; rendered: TermOccurrence[] } {
  const issues: Issue[] = [];
  const rendered: TermOccurrence[] = [];
  // Where approved renderings of any term in the source stand: a rejected rendering inside
  // one of them is part of approved wording, not a mistake ("IS" inside "IS fighters").
  const approvedSpans = new Map<TermEntry, Span[]>();
  for (const o of occurrences) {
    if (!approvedSpans.has(o.term)) approvedSpans.set(o.term, o.term.approved.flatMap((r) => findPhrase(tgt, r, 'en')));
  }
  const allApproved = [...approvedSpans.values()].flat();
  const reported = new Set<TermEntry>();
  for (const o of occurrences) {
    const approvedHere = approvedSpans.get(o.term)!;
    if (approvedHere.length > 0) {
      rendered.push(o);
      continue;
    }
    const forbidden: { span: Span; rendering: string }[] = [];
    for (const f of o.term.forbidden) {
      for (const span of findPhrase(tgt, f, 'en')) {
        if (!allApproved.some((a) => contains(a, span))) forbidden.push({ span, rendering: f });
      }
    }
    if (forbidden.length > 0) {
      // Once per occurrence in the target, however often the term is in the source.
      if (reported.has(o.term)) continue;
      reported.add(o.term);
      for (const f of dropContained(forbidden)) issues.push(forbiddenTerm(seg, o, f.span, f.rendering));
      continue;
    }
    // A term with only rejected renderings asks for nothing in particular.
    if (o.term.approved.length > 0) issues.push(termMissing(seg, o, tgt));
  }
  return { issues, rendered };
}

function dropContained<T extends { span: Span }>(xs: T[]): T[] {
  return xs.filter((x, i) => !xs.some((y, j) => j !== i && contains(y.span, x.span) && (y.span.end - y.span.start > x.span.end - x.span.start || j < i)));
}

function termMissing(seg: DraftSegment, o: TermOccurrence, tgt: readonly Token[]): Issue {
  const t = o.term;
  const attempt = likelyAttempt(tgt, t.approved);
  const found = attempt ? seg.target.slice(attempt.start, attempt.end) : undefined;
  const as = o.inCompound ? ` (in ${q(wordAround(seg.source, o))})` : fold(o.text) === fold(t.source) ? '' : ` (as ${q(o.text)})`;
  const instead = found ? `, not ${q(found)}` : '';
  const message =
    `Term ${q(t.source)}${as}: write ${orList(t.approved)}${instead}. ` +
    `If this wording is right, approve it: ntm add --term ${shellQuote(t.source)} ${shellQuote(found ?? '<English>')}`;
  return {
    kind: 'term-missing',
    segment: seg.segment,
    term: t.source,
    expected: [...t.approved],
    ...(found !== undefined ? { found, targetSpan: attempt! } : {}),
    message,
    ...(t.note ? { note: t.note } : {}),
    sourceSpan: { start: o.start, end: o.end },
  };
}

function forbiddenTerm(seg: DraftSegment, o: TermOccurrence, span: Span, rendering: string): Issue {
  const t = o.term;
  const found = seg.target.slice(span.start, span.end);
  const message =
    t.approved.length > 0
      ? `${q(found)} is a rejected rendering of ${q(t.source)}: write ${orList(t.approved)}.`
      : `${q(found)} is a rejected rendering of ${q(t.source)} (rejected: ${q(rendering)}); the desk has no approved one yet.`;
  return {
    kind: 'forbidden-term',
    segment: seg.segment,
    term: t.source,
    expected: [...t.approved],
    found,
    message,
    ...(t.note ? { note: t.note } : {}),
    sourceSpan: { start: o.start, end: o.end },
    targetSpan: span,
  };
}

function wordAround(text: string, span: Span): string {
  let s = span.start;
  let e = span.end;
  while (s > 0 && /[\p{L}\p{M}]/u.test(text[s - 1]!)) s--;
  while (e < text.length && /[\p{L}\p{M}]/u.test(text[e]!)) e++;
  return text.slice(s, e);
}

/** tm-deviation: the source is stored with approved targets and the draft uses none of them. */
export function checkTmDeviation(seg: DraftSegment, approvedTargets: readonly string[]): Issue[] {
  if (approvedTargets.includes(seg.target)) return [];
  const what =
    approvedTargets.length === 1
      ? `The TM has approved wording for this sentence: ${q(approvedTargets[0]!)}. Use it`
      : `The TM has ${approvedTargets.length} approved translations of this sentence and this is none of them. Use one`;
  return [
    {
      kind: 'tm-deviation',
      segment: seg.segment,
      expected: [...approvedTargets],
      found: seg.target,
      message: `${what}, or if the new translation is better, approve it with ntm add.`,
    },
  ];
}

/** number-mismatch: each number of the source needs a number of equal value in the target. */
export function checkNumbers(seg: DraftSegment, renderedTerms: readonly TermOccurrence[] = []): Issue[] {
  const inSource = findNumbers(seg.source, 'nl');
  if (inSource.length === 0) return [];
  const inTarget = findNumbers(seg.target, 'en');
  const issues: Issue[] = [];
  for (const n of inSource) {
    // A number inside a term whose approved rendering is there ("Tweede Kamer" → "House of
    // Representatives") was translated as part of the term.
    if (renderedTerms.some((o) => o.start <= n.start && n.end <= o.end)) continue;
    if (inTarget.some((t) => sameNumber(n, t))) continue;
    const written = englishDigits(n.value);
    const time = n.keys.find((k) => k.startsWith('t:'));
    const expected = time && !n.keys.includes(String(n.value)) ? [formatTime(time)] : [written];
    const asValue = /^[\d.,\s]+$/.test(n.text) ? '' : ` (${written})`;
    issues.push({
      kind: 'number-mismatch',
      segment: seg.segment,
      number: n.text,
      expected,
      message: `${q(n.text)}${asValue} is not in the translation: check the number. Any English form of the same value will do (e.g. ${q(expected[0]!)}).`,
      sourceSpan: { start: n.start, end: n.end },
    });
  }
  return issues;
}

function formatTime(key: string): string {
  const minutes = Number(key.slice(2));
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * inconsistent-target: segments with the same source and different targets. The target most
 * segments use (the first, on a tie) is the reference; every other one is an issue.
 */
export function checkConsistency(segments: readonly DraftSegment[]): Issue[] {
  const groups = new Map<string, DraftSegment[]>();
  for (const s of segments) {
    const g = groups.get(s.source);
    if (g) g.push(s);
    else groups.set(s.source, [s]);
  }
  const issues: Issue[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const counts = new Map<string, number>();
    for (const s of group) counts.set(s.target, (counts.get(s.target) ?? 0) + 1);
    if (counts.size < 2) continue;
    let reference = group[0]!.target;
    for (const s of group) if (counts.get(s.target)! > counts.get(reference)!) reference = s.target;
    const same = group.filter((s) => s.target === reference).map((s) => s.segment);
    for (const s of group) {
      if (s.target === reference) continue;
      issues.push({
        kind: 'inconsistent-target',
        segment: s.segment,
        expected: [reference],
        found: s.target,
        segments: same,
        message: `The same Dutch is translated differently in segment ${same.join(', ')}: ${q(reference)}. Use one translation for both.`,
      });
    }
  }
  return issues;
}

function shellQuote(s: string): string {
  return /^[\w.,@%+=:/-]+$/u.test(s) ? s : `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
}
