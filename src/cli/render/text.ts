// How pairs, matches and differences look on a terminal. All colour lives under render/;
// without colour the same information is carried by plain markers.
import type { ChalkInstance } from 'chalk';
import { wordDiff } from '../../core/diff.js';
import { foldCase, norm } from '../../core/normalize.js';
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

/** Marks every case-insensitive occurrence of `phrase` in `text`. */
export function highlight(c: ChalkInstance, text: string, phrase: string): string {
  const needle = foldCase(norm(phrase));
  if (needle.length === 0) return text;
  const hay = foldCase(text);
  let out = '';
  let from = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) {
    const hit = text.slice(i, i + needle.length);
    out += text.slice(from, i) + (c.level === 0 ? `[${hit}]` : c.bold.inverse(hit));
    from = i + needle.length;
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

/** A lookup match: score, the stored source with differences, the approved target. */
export function renderMatch(c: ChalkInstance, query: string, m: Match, reverse: boolean): string[] {
  const p = m.pair;
  const label = p.status === 'proposed' ? c.yellow(`${kindLabel(p)}, not yet approved`) : c.dim(kindLabel(p));
  const head = `${scoreBadge(c, m.score)}  ${c.dim(`#${p.id}`)} ${label}  ${provenance(c, p)}`;
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

/** A pair in a listing: id, kind, source → target. */
export function renderPairLine(c: ChalkInstance, p: Pair, phrase?: string, onTarget = false): string {
  const src = phrase && !onTarget ? highlight(c, p.source, phrase) : p.source;
  const tgt = phrase && onTarget ? highlight(c, p.target, phrase) : p.target;
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
