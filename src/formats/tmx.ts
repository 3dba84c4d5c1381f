// TMX 1.4b (and the 1.1–1.4 files older tools still write): `<tu>` → units, units → `<tu>`.
//
// Field mapping, both ways:
//   creationid/creationdate → approved by/at      changeid/changedate → changed by/at
//   usagecount → usage count                      first <note> → note, further notes kept
//   <prop type="x-ref"> (or x-article, article, x-ntm-ref) → article reference
//   <prop type="x-tag"> (one per tag; x-tags/tags: comma-separated) → tags
//   <prop type="x-ntm-kind">term / x-ntm-status">forbidden → kind and status
//   <prop type="x-context-pre"> (as memoQ writes it; one per context) → the source sentence
//     it followed, for in-context matches
//   every other <prop> and <tu> attribute (tuid, lastusagedate, …) is kept verbatim.
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { InputError } from '../core/errors.js';
import { FieldError, parseCount, parseDate } from '../core/fields.js';
import { norm } from '../core/normalize.js';
import { tmxSegment } from './inline.js';
import { LanguageTally, languageName, pickLanguage, type LanguagePair } from './languages.js';
import type { ReadItem, StoredUnit, TmUnit, UnitProp } from '../core/units.js';
import type { WriteOptions } from './registry.js';
import type { ExportText } from './export-text.js';
import { attr, child, childElements, readXmlRecords, textOf, type XmlNode } from './xml-input.js';
import { assertXmlText, attrs, escapeText, xmlChecked } from './xml-write.js';

/** The property naming the source segment a unit followed. */
const CONTEXT_PRE = 'x-context-pre';

export interface XmlFileOptions {
  file: string;
  langs: LanguagePair;
  /** Read as a draft (check, approve): a unit without its translation is an untranslated segment. */
  draft?: boolean;
}

/** ISO 8601 → TMX's `YYYYMMDDThhmmssZ` (TMX has no fractions of a second). */
export function toTmxDate(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

const REF_PROPS = new Set(['x-ref', 'x-article', 'article', 'x-ntm-ref', 'ref']);
const TAG_PROPS = new Set(['x-tag', 'x-ntm-tag']);
const TAG_LIST_PROPS = new Set(['x-tags', 'tags']);
/** Attributes with a field of their own, or meaningless after the import (srclang). */
const MAPPED_ATTRS = new Set(['creationid', 'creationdate', 'changeid', 'changedate', 'usagecount', 'srclang']);

/** Streams the units of a TMX file: the source-language and target-language variants of each `<tu>`. */
export async function* readTmx(input: Readable, o: XmlFileOptions): AsyncGenerator<ReadItem> {
  const tally = new LanguageTally(o.langs, o.file, o.draft);
  const records = readXmlRecords(input, {
    file: o.file,
    records: ['tu'],
    onElement: (node, depth) => {
      if (depth === 0 && node.name !== 'tmx') {
        throw new InputError(`is not TMX: its root element is <${node.qname}>`, o.file, node.line);
      }
    },
  });
  for await (const { node: tu } of records) {
    const item = tmxUnit(tu, o, tally);
    if (item) yield item;
  }
  tally.check();
}

function tmxUnit(tu: XmlNode, o: XmlFileOptions, tally: LanguageTally): ReadItem | null {
  const langs = o.langs;
  const line = tu.line;
  const tuvs = childElements(tu, 'tuv');
  // Each code read once: this runs for every unit of files with hundreds of thousands.
  const codes = new Map(tuvs.map((t) => [t, attr(t, 'lang')]));
  const langOf = (tuv: XmlNode) => codes.get(tuv);
  tally.saw(codes.values());
  const src = pickLanguage(tuvs, langOf, langs.source);
  if (!src) return { line, skipped: `no ${languageName(langs.source)} text in this unit (it has: ${tuvs.map(langOf).join(', ') || 'nothing'})` };
  tally.withSource++;
  const tgt = pickLanguage(tuvs, langOf, langs.target);
  const srcSeg = child(src, 'seg');
  if (o.draft && (!tgt || tgt === src) && srcSeg) {
    tally.withBoth++;
    return { line, source: tmxSegment(srcSeg).text, target: '' };
  }
  if (!tgt || tgt === src) {
    return { line, skipped: `no ${languageName(langs.target)} translation in this unit (it has: ${tuvs.map(langOf).join(', ')})` };
  }
  tally.withBoth++;
  const tgtSeg = child(tgt, 'seg');
  if (!srcSeg || !tgtSeg) return { line, skipped: 'a <tuv> without <seg>' };
  const s = tmxSegment(srcSeg);
  const t = tmxSegment(tgtSeg);
  const unit: TmUnit = { line, source: s.text, target: t.text, sourceLang: langOf(src), targetLang: langOf(tgt) };
  if (s.markup !== undefined) unit.sourceMarkup = s.markup;
  if (t.markup !== undefined) unit.targetMarkup = t.markup;

  // Who and when: the <tu>'s own attributes, else the translation's.
  const meta = (name: string) => attr(tu, name) ?? attr(tgt, name);
  const by = meta('creationid');
  const changedBy = meta('changeid');
  if (by) unit.by = by;
  if (changedBy) unit.changedBy = changedBy;
  // A field that cannot be read exactly skips the unit with the reason: never a guess.
  try {
    const at = meta('creationdate');
    const changedAt = meta('changedate');
    const usage = attr(tu, 'usagecount');
    if (at?.trim()) unit.at = parseDate(at, 'creationdate');
    if (changedAt?.trim()) unit.changedAt = parseDate(changedAt, 'changedate');
    if (usage?.trim()) unit.usageCount = parseCount(usage, 'usagecount');
  } catch (err) {
    if (err instanceof FieldError) return { line, skipped: err.message };
    throw err;
  }

  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(tu.attrs)) if (!MAPPED_ATTRS.has(k)) extra[k] = v;
  if (Object.keys(extra).length) unit.attrs = extra;

  const props: UnitProp[] = [];
  const tags: string[] = [];
  const contexts: string[] = [];
  for (const p of childElements(tu, 'prop')) {
    const type = attr(p, 'type') ?? '';
    const value = textOf(p);
    const key = type.toLowerCase();
    if (REF_PROPS.has(key) && unit.ref === undefined) unit.ref = value;
    else if (TAG_PROPS.has(key)) tags.push(value);
    else if (TAG_LIST_PROPS.has(key)) tags.push(...value.split(/[,;]/));
    else if (key === CONTEXT_PRE) contexts.push(value);
    else if (key === 'x-ntm-kind' && (value === 'term' || value === 'segment')) unit.kind = value;
    else if (key === 'x-ntm-status' && (value === 'approved' || value === 'forbidden' || value === 'proposed')) unit.status = value;
    else props.push({ type, value });
  }
  if (tags.length) unit.tags = tags;
  if (contexts.length) unit.contexts = contexts;
  if (props.length) unit.props = props;
  const notes = childElements(tu, 'note').map(textOf);
  if (notes.length) unit.note = notes[0];
  if (notes.length > 1) unit.moreNotes = notes.slice(1);
  return unit;
}

