// `ntm check`: where a draft leaves the desk's approved wording. Each kind of issue is a
// small named function over one segment (or, for consistency, the whole draft); each issue
// says what to do about it. A false alarm costs as much as a miss, so every rule leans to
// silence where a translator would see nothing wrong.
import { englishTime } from './datetime.js';
import { findingId, ISSUE_KINDS, SEVERITIES, SEVERITY, type IssueKind, type Severity } from './findings.js';
import { codeRefs, compareCodes, type CodeRef, type Piece } from './inline.js';
import { norm } from './normalize.js';
import { englishDigits, findNumbers, sameNumber, type NumberMention } from './numbers.js';
import { dutchRules } from './segment/rules.js';
import { nonTranslatableReason } from './segment/segment.js';
import { findPhrase, findTerms, isDoNotTranslate, likelyAttempt, type Span, type TermEntry, type TermIndex, type TermOccurrence } from './terms.js';
import { isUneditedFuzzy, uneditedFuzzyMessage, type FuzzySuggestion } from './unedited-fuzzy.js';
import { fold, tokenize, type Token } from './words.js';

export { ISSUE_KINDS, SEVERITY, type IssueKind, type Severity } from './findings.js';

/** One segment of a draft: Dutch source and English target, numbered from 1. */
export interface DraftSegment {
  segment: number;
  source: string;
  target: string;
  /** Where it was read (a line of a TSV file), for messages. */
  line?: number;
  /** The text with its inline codes (formatting), when the draft carries them (XLIFF). */
  sourcePieces?: readonly Piece[];
  targetPieces?: readonly Piece[];
  /** The fuzzy suggestion pretranslate filled it with, if it was (see unedited-fuzzy.ts). */
  fuzzy?: FuzzySuggestion | null;
}

/** One finding. `source`/`target` spans point into the normalised segment texts. */
export interface Issue {
  kind: IssueKind;
  /** The kind's severity (see SEVERITY). */
  severity: Severity;
  /** Stable for the same kind, Dutch sentence, term (or number) and found text: what `ntm accept` takes. */
  id: string;
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
  /** The inline code's id in the draft (tag-mismatch). */
  code?: string;
  sourceSpan?: Span;
  targetSpan?: Span;
  /** Who judged this finding fine, when and why (only in CheckResult.accepted). */
  accepted?: Acceptance;
}

/** An issue as a check function finds it, before it gets its severity and id. */
type Found = Omit<Issue, 'severity' | 'id' | 'accepted'>;

/** An editor's judgement that a finding is fine. */
export interface Acceptance {
  by: string;
  at: string;
  note: string | null;
}

/** What the check knows from the translation memory. */
export interface CheckMemory {
  terms: TermIndex;
  /** Approved targets (normalised) of stored segments, by normalised source. */
  approvedTargets: ReadonlyMap<string, readonly string[]>;
  /** Findings the desk has accepted, by finding id: not reported again. */
  accepted?: (ids: readonly string[]) => ReadonlyMap<string, Acceptance>;
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
  bySeverity: Record<Severity, number>;
  /** Findings not reported because an editor accepted them earlier. */
  accepted: number;
  /** Segments whose pair is approved as it stands in the TM: checked no further. */
  approved: number[];
  /** Segments without an English text. */
  untranslated: number[];
}

export interface CheckResult {
  /** The segments as checked (normalised), for showing issues in context. */
  segments: DraftSegment[];
  issues: Issue[];
  /** Findings of this draft that an editor accepted earlier, with who, when and why. */
  accepted: Issue[];
  summary: CheckSummary;
}

const q = (s: string) => `“${s}”`;
const orList = (xs: readonly string[]) => xs.map(q).join(' or ');

