// How a check report looks: on a terminal grouped by segment, with the offending words
// marked; as JSON in SPEC's shape. Without colour the marks are [brackets].
import type { ChalkInstance } from 'chalk';
import { ISSUE_KINDS, type CheckResult, type Issue, type Severity } from '../../core/check.js';
import type { Span } from '../../core/terms.js';

/** One issue as JSON: SPEC's fields first, then ours. */
function issueJson(i: Issue, line: number | undefined) {
  const { kind, segment, term, expected, found, message, severity, id, accepted, ...rest } = i;
  return {
    kind,
    segment,
    term,
    expected,
    found,
    message,
    severity,
    id,
    line,
    ...rest,
    ...(accepted ? { acceptedBy: accepted.by, acceptedAt: accepted.at, acceptedNote: accepted.note } : {}),
  };
}

/** The check result as SPEC's JSON document (extra fields after the fixed ones). */
export function checkJson(r: CheckResult, o: { showAccepted?: boolean } = {}) {
  const lineOf = new Map(r.segments.map((s) => [s.segment, s.line]));
  return {
    issues: r.issues.map((i) => issueJson(i, lineOf.get(i.segment))),
    summary: r.summary,
    ...(o.showAccepted ? { accepted: r.accepted.map((i) => issueJson(i, lineOf.get(i.segment))) } : {}),
  };
}

const KIND_WIDTH = Math.max(...ISSUE_KINDS.map((k) => k.length)) + 2;

function severityColour(c: ChalkInstance, severity: Severity): (s: string) => string {
  return severity === 'error' ? c.red.bold : c.yellow.bold;
}

function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** A text with stretches marked: coloured on a terminal, [bracketed] without colour. */
export function markSpans(c: ChalkInstance, text: string, spans: Span[], mark: (s: string) => string): string {
  let out = '';
  let from = 0;
  for (const s of merge(spans)) {
    const hit = text.slice(s.start, s.end);
    out += text.slice(from, s.start) + (c.level === 0 ? `[${hit}]` : mark(hit));
    from = s.end;
  }
  return out + text.slice(from);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A segment with its issues marked, then one line per issue (kind, message, severity and id). */
export function renderSegment(c: ChalkInstance, seg: CheckResult['segments'][number], issues: readonly Issue[]): string[] {
  const out: string[] = [];
  const pad = ' '.repeat(4 + KIND_WIDTH);
  const where = seg.line !== undefined ? c.dim(` (line ${seg.line})`) : '';
  out.push(c.bold(`Segment ${seg.segment}`) + where);
  const sourceSpans = issues.flatMap((i) => (i.sourceSpan ? [i.sourceSpan] : []));
  const targetSpans = issues.flatMap((i) => (i.targetSpan ? [i.targetSpan] : []));
  out.push(`  ${c.dim('nl')}  ${markSpans(c, seg.source, sourceSpans, c.yellow.underline)}`);
  out.push(`  ${c.dim('en')}  ${markSpans(c, seg.target, targetSpans, c.red.bold.underline)}`);
  for (const i of issues) {
    out.push(`    ${severityColour(c, i.severity)(i.kind.padEnd(KIND_WIDTH))}${i.message} ${c.dim(`(${i.severity} ${i.id})`)}`);
    if (i.kind === 'tm-deviation' && i.expected && i.expected.length > 1) {
      for (const e of i.expected) out.push(`${pad}${c.dim('approved:')} ${c.cyan(e)}`);
    }
    if (i.note) out.push(`${pad}${c.dim(`desk note: ${i.note}`)}`);
    if (i.accepted) {
      const why = i.accepted.note ? `: ${i.accepted.note}` : '';
      out.push(`${pad}${c.green(`accepted by ${i.accepted.by} on ${i.accepted.at.slice(0, 10)}${why}`)}`);
    }
  }
  return out;
}

function bySegment(issues: readonly Issue[]): Map<number, Issue[]> {
  const out = new Map<number, Issue[]>();
  for (const i of issues) {
    const list = out.get(i.segment);
    if (list) list.push(i);
    else out.set(i.segment, [i]);
  }
  return out;
}

/** The human report: each segment with issues, then a one-line summary. */
export function renderCheckReport(c: ChalkInstance, r: CheckResult, o: { showAccepted?: boolean } = {}): string[] {
  const out: string[] = [];
  const grouped = bySegment(r.issues);
  for (const seg of r.segments) {
    const issues = grouped.get(seg.segment);
    if (!issues) continue;
    out.push(...renderSegment(c, seg, issues), '');
  }
  if (o.showAccepted && r.accepted.length > 0) {
    out.push(c.bold(`Accepted earlier, not counted (${r.accepted.length}):`), '');
    const accepted = bySegment(r.accepted);
    for (const seg of r.segments) {
      const issues = accepted.get(seg.segment);
      if (issues) out.push(...renderSegment(c, seg, issues), '');
    }
  }
  out.push(summaryLine(c, r));
  if (r.summary.accepted > 0 && !o.showAccepted) {
    out.push(
      c.dim(
        `${plural(r.summary.accepted, 'finding')} accepted earlier ${r.summary.accepted === 1 ? 'was' : 'were'} not reported (--show-accepted lists them).`,
      ),
    );
  }
  if (r.summary.untranslated.length > 0) {
    out.push(c.yellow(`${plural(r.summary.untranslated.length, 'segment has', 'segments have')} no English yet: ${r.summary.untranslated.join(', ')}.`));
  }
  if (r.summary.approved.length > 0) {
    out.push(
      c.dim(
        `${plural(r.summary.approved.length, 'segment is', 'segments are')} stored as approved in the TM and needed no check: ${r.summary.approved.join(', ')}.`,
      ),
    );
  }
  if (r.issues.length > 0) out.push(c.dim('A finding that is fine: ntm accept <id> --note "why" (it is not reported again for that sentence).'));
  return out;
}

function summaryLine(c: ChalkInstance, r: CheckResult): string {
  const s = r.summary;
  const checked = `Checked ${plural(s.segments, 'segment')}`;
  if (s.issues === 0) return c.green(`${checked}: no issues.`);
  const kinds = ISSUE_KINDS.filter((k) => s.byKind[k] > 0).map((k) => `${s.byKind[k]} ${k}`);
  const severities = [
    s.bySeverity.error ? c.red(plural(s.bySeverity.error, 'error')) : '',
    s.bySeverity.warning ? c.yellow(plural(s.bySeverity.warning, 'warning')) : '',
  ].filter(Boolean);
  return `${checked}: ${c.bold(plural(s.issues, 'issue'))} in ${plural(s.segmentsWithIssues, 'segment')} (${kinds.join(', ')}): ${severities.join(', ')}.`;
}
