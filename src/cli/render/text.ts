// How pairs, matches and differences look on a terminal. All colour lives under render/;
// without colour the same information is carried by plain markers.
import type { ChalkInstance } from 'chalk';
import { wordDiff } from '../../core/diff.js';
import { norm } from '../../core/normalize.js';
import { phraseNeedle, phraseSpans, type PhraseMode } from '../../core/phrase.js';
import type { TermInText } from '../../core/terms.js';
import type { Match, Pair } from '../../core/types.js';

/** A score badge: green for 100, yellow for high fuzzy, plain below. */
export function scoreBadge(c: ChalkInstance, score: number): string {
  const text = `${String(score).padStart(3)}%`;
  if (score === 100) return c.bold.green(text);
  if (score >= 85) return c.bold.yellow(text);
  return c.bold(text);
}

/**
 * The stored source with the query's differences marked: words only in the stored source
 * in red (plain: [-…-]), words only in the query in green (plain: {+…+}).
 */
export function renderDiff(c: ChalkInstance, query: string, stored: string): string {
  const plain = c.level === 0;
  return wordDiff(norm(query), norm(stored))
    .map((part) => {
      if (part.side === 'both') return part.text;
      if (part.side === 'stored') return plain ? `[-${part.text}-]` : c.red.strikethrough(part.text);
      return plain ? `{+${part.text}+}` : c.green.underline(part.text);
    })
    .join('');
}

/** Marks every place `phrase` stands in `text`: in any case, or as concordance's mode says. */
export function highlight(c: ChalkInstance, text: string, phrase: string, mode: PhraseMode = {}): string {
  let out = '';
  let from = 0;
  for (const { start, end } of phraseSpans(text, phraseNeedle(phrase, mode), mode)) {
    const hit = text.slice(start, end);
    out += text.slice(from, start) + (c.level === 0 ? `[${hit}]` : c.bold.inverse(hit));
    from = end;
  }
  return out + text.slice(from);
}

/** "term", "forbidden term", "proposed segment", "segment". */
export function kindLabel(p: Pair): string {
  const status = p.status === 'approved' ? '' : `${p.status} `;
  return `${status}${p.kind}`;
}

/** One-line provenance: who approved it, when, for which article. */
export function provenance(c: ChalkInstance, p: Pair): string {
  const bits = [`${p.approvedBy}, ${p.approvedAt.slice(0, 10)}`];
  if (p.ref) bits.push(p.ref);
  if (p.tags.length) bits.push(p.tags.map((t) => `#${t}`).join(' '));
  if (p.usageCount) bits.push(`used ${p.usageCount}×`);
  return c.dim(bits.join(' · '));
}

/**
 * A lookup match: score, the stored source with differences, the approved target. Beside the
 * score: an in-context match, a conflict (several approved translations), and the reference
 * TM it came from (`mainTm`: the main TM's file, whose matches are not named).
 */
export function renderMatch(c: ChalkInstance, query: string, m: Match, reverse: boolean, mainTm?: string): string[] {
  const p = m.pair;
  const label = p.status === 'proposed' ? c.yellow(`${kindLabel(p)}, not yet approved`) : c.dim(kindLabel(p));
  const marks: string[] = [];
  if (m.context) marks.push(c.green('context match'));
  if (m.conflict) marks.push(c.yellow('conflict: other approved translations exist'));
  if (m.tm !== undefined && m.tm !== mainTm) marks.push(c.magenta(`from ${m.tm}`));
  const head = `${scoreBadge(c, m.score)}  ${c.dim(`#${p.id}`)} ${label}${marks.map((x) => `  ${x}`).join('')}  ${provenance(c, p)}`;
  const matched = reverse ? p.target : p.source;
  const other = reverse ? p.source : p.target;
  const lines = [
    head,
    `      ${c.dim(reverse ? 'en' : 'nl')}  ${m.score === 100 && norm(query) === norm(matched) ? matched : renderDiff(c, query, matched)}`,
    `      ${c.dim(reverse ? 'nl' : 'en')}  ${c.cyan(other)}`,
  ];
  if (p.note) lines.push(`      ${c.dim('note')}  ${p.note}`);
  return lines;
}

/**
 * The term pane: each stored term of the sentence with the renderings to use and, marked
 * forbidden, those to avoid (plain: "not: …").
 */
export function renderTermPane(c: ChalkInstance, terms: readonly TermInText[]): string[] {
  const out: string[] = [];
  for (const [i, t] of terms.entries()) {
    const use = t.approved.length ? t.approved.map((a) => c.cyan(a)).join(c.dim(' | ')) : c.dim('no approved rendering yet');
    const avoid = t.forbidden.length ? `  ${c.red(`not: ${t.forbidden.map((f) => (c.level === 0 ? f : c.strikethrough(f))).join(', ')} (forbidden)`)}` : '';
    out.push(`      ${c.dim(i === 0 ? 'term' : '    ')}  ${c.bold(t.term)} → ${use}${avoid}`);
    if (t.note) out.push(`              ${c.dim(`note: ${t.note}`)}`);
  }
  return out;
}

/** A pair in a listing: id, kind, source → target. */
export function renderPairLine(c: ChalkInstance, p: Pair, phrase?: string, onTarget = false, mode: PhraseMode = {}): string {
  const src = phrase && !onTarget ? highlight(c, p.source, phrase, mode) : p.source;
  const tgt = phrase && onTarget ? highlight(c, p.target, phrase, mode) : p.target;
  const arrow = p.status === 'forbidden' ? c.red(' ✗ ') : p.status === 'proposed' ? c.yellow(' ? ') : ' → ';
  const target = p.status === 'forbidden' ? c.red(tgt) : c.cyan(tgt);
  const kind = (p.kind === 'term' ? c.magenta(' term') : '') + (p.status === 'proposed' ? c.yellow(' proposed') : '');
  return `${c.dim(`#${p.id}`.padStart(6))}${kind}  ${src}${arrow}${target}`;
}

/** Every field of a pair, one per line, for `ntm show`. */
export function renderPairDetail(c: ChalkInstance, p: Pair): string[] {
  const row = (k: string, v: string | null | undefined) => `${c.dim(k.padEnd(12))}${v ?? c.dim('—')}`;
  return [
    row('id', `#${p.id}${p.deletedAt ? c.red(`  (deleted ${p.deletedAt} by ${p.deletedBy}; ntm restore ${p.id})`) : ''}`),
    row('kind', kindLabel(p)),
    row('nl', p.source),
    row('en', p.status === 'forbidden' ? c.red(p.target) : c.cyan(p.target)),
    row('status', p.status),
    row('approved', `${p.approvedBy}, ${p.approvedAt}`),
    row('changed', `${p.changedBy}, ${p.changedAt}`),
    row('article', p.ref),
    row('note', p.note),
    row('tags', p.tags.length ? p.tags.join(', ') : null),
    row('used', `${p.usageCount}×`),
  ];
}

/** A file size for people: B, KB or MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
