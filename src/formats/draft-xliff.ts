// Drafts as XLIFF 1.2, the file a CAT tool (Trados, memoQ, OmegaT, Okapi) opens: one
// <trans-unit> per segment, Dutch source, English target. Reading goes through the XLIFF
// reader `ntm import` uses (xliff.ts, in draft mode); this file only writes.
//
// What each segment carries, so that a CAT tool shows it and nothing is lost to ntm:
//   trans-unit id                 the segment number
//   <target state=…>              exact match: "translated" (state-qualifier "exact-match");
//                                 fuzzy or adapted: "needs-review-translation" ("fuzzy-match");
//                                 no match: no <target>; a copy (a link, a stamp): translate="no"
//                                 and the target is the source, state "final"
//   <alt-trans match-quality origin="ntm">
//                                 the stored pair the English came from: its Dutch and English
//                                 as stored, with the score (the CAT tool's match pane)
//   <note from="ntm">             the pretranslate note (e.g. numbers adapted: 17 → 18)
//   ntm:paragraph ntm:match ntm:score ntm:tm-id
//                                 the draft TSV's columns, as attributes in ntm's namespace
//   <g id ctype>…</g>, <x id ctype/>
//                                 an HTML or Markdown article's formatting: paired codes
//                                 (bold, italic, link) as <g>, empty ones (image, line break)
//                                 as <x/>, their markup in the skeleton. XLIFF 1.2's own
//                                 choice for codes whose native data lives in a skeleton:
//                                 Trados, memoQ, OmegaT and Okapi show them as tags the
//                                 translator moves but cannot break (a <g> is one unit that
//                                 must stay well nested), and ctype names what each one is.
//   <header><skl><internal-file form="base64">
//                                 the article's skeleton (formats/skeleton.ts), kept by CAT
//                                 tools as it is, from which `ntm finish` rebuilds the article
import { basename } from 'node:path';
import type { DraftRow } from '../core/draft.js';
import type { CodeDef, Piece } from '../core/inline.js';
import { assertXmlText, attrs, escapeText } from './xml-write.js';

/** The namespace of ntm's own attributes in a draft. */
export const NTM_DRAFT_NS = 'urn:x-ntm:draft';

export interface XliffDraftHeader {
  /** The article the draft is of (its name is the `original` of the file). */
  original: string;
  toolVersion: string;
  /** A formatted article's skeleton (base64) and codes; XLIFF datatype (html, x-markdown). */
  skeleton?: string;
  codes?: Readonly<Record<string, CodeDef>>;
  datatype?: string;
}

/** Pieces as XLIFF 1.2 content: <g> for paired codes, <x/> for the others. */
function piecesXml(pieces: readonly Piece[], codes: Readonly<Record<string, CodeDef>>): string {
  let out = '';
  const open: string[] = [];
  const ctype = (id: string) => codes[id]?.ctype;
  for (const p of pieces) {
    if (p.kind === 'text') out += escapeText(p.text);
    else if (p.kind === 'ph') out += `<x${attrs({ id: p.id, ctype: ctype(p.id) })}/>`;
    else if (p.kind === 'open') {
      open.push(p.id);
      out += `<g${attrs({ id: p.id, ctype: ctype(p.id) })}>`;
    } else if (open[open.length - 1] === p.id) {
      open.pop();
      out += '</g>';
    }
  }
  return out + '</g>'.repeat(open.length);
}

function targetXml(r: DraftRow, codes: Readonly<Record<string, CodeDef>>): string {
  const text = r.targetPieces ? piecesXml(r.targetPieces, codes) : escapeText(r.target);
  switch (r.match) {
    case 'none':
      return '';
    case 'copy':
      return `        <target state="final">${text}</target>\n`;
    case 'exact':
      return `        <target state="translated" state-qualifier="exact-match">${text}</target>\n`;
    case 'fuzzy':
    case 'adapted':
      return `        <target state="needs-review-translation" state-qualifier="fuzzy-match">${text}</target>\n`;
  }
}

/** A draft as an XLIFF 1.2 document. */
export function writeDraftXliff(rows: readonly DraftRow[], h: XliffDraftHeader): string {
  let out =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:ntm="${NTM_DRAFT_NS}">\n` +
    `  <file${attrs({ original: basename(h.original), 'source-language': 'nl', 'target-language': 'en', datatype: h.datatype ?? 'plaintext', 'tool-id': 'ntm' })}>\n` +
    '    <header>\n' +
    (h.skeleton ? `      <skl><internal-file form="base64">${h.skeleton}</internal-file></skl>\n` : '') +
    `      <tool${attrs({ 'tool-id': 'ntm', 'tool-name': 'ntm', 'tool-version': h.toolVersion })}/>\n    </header>\n` +
    '    <body>\n';
  for (const r of rows) {
    const what = `segment ${r.segment}`;
    for (const text of [r.source, r.target, r.pairSource ?? '', r.pairTarget ?? '', r.note]) assertXmlText(text, what);
    out += `      <trans-unit${attrs({
      id: r.segment,
      translate: r.match === 'copy' ? 'no' : undefined,
      'ntm:paragraph': r.paragraph,
      'ntm:match': r.match,
      'ntm:score': r.score,
      'ntm:tm-id': r.pairId,
    })}>\n`;
    const codes = h.codes ?? {};
    out += `        <source>${r.sourcePieces ? piecesXml(r.sourcePieces, codes) : escapeText(r.source)}</source>\n`;
    out += targetXml(r, codes);
    if (r.note) out += `        <note from="ntm">${escapeText(r.note)}</note>\n`;
    if (r.pairId !== null && r.match !== 'copy') {
      out += `        <alt-trans${attrs({ 'match-quality': r.score, origin: 'ntm', 'ntm:tm-id': r.pairId })}>\n`;
      out += `          <source>${escapeText(r.pairSource ?? r.source)}</source>\n`;
      out += `          <target>${escapeText(r.pairTarget ?? r.target)}</target>\n`;
      out += '        </alt-trans>\n';
    }
    out += '      </trans-unit>\n';
  }
  return `${out}    </body>\n  </file>\n</xliff>\n`;
}