export interface TmxHeader {
  tool: string;
  toolVersion: string;
}

/** The opening of a TMX 1.4b file written by ntm. */
export function tmxStart(h: TmxHeader): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n' +
    '<tmx version="1.4">\n' +
    `  <header${attrs({
      creationtool: h.tool,
      creationtoolversion: h.toolVersion,
      datatype: 'plaintext',
      segtype: 'sentence',
      adminlang: 'en',
      srclang: 'nl',
      'o-tmf': 'ntm',
    })}/>\n` +
    '  <body>\n'
  );
}

/** The end of a TMX file. */
export const TMX_END = '  </body>\n</tmx>\n';

/** A TMX 1.4b file of stored pairs, piece by piece (see ExportText). */
export function* tmxPieces(units: Iterable<StoredUnit>, o: WriteOptions, text: ExportText): Generator<string> {
  yield tmxStart({ tool: o.tool, toolVersion: o.toolVersion });
  for (const u of units) yield text.piece(1, () => xmlChecked(u.id, tmxUnitXml(u, `pair #${u.id}`)));
  yield TMX_END;
}

/** One unit as a TMX `<tu>`, with every field ntm keeps. */
export function tmxUnitXml(u: TmUnit, what: string): string {
  for (const v of [u.source, u.target, u.note ?? '', u.ref ?? '', ...(u.moreNotes ?? []), ...(u.contexts ?? [])]) assertXmlText(v, what);
  const tuAttrs: Record<string, string | number | undefined> = { ...(u.attrs ?? {}) };
  tuAttrs.creationid = u.by;
  tuAttrs.creationdate = u.at ? toTmxDate(u.at) : undefined;
  tuAttrs.changeid = u.changedBy;
  tuAttrs.changedate = u.changedAt ? toTmxDate(u.changedAt) : undefined;
  tuAttrs.usagecount = u.usageCount;
  let out = `    <tu${attrs(tuAttrs)}>\n`;
  const prop = (type: string, value: string) => `      <prop type="${escapeText(type).replace(/"/g, '&quot;')}">${escapeText(value)}</prop>\n`;
  if (u.kind === 'term') out += prop('x-ntm-kind', 'term');
  // A proposed pair is marked too: another TM must not take it for approved wording.
  if (u.status === 'forbidden' || u.status === 'proposed') out += prop('x-ntm-status', u.status);
  if (u.ref) out += prop('x-ref', u.ref);
  for (const t of u.tags ?? []) out += prop('x-tag', t);
  for (const c of u.contexts ?? []) out += prop(CONTEXT_PRE, c);
  for (const p of u.props ?? []) out += prop(p.type, p.value);
  for (const n of [u.note, ...(u.moreNotes ?? [])]) if (n !== undefined && n !== null) out += `      <note>${escapeText(n)}</note>\n`;
  out += `      <tuv xml:lang="${escapeText(u.sourceLang ?? 'nl')}"><seg>${segBody(u.source, u.sourceMarkup)}</seg></tuv>\n`;
  out += `      <tuv xml:lang="${escapeText(u.targetLang ?? 'en')}"><seg>${segBody(u.target, u.targetMarkup)}</seg></tuv>\n`;
  return `${out}    </tu>\n`;
}

/**
 * The `<seg>` body: the kept inline codes when their text is still the pair's text (an edit
 * in ntm makes them stale, and then the plain text is the truth), else the escaped text.
 */
function segBody(text: string, markup: string | undefined): string {
  if (markup !== undefined && markupText(markup) === norm(text)) return markup;
  return escapeText(text);
}

/** The plain text of a kept `<seg>` body, normalised. */
export function markupText(markup: string): string | null {
  try {
    const parser = new SaxesParser();
    const stack: string[] = [];
    let text = '';
    let codeDepth = 0;
    parser.on('opentag', (t) => {
      stack.push(t.name);
      if (['bpt', 'ept', 'ph', 'it', 'ut'].includes(t.name)) codeDepth++;
    });
    parser.on('closetag', (t) => {
      stack.pop();
      if (['bpt', 'ept', 'ph', 'it', 'ut'].includes(t.name)) codeDepth--;
    });
    parser.on('text', (t) => {
      if (codeDepth === 0) text += t;
    });
    parser.write(`<seg>${markup}</seg>`).close();
    return norm(text);
  } catch {
    return null;
  }
}