/** Runs every check over a draft. */
export function checkDraft(draft: readonly DraftSegment[], memory: CheckMemory, o: CheckOptions = {}): CheckResult {
  const ignore = o.ignore ?? new Set<IssueKind>();
  const segments = draft.map((s) => ({ ...s, source: norm(s.source), target: norm(s.target) }));
  const found: Found[] = [];
  const approved: number[] = [];
  const untranslated: number[] = [];
  for (const seg of segments) {
    if (seg.target === '') {
      untranslated.push(seg.segment);
      continue;
    }
    // Formatting first: approved wording with its bold or link lost is still a problem.
    found.push(...checkTags(seg));
    const approvedTargets = memory.approvedTargets.get(seg.source);
    if (approvedTargets?.includes(seg.target)) {
      approved.push(seg.segment);
      continue;
    }
    // A fuzzy suggestion left as it was (unless the desk has approved it for this very sentence).
    if (seg.fuzzy && isUneditedFuzzy(seg.target, seg.fuzzy)) found.push(uneditedFuzzy(seg, seg.fuzzy));
    const src = tokenize(seg.source, 'nl');
    const tgt = tokenize(seg.target, 'en');
    const terms =
      ignore.has('term-missing') && ignore.has('forbidden-term') && ignore.has('number-mismatch') && ignore.has('untranslated')
        ? null
        : findTerms(memory.terms, seg.source, src);
    // Dutch left as it is: that is the finding; its terms and numbers need no other.
    const copied = seg.target === seg.source ? checkUntranslated(seg, src, terms ?? []) : null;
    if (copied) {
      found.push(copied);
      continue;
    }
    const termIssues = terms ? checkTerms(seg, terms, tgt) : { issues: [], rendered: [] };
    found.push(...termIssues.issues);
    if (approvedTargets) found.push(...checkTmDeviation(seg, approvedTargets));
    found.push(...checkNumbers(seg, termIssues.rendered));
  }
  found.push(...checkConsistency(segments.filter((s) => s.target !== '')));
  const sourceOf = new Map(segments.map((s) => [s.segment, s.source]));
  const all: Issue[] = found
    .filter((i) => !ignore.has(i.kind))
    .map((i) => ({
      ...i,
      severity: SEVERITY[i.kind],
      id: findingId({ kind: i.kind, source: sourceOf.get(i.segment)!, label: i.term ?? i.number ?? i.code, found: i.found }),
    }))
    .sort(bySegmentAndPlace);
  const judged = memory.accepted && all.length > 0 ? memory.accepted([...new Set(all.map((i) => i.id))]) : new Map<string, Acceptance>();
  const kept = all.filter((i) => !judged.has(i.id));
  const accepted = all.filter((i) => judged.has(i.id)).map((i) => ({ ...i, accepted: judged.get(i.id)! }));
  const byKind = Object.fromEntries(ISSUE_KINDS.map((k) => [k, 0])) as Record<IssueKind, number>;
  const bySeverity = Object.fromEntries(SEVERITIES.map((k) => [k, 0])) as Record<Severity, number>;
  for (const i of kept) {
    byKind[i.kind]++;
    bySeverity[i.severity]++;
  }
  return {
    segments,
    issues: kept,
    accepted,
    summary: {
      segments: segments.length,
      issues: kept.length,
      segmentsWithIssues: new Set(kept.map((i) => i.segment)).size,
      byKind,
      bySeverity,
      accepted: accepted.length,
      approved,
      untranslated,
    },
  };
}

const LETTERS = /\p{L}/u;
const NAME_WORD = /^(?:\p{Lu}|\p{N})/u;

/**
 * untranslated: the English is the Dutch as it stands. Not for what is never translated: a
 * link, a number or a stamp, a name ("Mark Rutte": every word capitalised), or the desk's
 * do-not-translate terms.
 */
export function checkUntranslated(seg: DraftSegment, src: readonly Token[], terms: readonly TermOccurrence[]): Found | null {
  if (nonTranslatableReason(seg.source, dutchRules()) !== null) return null;
  const kept = terms.filter((o) => isDoNotTranslate(o.term));
  const words = src.filter((t) => LETTERS.test(t.text) && !kept.some((o) => o.start <= t.start && t.end <= o.end));
  if (words.length === 0 || words.every((t) => NAME_WORD.test(t.text))) return null;
  return {
    kind: 'untranslated',
    segment: seg.segment,
    found: seg.target,
    message: 'The English is the Dutch, untranslated: translate it.',
    targetSpan: { start: 0, end: seg.target.length },
  };
}

function uneditedFuzzy(seg: DraftSegment, s: FuzzySuggestion): Found {
  return {
    kind: 'unedited-fuzzy',
    segment: seg.segment,
    expected: [],
    found: seg.target,
    message: uneditedFuzzyMessage(s),
  };
}

function bySegmentAndPlace(a: Found, b: Found): number {
  const at = (i: Found) => i.sourceSpan?.start ?? i.targetSpan?.start ?? Infinity;
  return a.segment - b.segment || at(a) - at(b) || ISSUE_KINDS.indexOf(a.kind) - ISSUE_KINDS.indexOf(b.kind);
}

function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/**
 * term-missing and forbidden-term for one segment. Returns the issues and the term
 * occurrences whose approved rendering the target has (their words need no other check).
 */
