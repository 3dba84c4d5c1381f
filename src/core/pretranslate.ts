// Pretranslation: each segment of an article gets the approved English of its best match,
// with a note saying what the translator should look at.
import { adaptNumbers } from './adapt-numbers.js';
import type { DraftRow } from './draft.js';
import { codeRefs, compareCodes, framedTarget, hasCodes, withCtypes, type CodeDef, type CodeRef, type Piece } from './inline.js';
import type { Segment } from './segment/segment.js';
import type { TermInText } from './terms.js';
import type { Match } from './types.js';

/**
 * The term pane as a draft note: each stored term of the segment with the rendering to use
 * and those the desk forbade ("terms: Koerdische strijdkrachten → Kurdish forces (not: Kurdish
 * armed forces)").
 */
export function termsNote(terms: readonly TermInText[]): string {
  if (terms.length === 0) return '';
  const one = (t: TermInText) => {
    const use = t.approved.length ? t.approved.join(' | ') : 'no approved rendering yet';
    return `${t.term} → ${use}${t.forbidden.length ? ` (not: ${t.forbidden.join(', ')})` : ''}`;
  };
  return `terms: ${terms.map(one).join('; ')}`;
}

/** Notes joined as a draft shows them. */
function notes(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('; ');
}

/**
 * The draft row for one segment, given its matches best first (already filtered by the
 * caller's --min; an in-context match first) and the stored terms it holds (its note names
 * them). Segments that are not translated are copied.
 */
export function draftRow(segment: Segment, matches: readonly Match[], terms: readonly TermInText[] = []): DraftRow {
  const row = matchedRow(segment, matches);
  return segment.translatable ? { ...row, note: notes(row.note, termsNote(terms)) } : row;
}

function matchedRow(segment: Segment, matches: readonly Match[]): DraftRow {
  const base = { segment: segment.number, paragraph: segment.paragraph, source: segment.text };
  if (!segment.translatable) {
    return {
      ...base,
      target: segment.text,
      score: null,
      match: 'copy',
      pairId: null,
      pairSource: null,
      note: `not translated (${segment.nonTranslatable}): copied`,
    };
  }
  const best = matches[0];
  if (!best) return { ...base, target: '', score: null, match: 'none', pairId: null, pairSource: null, note: '' };
  const found = { score: best.score, pairId: best.pair.id };
  if (best.score === 100) {
    const others = new Set(matches.filter((m) => m.score === 100).map((m) => m.pair.target));
    const which = best.context ? 'approved after the same sentence as here' : 'the newest';
    const note = notes(
      best.context ? 'context match' : '',
      others.size > 1 ? `${others.size} approved translations of this sentence; #${best.pair.id}, ${which}, is used` : '',
    );
    return { ...base, ...found, target: best.pair.target, match: 'exact', pairSource: null, note };
  }
  const fuzzy = { ...base, ...found, pairSource: best.pair.source, pairTarget: best.pair.target };
  const adaptation = adaptNumbers(segment.text, best.pair.source, best.pair.target);
  const listed = (changes: { from: string; to: string }[]) => changes.map((c) => `${c.from} → ${c.to}`).join(', ');
  if (adaptation?.kind === 'adapted') {
    return { ...fuzzy, target: adaptation.target, match: 'adapted', note: `numbers adapted: ${listed(adaptation.changes)}` };
  }
  if (adaptation?.kind === 'not-adapted') {
    return {
      ...fuzzy,
      target: best.pair.target,
      match: 'fuzzy',
      note: `only numbers differ (${listed(adaptation.changes)}), but the English does not show them as digits: change them by hand`,
    };
  }
  return { ...fuzzy, target: best.pair.target, match: 'fuzzy', note: '' };
}

/** How a code is named in a note: "bold “Koerdische strijdkrachten”", "link “NOS”", "image". */
function codeName(ref: CodeRef): string {
  const name = ref.label === 'x-strike' ? 'strikethrough' : ref.label === 'lb' ? 'line break' : (ref.label?.replace(/^x-/, '') ?? 'code');
  return ref.text ? `${name} “${ref.text}”` : name;
}

/**
 * A draft row of a formatted article: the segment with its codes, the English with the codes
 * that frame the whole segment already in place, and a note naming the codes the translator
 * still has to place (a CAT tool shows them as tags to copy from the Dutch).
 */
export function formattedRow(row: DraftRow, pieces: readonly Piece[], codes: Readonly<Record<string, CodeDef>>): DraftRow {
  if (!hasCodes(pieces)) return row;
  const sourcePieces = withCtypes(pieces, codes);
  if (row.match === 'none') return { ...row, sourcePieces };
  const targetPieces = row.match === 'copy' ? sourcePieces : framedTarget(sourcePieces, row.target);
  const { missing } = compareCodes(codeRefs(sourcePieces), codeRefs(targetPieces));
  if (missing.length === 0) return { ...row, sourcePieces, targetPieces };
  const place = `formatting to place: ${missing.map(codeName).join(', ')}`;
  return { ...row, sourcePieces, targetPieces, note: row.note ? `${row.note}; ${place}` : place };
}
