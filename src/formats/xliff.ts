// XLIFF 1.2 (and 1.0/1.1, and Trados' sdlxliff) and XLIFF 2.0: approved translations → units.
//
// Approved means: XLIFF 1.x `approved="yes"` on the trans-unit, or a target whose state is
// `final` or `signed-off`; in sdlxliff a segment confirmed as ApprovedTranslation or
// ApprovedSignOff; XLIFF 2.0 a segment whose state is `final`. Other translations are skipped
// (with the reason) unless the import asks for unapproved ones too. A file whose source
// language is English and target Dutch is imported the right way round.
import type { Readable } from 'node:stream';
import type { DraftFill } from '../core/draft.js';
import { InputError } from '../core/errors.js';
import { hasCodes } from '../core/inline.js';
import { xliffSegment } from './inline.js';
import { xliffPieces } from './xliff-codes.js';
import { LanguageTally, sameLanguage, type LanguagePair } from './languages.js';
import type { ReadItem, TmUnit } from '../core/units.js';
import { attr, child, childElements, readXmlRecords, textOf, type XmlNode } from './xml-input.js';

export interface XliffOptions {
  file: string;
  langs: LanguagePair;
  includeUnapproved?: boolean;
  /**
   * Read as a draft (check, approve): every segment counts whatever its state or translate
   * flag, and one without target text is an untranslated segment (empty target), so that
   * segments are numbered as the file has them.
   */
  draft?: boolean;
}

const APPROVED_STATES = new Set(['final', 'signed-off']);
const SDL_APPROVED = new Set(['ApprovedTranslation', 'ApprovedSignOff']);

/** Streams the translations of an XLIFF file. */
export async function* readXliff(input: Readable, o: XliffOptions): AsyncGenerator<ReadItem> {
  const tally = new LanguageTally(o.langs, o.file, o.draft);
  let version2 = false;
  let rootSrc: string | undefined;
  let rootTgt: string | undefined;
  const records = readXmlRecords(input, {
    file: o.file,
    records: ['trans-unit', 'unit'],
    onElement: (node, depth) => {
      if (depth !== 0) return;
      if (node.name !== 'xliff') throw new InputError(`is not XLIFF: its root element is <${node.qname}>`, o.file, node.line);
      version2 = /^2\./.test(attr(node, 'version') ?? '');
      rootSrc = attr(node, 'srcLang');
      rootTgt = attr(node, 'trgLang');
    },
  });
  for await (const { node, ancestors } of records) {
    // <unit> is XLIFF 2's; in a 1.x file an element of that name is someone's extension.
    if ((node.name === 'unit') !== version2) continue;
    const file = [...ancestors].reverse().find((a) => a.name === 'file');
    const fileSrc = version2 ? rootSrc : file && attr(file, 'source-language');
    const target = child(node, 'target');
    const fileTgt = version2 ? rootTgt : ((target && attr(target, 'lang')) ?? (file && attr(file, 'target-language')));
    tally.saw([fileSrc, fileTgt]);
    const forward = sameLanguage(fileSrc, o.langs.source) && sameLanguage(fileTgt, o.langs.target);
    const backward = sameLanguage(fileSrc, o.langs.target) && sameLanguage(fileTgt, o.langs.source);
    if (sameLanguage(fileSrc, o.langs.source) || sameLanguage(fileTgt, o.langs.source)) tally.withSource++;
    if (!forward && !backward) {
      yield { line: node.line, skipped: `languages ${fileSrc ?? '?'} → ${fileTgt ?? '?'} are not ${o.langs.source} and ${o.langs.target}` };
      continue;
    }
    tally.withBoth++;
    const langs = { src: fileSrc!, tgt: fileTgt!, backward };
    yield* version2 ? unit2(node, langs, o) : unit1(node, langs, o);
  }
  tally.check();
}

interface Sides {
  src: string;
  tgt: string;
  backward: boolean;
}

function pair(line: number, source: XmlNode, target: XmlNode | undefined, sides: Sides, notes: string[], draft = false): TmUnit {
  const s = xliffSegment(source);
  const t = target ? xliffSegment(target) : { text: '' };
  const [nl, en] = sides.backward ? [t, s] : [s, t];
  const u: TmUnit = {
    line,
    source: nl.text,
    target: en.text,
    sourceLang: sides.backward ? sides.tgt : sides.src,
    targetLang: sides.backward ? sides.src : sides.tgt,
  };
  if (nl.markup !== undefined) u.sourceMarkup = nl.markup;
  if (en.markup !== undefined) u.targetMarkup = en.markup;
  if (notes.length) u.note = notes[0];
  if (notes.length > 1) u.moreNotes = notes.slice(1);
  if (draft && (s.markup !== undefined || t.markup !== undefined)) {
    // A draft's formatting, for check (tag-mismatch) and finish.
    const sp = xliffPieces(source);
    const tp = target ? xliffPieces(target) : [];
    if (hasCodes(sp) || hasCodes(tp)) {
      u.sourcePieces = sides.backward ? tp : sp;
      u.targetPieces = sides.backward ? sp : tp;
    }
  }
  return u;
}

/**
 * What a draft's trans-unit says about how pretranslate filled it: ntm's own attributes, the
 * target's state and state-qualifier (what CAT tools keep and update), and the alt-trans of
 * origin ntm (the stored pair and its score; CAT tools show it as the match). Any of them may
 * be gone after a CAT tool saved the file.
 */
