// The reports of the commands that write: add, import, approve, pretranslate; and the plain
// listings of segment and history.
import type { ChalkInstance } from 'chalk';
import type { DraftMatch } from '../../core/draft.js';
import type { Segment } from '../../core/segment/segment.js';
import type { ApproveReport } from '../../store/approve.js';
import type { ImportReport } from '../../store/import.js';
import type { AddOutcome } from '../../store/pairs.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What `ntm add` did with one pair: added, approved (it was proposed), or already there. */
export function addLine(c: ChalkInstance, r: AddOutcome, what: string): string {
  if (r.outcome === 'added') return c.green(`Added ${what} #${r.id}.`);
  if (r.outcome === 'promoted') return c.green(`Approved ${what} #${r.id}, which was proposed.`);
  return c.yellow(`Already stored: ${what} #${r.id}. Nothing changed.`);
}

/** How many skipped units an import report lists (--json lists them all). */
const SHOWN_SKIPS = 20;

/** One imported file: counts, then the skipped units with their line and reason. */
export function importReport(c: ChalkInstance, file: string, format: string, r: ImportReport): string[] {
  const parts = [
    c.green(`${r.imported} imported`),
    `${r.duplicates} duplicate${r.duplicates === 1 ? '' : 's'} (already stored)`,
    r.skipped.length ? c.yellow(`${r.skipped.length} skipped`) : '0 skipped',
  ];
  const out = [`${c.bold(file)}: ${parts.join(', ')} ${c.dim(`(read as ${format.toUpperCase()})`)}`];
  for (const s of r.skipped.slice(0, SHOWN_SKIPS)) out.push(c.yellow(`  line ${s.line}: ${s.reason}`));
  if (r.skipped.length > SHOWN_SKIPS) out.push(c.dim(`  … and ${r.skipped.length - SHOWN_SKIPS} more (--json lists them all)`));
  if (r.rulesNotSet) {
    out.push(
      c.yellow(
        `  the rules of ${r.rulesNotSet} term${r.rulesNotSet === 1 ? ' were' : 's were'} not set: only a reviewer sets them (--match-case, --in-compounds)`,
      ),
    );
  }
  return out;
}

/** An approved draft: what became new pairs, uses, empties and skips. */
export function approveReport(c: ChalkInstance, name: string, r: ApproveReport, forcedIssues: number): string[] {
  const parts = [
    r.status === 'proposed'
      ? c.yellow(`${plural(r.added, 'new pair')} proposed (a reviewer accepts them with "ntm review")`)
      : c.green(`${plural(r.added, 'new pair')} approved`),
    `${plural(r.uses, 'use')} of stored pairs`,
    `${r.empty} left empty`,
  ];
  if (r.repetitions) parts.push(plural(r.repetitions, 'repetition'));
  if (r.copied) parts.push(`${r.copied} copied (not translated)`);
  if (r.skipped.length) parts.push(c.yellow(`${r.skipped.length} skipped`));
  const out = [`${c.bold(name)}: ${parts.join(', ')}.`];
  if (forcedIssues) out.push(c.yellow(`Approved despite ${plural(forcedIssues, 'issue')} (--force).`));
  for (const a of r.alternatives) {
    out.push(c.dim(`  segment ${a.segment}: #${a.id} is new wording for a sentence the TM already had (${plural(a.others, 'other translation')})`));
  }
  for (const s of r.skipped) out.push(c.yellow(`  segment ${s.segment} (line ${s.line}): ${s.reason}`));
  return out;
}

/**
 * A written draft: how many segments of each kind, and what to do next. `formatting` says
 * whether the article had formatting and whether `ntm finish` can put it back.
 */
export function pretranslateReport(
  c: ChalkInstance,
  d: {
    output: string;
    article: string;
    segments: number;
    counts: Record<DraftMatch, number>;
    xliff: boolean;
    formatting?: 'rebuildable' | 'unplaced' | null;
  },
): string[] {
  const { counts } = d;
  const out = [
    `Wrote ${c.bold(d.output)}: ${d.segments} segments from ${d.article}.`,
    `  ${c.green(`${counts.exact} exact`)}, ${c.yellow(`${counts.fuzzy + counts.adapted} fuzzy`)}` +
      `${counts.adapted ? ` (${counts.adapted} with numbers adapted)` : ''}, ${counts.none} to translate` +
      `${counts.copy ? `, ${counts.copy} copied (not translated)` : ''}.`,
    c.dim(`Edit the ${d.xliff ? 'targets' : 'en column'}, then: ntm check ${d.output} and ntm approve ${d.output}`),
  ];
  if (d.formatting && d.xliff) {
    out.push(
      d.formatting === 'rebuildable'
        ? c.dim(`Formatting (bold, italic, links) travels as tags; when done: ntm finish ${d.output} -o <article>`)
        : c.yellow(`${d.article}: ntm could not place every paragraph in the Markdown, so "ntm finish" cannot rebuild it; the draft itself is complete.`),
    );
  } else if (d.formatting) {
    out.push(c.dim('This TSV draft is plain text: for the formatting (bold, italic, links) write an XLIFF draft, -o draft.xlf.'));
  }
  return out;
}

/** An article's segments, numbered, a blank line between paragraphs, untranslated ones marked. */
export function segmentLines(c: ChalkInstance, segments: readonly Segment[]): string[] {
  const out: string[] = [];
  let paragraph = 0;
  for (const s of segments) {
    if (s.paragraph !== paragraph && paragraph !== 0) out.push('');
    paragraph = s.paragraph;
    const mark = s.translatable ? '' : c.dim(`  (not translated: ${s.nonTranslatable})`);
    out.push(`${c.dim(String(s.number).padStart(4))}  ${s.text}${mark}`);
  }
  return out;
}

/** One history entry's first line: when, what, who. */
export function historyHeading(c: ChalkInstance, e: { at: string; action: string; by: string; change: number | null }): string {
  return `${c.dim(e.at)}  ${c.bold(e.action.padEnd(7))} by ${e.by}${e.change !== null ? c.dim(`  (change set #${e.change})`) : ''}`;
}
