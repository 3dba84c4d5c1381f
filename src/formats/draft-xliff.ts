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
import { basename } from 'node:path';
import type { DraftRow } from '../core/draft.js';
import { assertXmlText, attrs, escapeText } from './xml-write.js';

/** The namespace of ntm's own attributes in a draft. */
export const NTM_DRAFT_NS = 'urn:x-ntm:draft';

export interface XliffDraftHeader {
  /** The article the draft is of (its name is the `original` of the file). */
  original: string;
  toolVersion: string;
}

function targetXml(r: DraftRow): string {
  switch (r.match) {
    case 'none':
      return '';
    case 'copy':
      return `        <target state="final">${escapeText(r.target)}</target>\n`;
    case 'exact':
      return `        <target state="translated" state-qualifier="exact-match">${escapeText(r.target)}</target>\n`;
    case 'fuzzy':
    case 'adapted':
      return `        <target state="needs-review-translation" state-qualifier="fuzzy-match">${escapeText(r.target)}</target>\n`;
  }
}

/** A draft as an XLIFF 1.2 document. */
export function writeDraftXliff(rows: readonly DraftRow[], h: XliffDraftHeader): string {
  let out =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:ntm="${NTM_DRAFT_NS}">\n` +
    `  <file${attrs({ original: basename(h.original), 'source-language': 'nl', 'target-language': 'en', datatype: 'plaintext', 'tool-id': 'ntm' })}>\n` +
    `    <header>\n      <tool${attrs({ 'tool-id': 'ntm', 'tool-name': 'ntm', 'tool-version': h.toolVersion })}/>\n    </header>\n` +
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
    out += `        <source>${escapeText(r.source)}</source>\n`;
    out += targetXml(r);
    if (r.note) out += `        <note from="ntm">${escapeText(r.note)}</note>\n`;
    if (r.pairId !== null && r.match !== 'copy') {
      out += `        <alt-trans${attrs({ 'match-quality': r.score, origin: 'ntm', 'ntm:tm-id': r.pairId })}>\n`;
      out += `          <source>${escapeText(r.pairSource ?? r.source)}</source>\n`;
      out += `          <target>${escapeText(r.pairTarget ?? r.target)}</target>\n`;
      out += '        </alt-trans>\n';
    }
    out += '      </trans-unit>\n';
  }
  return out + '    </body>\n  </file>\n</xliff>\n';
}