export function checkTerms(seg: DraftSegment, occurrences: readonly TermOccurrence[], tgt: readonly Token[]): { issues: Found[]; rendered: TermOccurrence[] } {
  const issues: Found[] = [];
  const rendered: TermOccurrence[] = [];
  // Where approved renderings of any term in the source stand: a rejected rendering inside
  // one of them is part of approved wording, not a mistake ("IS" inside "IS fighters").
  const approvedSpans = new Map<TermEntry, Span[]>();
  for (const o of occurrences) {
    if (!approvedSpans.has(o.term))
      approvedSpans.set(
        o.term,
        o.term.approved.flatMap((r) => findPhrase(tgt, r, 'en')),
      );
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
    // A term with only rejected renderings asks for nothing in particular; the first part
    // of a compound of two terms is held to the last part's term; a name the English copies
    // as written is no term ("Dick Advocaat", "the Advocate", "Congressional").
    if (o.term.approved.length > 0 && !o.modifier && !isCopiedName(seg.source, o, tgt)) issues.push(termMissing(seg, o, tgt));
  }
  return { issues, rendered };
}

const CAPITAL = /^\p{Lu}/u;
const STARTS_SENTENCE = /(?:^|[.!?…])[\s'"‘’“”«»([-]*$/u;

/**
 * True when a term found in the Dutch is part of a name or a foreign word the English keeps
 * as written: the whole Dutch word stands unchanged in the English, and it is either longer
 * than the term (a compound) or capitalised inside a sentence while the term is not.
 */
function isCopiedName(source: string, o: TermOccurrence, tgt: readonly Token[]): boolean {
  const span = o.word ?? o;
  const written = source.slice(span.start, span.end);
  if (!written.split(/[\s-]+/u).every((w) => w === '' || tgt.some((t) => t.text === w))) return false;
  if (o.word) return true;
  return CAPITAL.test(written) && !CAPITAL.test(o.term.source) && !STARTS_SENTENCE.test(source.slice(0, span.start));
}

function dropContained<T extends { span: Span }>(xs: T[]): T[] {
  return xs.filter((x, i) => !xs.some((y, j) => j !== i && contains(y.span, x.span) && (y.span.end - y.span.start > x.span.end - x.span.start || j < i)));
}

function termMissing(seg: DraftSegment, o: TermOccurrence, tgt: readonly Token[]): Found {
  const t = o.term;
  const attempt = likelyAttempt(tgt, t.approved);
  const found = attempt ? seg.target.slice(attempt.start, attempt.end) : undefined;
  const as = o.inCompound ? ` (in ${q(wordAround(seg.source, o))})` : fold(o.text) === fold(t.source) ? '' : ` (as ${q(o.text)})`;
  const instead = found ? `, not ${q(found)}` : '';
  const what = isDoNotTranslate(t)
    ? `Term ${q(t.source)}${as} is not translated: keep it as it is${instead}.`
    : `Term ${q(t.source)}${as}: write ${orList(t.approved)}${instead}.`;
  const message = `${what} If this wording is right, approve it: ntm add --term ${shellQuote(t.source)} ${shellQuote(found ?? '<English>')}`;
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

function forbiddenTerm(seg: DraftSegment, o: TermOccurrence, span: Span, rendering: string): Found {
  const t = o.term;
  const found = seg.target.slice(span.start, span.end);
  // A rejected rendering that is the Dutch itself: a false friend, or the term left untranslated.
  const what =
    fold(rendering) === fold(t.source) ? `${q(found)} keeps the Dutch word, which the desk rejected` : `${q(found)} is a rejected rendering of ${q(t.source)}`;
  const message = t.approved.length > 0 ? `${what}: write ${orList(t.approved)}.` : `${what}; the desk has no approved rendering yet: ask the desk.`;
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
export function checkTmDeviation(seg: DraftSegment, approvedTargets: readonly string[]): Found[] {
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

const CODE_NAMES: Record<string, string> = { bold: 'bold', italic: 'italic', underlined: 'underlining', link: 'link', 'x-strike': 'strikethrough' };

function describeCode(ref: CodeRef): string {
  const id = ref.key.slice(ref.key.indexOf(':') + 1);
  const name = ref.label ? CODE_NAMES[ref.label] : undefined;
  if (ref.key.startsWith('pair:')) {
    const on = ref.text ? ` on ${q(ref.text)}` : '';
    return `${name ? `the ${name}` : 'the formatting'}${on} (code ${id})`;
  }
  const what = ref.label === 'image' ? 'the image' : ref.label === 'lb' ? 'the line break' : 'the inline code';
  return `${what} (code ${id})`;
}

function spanOf(text: string, inner: string | undefined): Span | undefined {
  if (!inner) return undefined;
  const at = text.indexOf(norm(inner));
  return at < 0 ? undefined : { start: at, end: at + norm(inner).length };
}

/**
 * tag-mismatch: every inline code of the source (bold, italic, a link, an image) must be in
 * the target once, and the target must have no code the source does not. Only drafts that
 * carry codes (XLIFF) are checked; a segment without English is untranslated, not this.
 */
export function checkTags(seg: DraftSegment): Found[] {
  if (!seg.sourcePieces && !seg.targetPieces) return [];
  const source = codeRefs(seg.sourcePieces ?? []);
  const target = codeRefs(seg.targetPieces ?? []);
  const { missing, extra } = compareCodes(source, target);
  const id = (ref: CodeRef) => ref.key.slice(ref.key.indexOf(':') + 1);
  const issues: Found[] = [];
  for (const ref of missing) {
    const sourceSpan = spanOf(seg.source, ref.text);
    issues.push({
      kind: 'tag-mismatch',
      segment: seg.segment,
      code: id(ref),
      message: `The English lacks ${describeCode(ref)}: put it ${ref.key.startsWith('pair:') ? 'around the words it belongs to' : 'where it belongs'} (in the CAT tool, copy the tag from the Dutch).`,
      ...(sourceSpan ? { sourceSpan } : {}),
    });
  }
  for (const ref of extra) {
    const targetSpan = spanOf(seg.target, ref.text);
    issues.push({
      kind: 'tag-mismatch',
      segment: seg.segment,
      code: id(ref),
      found: ref.text,
      message: `The English has ${describeCode(ref)}, which the Dutch does not have: remove it.`,
      ...(targetSpan ? { targetSpan } : {}),
    });
  }
  return issues;
}

/** number-mismatch: each number, time, date, day and month of the source needs its equal in the target. */
export function checkNumbers(seg: DraftSegment, renderedTerms: readonly TermOccurrence[] = []): Found[] {
  const inSource = findNumbers(seg.source, 'nl');
  if (inSource.length === 0) return [];
  const inTarget = findNumbers(seg.target, 'en');
  const issues: Found[] = [];
  for (const n of inSource) {
    // A number inside a term whose approved rendering is there ("Tweede Kamer" → "House of
    // Representatives") was translated as part of the term.
    if (renderedTerms.some((o) => o.start <= n.start && n.end <= o.end)) continue;
    if (inTarget.some((t) => sameNumber(n, t))) continue;
    const english = englishOf(n);
    const what = kindOf(n);
    const shown = english === n.text ? '' : ` (${english})`;
    const hint = what === 'number' ? `; any English form of ${english} will do` : '';
    issues.push({
      kind: 'number-mismatch',
      segment: seg.segment,
      number: n.text,
      expected: [english],
      message: `${q(n.text)}${shown} is not in the translation: check the ${what}${hint}.`,
      sourceSpan: { start: n.start, end: n.end },
    });
  }
  return issues;
}

/** What a number of the Dutch is, in the words of a message: number, year, time, date, day, month. */
function kindOf(n: NumberMention): string {
  if (n.kind) return n.kind;
  if (/^\d{4}$/.test(n.text) && n.value >= 1000 && n.value <= 2100) return 'year';
  if (n.keys.some((k) => k.startsWith('t:')) && !n.keys.includes(String(n.value))) return 'time';
  return 'number';
}

/** How the English could write a Dutch number: digits as written stay, times and dates in words. */
function englishOf(n: NumberMention): string {
  if (n.english) return n.english;
  if (/^\d+$/.test(n.text)) return n.text;
  const time = n.keys.find((k) => k.startsWith('t:'));
  if (time && !n.keys.includes(String(n.value))) return englishTime(Number(time.slice(2)));
  return englishDigits(n.value);
}

/**
 * inconsistent-target: segments with the same source and different targets. The target most
 * segments use (the first, on a tie) is the reference; every other one is an issue.
 */
export function checkConsistency(segments: readonly DraftSegment[]): Found[] {
  const groups = new Map<string, DraftSegment[]>();
  for (const s of segments) {
    const g = groups.get(s.source);
    if (g) g.push(s);
    else groups.set(s.source, [s]);
  }
  const issues: Found[] = [];
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