function draftFill(tu: XmlNode, target: XmlNode): DraftFill | undefined {
  const fill: DraftFill = {};
  const match = attr(tu, 'match');
  if (match !== undefined) fill.match = match;
  const state = attr(target, 'state');
  if (state !== undefined) fill.state = state;
  const qualifier = attr(target, 'state-qualifier');
  if (qualifier !== undefined) fill.stateQualifier = qualifier;
  const alt = childElements(tu, 'alt-trans').find((a) => attr(a, 'origin') === 'ntm' || attr(a, 'tm-id') !== undefined);
  const id = Number(attr(tu, 'tm-id') ?? (alt && attr(alt, 'tm-id')));
  if (Number.isInteger(id) && id > 0) fill.pairId = id;
  const score = Number(attr(tu, 'score') ?? (alt && attr(alt, 'match-quality'))?.replace('%', ''));
  if (Number.isFinite(score) && (attr(tu, 'score') ?? (alt && attr(alt, 'match-quality'))) !== undefined) fill.score = score;
  const altSource = alt && child(alt, 'source');
  const altTarget = alt && child(alt, 'target');
  if (altSource) fill.pairSource = xliffSegment(altSource).text;
  if (altTarget) fill.pairTarget = xliffSegment(altTarget).text;
  return Object.keys(fill).length > 0 ? fill : undefined;
}

/** The `<mrk mtype="seg">` segments inside an element, by their mid. */
function segmentMarks(node: XmlNode, out = new Map<string, XmlNode>()): Map<string, XmlNode> {
  for (const c of node.children) {
    if (typeof c === 'string') continue;
    if (c.name === 'mrk' && attr(c, 'mtype') === 'seg') out.set(attr(c, 'mid') ?? String(out.size + 1), c);
    else segmentMarks(c, out);
  }
  return out;
}

function notUnapproved(state: string): string {
  return `not approved (${state}); --include-unapproved imports it`;
}

function* unit1(tu: XmlNode, sides: Sides, o: XliffOptions): Generator<ReadItem> {
  const line = tu.line;
  if (attr(tu, 'translate') === 'no' && !o.draft) {
    yield { line, skipped: 'marked translate="no" (not for translation)' };
    return;
  }
  const source = child(tu, 'source');
  const target = child(tu, 'target');
  if (!source) {
    yield { line, skipped: 'a trans-unit without <source>' };
    return;
  }
  const notes = childElements(tu, 'note').map(textOf);
  if (!target || textOf(target).trim() === '') {
    if (o.draft) yield pair(line, source, undefined, sides, notes, o.draft);
    else yield { line, skipped: 'not translated (no <target> text)' };
    return;
  }
  const unitApproved = attr(tu, 'approved') === 'yes' || APPROVED_STATES.has(attr(target, 'state') ?? '');
  const unitState = attr(target, 'state') ? `state "${attr(target, 'state')}"` : 'no approved="yes"';

  const segSource = child(tu, 'seg-source');
  const srcMarks = segSource ? segmentMarks(segSource) : new Map<string, XmlNode>();
  const tgtMarks = segmentMarks(target);
  if (srcMarks.size === 0 || tgtMarks.size === 0) {
    if (!unitApproved && !o.includeUnapproved && !o.draft) yield { line, skipped: notUnapproved(unitState) };
    else {
      const u = pair(line, source, target, sides, notes, o.draft);
      const fill = o.draft && !sides.backward ? draftFill(tu, target) : undefined;
      if (fill) u.fill = fill;
      yield u;
    }
    return;
  }
  // Segmented (Okapi, Trados): one unit per <mrk mtype="seg">, approved by the trans-unit or,
  // in sdlxliff, by each segment's confirmation level.
  const conf = new Map<string, string>();
  const defs = child(tu, 'seg-defs');
  for (const seg of defs ? childElements(defs, 'seg') : []) conf.set(attr(seg, 'id') ?? '', attr(seg, 'conf') ?? '');
  for (const [mid, src] of srcMarks) {
    const tgt = tgtMarks.get(mid);
    if (!tgt || textOf(tgt).trim() === '') {
      if (o.draft) yield pair(src.line, src, undefined, sides, notes, o.draft);
      else yield { line: src.line, skipped: `segment ${mid} is not translated` };
      continue;
    }
    const segConf = conf.get(mid);
    const approved = unitApproved || (segConf !== undefined && SDL_APPROVED.has(segConf));
    if (!approved && !o.includeUnapproved && !o.draft) {
      yield { line: src.line, skipped: notUnapproved(segConf ? `confirmation "${segConf}"` : unitState) };
      continue;
    }
    yield pair(src.line, src, tgt, sides, notes, o.draft);
  }
}

function* unit2(unit: XmlNode, sides: Sides, o: XliffOptions): Generator<ReadItem> {
  if (attr(unit, 'translate') === 'no' && !o.draft) {
    yield { line: unit.line, skipped: 'marked translate="no" (not for translation)' };
    return;
  }
  const notesEl = child(unit, 'notes');
  const notes = notesEl ? childElements(notesEl, 'note').map(textOf) : [];
  for (const seg of childElements(unit, 'segment')) {
    const source = child(seg, 'source');
    const target = child(seg, 'target');
    if (!source) {
      yield { line: seg.line, skipped: 'a segment without <source>' };
      continue;
    }
    if (!target || textOf(target).trim() === '') {
      if (o.draft) yield pair(seg.line, source, undefined, sides, notes, o.draft);
      else yield { line: seg.line, skipped: 'not translated (no <target> text)' };
      continue;
    }
    const state = attr(seg, 'state') ?? 'initial';
    if (state !== 'final' && !o.includeUnapproved && !o.draft) {
      yield { line: seg.line, skipped: notUnapproved(`state "${state}"`) };
      continue;
    }
    yield pair(seg.line, source, target, sides, notes, o.draft);
  }
}
