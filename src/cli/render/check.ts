// How a check report looks: on a terminal grouped by segment, with the offending words
// marked; as JSON in SPEC's shape. Without colour the marks are [brackets].
import type { ChalkInstance } from 'chalk';
import { ISSUE_KINDS, type CheckResult, type Issue, type IssueKind } from '../../core/check.js';
import type { Span } from '../../core/terms.js';

/** The check result as SPEC's JSON document (extra fields after the fixed ones). */
export function checkJson(r: CheckResult) {
  const lineOf = new Map(r.segments.map((s) => [s.segment, s.line]));
  return {
    issues: r.issues.map((i) => {
      const { kind, segment, term, expected, found, message, ...rest } = i;
      return { kind, segment, term, expected, found, message, line: lineOf.get(segment), ...rest };
    }),
    summary: r.summary,
  };
}

const KIND_WIDTH = Math.max(...ISSUE_KINDS.map((k) => k.length)) + 2;

function kindColour(c: ChalkInstance, kind: IssueKind): (s: string) => string {
  switch (kind) {
    case 'forbidden-term':
      return c.red.bold;
    case 'term-missing':
    case 'number-mismatch':
      return c.yellow.bold;
    case 'tm-deviation':
      return c.magenta.bold;
    case 'inconsistent-target':
      return c.cyan.bold;
    case 'unedited-fuzzy':
      return c.red.bold;
  }
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

/** The human report: each segment with issues, then a one-line summary. */
export function renderCheckReport(c: ChalkInstance, r: CheckResult): string[] {
  const out: string[] = [];
  const bySegment = new Map<number, Issue[]>();
  for (const i of r.issues) {
    const list = bySegment.get(i.segment);
    if (list) list.push(i);
    else bySegment.set(i.segment, [i]);
  }
  const pad = ' '.repeat(4 + KIND_WIDTH);
  for (const seg of r.segments) {
    const issues = bySegment.get(seg.segment);
    if (!issues) continue;
    const where = seg.line !== undefined ? c.dim(` (line ${seg.line})`) : '';
    out.push(c.bold(`Segment ${seg.segment}`) + where);
    const sourceSpans = issues.flatMap((i) => (i.sourceSpan ? [i.sourceSpan] : []));
    const targetSpans = issues.flatMap((i) => (i.targetSpan ? [i.targetSpan] : []));
    out.push(`  ${c.dim('nl')}  ${markSpans(c, seg.source, sourceSpans, c.yellow.underline)}`);
    out.push(`  ${c.dim('en')}  ${markSpans(c, seg.target, targetSpans, c.red.bold.underline)}`);
    for (const i of issues) {
      out.push(`    ${kindColour(c, i.kind)(i.kind.padEnd(KIND_WIDTH))}${i.message}`);
      if (i.kind === 'tm-deviation' && i.expected && i.expected.length > 1) {
        for (const e of i.expected) out.push(`${pad}${c.dim('approved:')} ${c.cyan(e)}`);
      }
      if (i.note) out.push(`${pad}${c.dim(`desk note: ${i.note}`)}`);
    }
    out.push('');
  }
  out.push(summaryLine(c, r));
  if (r.summary.untranslated.length > 0) {
    out.push(c.yellow(`${plural(r.summary.untranslated.length, 'segment has', 'segments have')} no English yet: ${r.summary.untranslated.join(', ')}.`));
  }
  if (r.summary.approved.length > 0) {
    out.push(
      c.dim(`${plural(r.summary.approved.length, 'segment is', 'segments are')} stored as approved in the TM and needed no check: ${r.summary.approved.join(', ')}.`),
    );
  }
  return out;
}

function summaryLine(c: ChalkInstance, r: CheckResult): string {
  const s = r.summary;
  const checked = `Checked ${plural(s.segments, 'segment')}`;
  if (s.issues === 0) return c.green(`${checked}: no issues.`);
  const kinds = ISSUE_KINDS.filter((k) => s.byKind[k] > 0).map((k) => `${s.byKind[k]} ${k}`);
  return `${checked}: ${c.bold(plural(s.issues, 'issue'))} in ${plural(s.segmentsWithIssues, 'segment')} (${kinds.join(', ')}).`;
}
