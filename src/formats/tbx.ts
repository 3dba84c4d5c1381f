// TBX terminology (TBX-Basic and TBX 2 `<martif>`; TBX v3 `<tbx>` with conceptEntry/langSec/
// termSec): each Dutch term of an entry paired with each English term of the same entry.
//
// An English term whose administrative status (or normative authorization) is deprecated,
// superseded or forbidden becomes a forbidden rendering; preferred, admitted and standardized
// ones are approved. Who and when come from the English term's transaction groups
// (origination → approved by/at, modification → changed by/at), else the entry's. Notes are
// notes; descrip/admin/termNote data categories are kept as properties by their type, except
// x-ref (article), x-tag (tags) and x-usage-count, which are ntm's own fields.
import type { Readable } from 'node:stream';
import { InputError } from '../core/errors.js';
import { FieldError, parseCount, parseDate } from '../core/fields.js';
import { LanguageTally, sameLanguage, type LanguagePair } from './languages.js';
import type { ReadItem, StoredUnit, TmUnit, UnitProp } from '../core/units.js';
import type { WriteOptions } from './registry.js';
import type { ExportText } from './export-text.js';
import { attr, child, childElements, readXmlRecords, textOf, type XmlNode } from './xml-input.js';
import { assertXmlText, attrs, escapeText, xmlChecked } from './xml-write.js';

export interface TbxOptions {
  file: string;
  langs: LanguagePair;
}

const STATUS_TYPES = new Set(['administrativeStatus', 'normativeAuthorization']);
/** Data categories that belong on a term (termNote) rather than describe it (descrip). */
const TERM_NOTES = new Set(['partOfSpeech', 'termType', 'grammaticalGender', 'grammaticalNumber', 'geographicalUsage', 'usageNote', 'transferComment']);

/** A TBX date (2005-04-22T14:06:32, 20010507T10:57:25Z, …) as ISO 8601; no zone means UTC. Throws FieldError. */
export function fromTbxDate(value: string | undefined): string | undefined {
  if (!value?.trim()) return undefined;
  return parseDate(value);
}

interface Term {
  text: string;
  status: string | undefined;
  node: XmlNode;
  lang: string;
}

function isForbidden(status: string | undefined): boolean {
  return status !== undefined && /deprecated|superseded|forbidden/i.test(status);
}

/** The terms of one langSet/langSec, with their status. */
function termsOf(langSet: XmlNode, lang: string): Term[] {
  const out: Term[] = [];
  for (const holder of langSet.children) {
    if (typeof holder === 'string' || !['tig', 'ntig', 'termSec'].includes(holder.name)) continue;
    const grp = child(holder, 'termGrp') ?? holder;
    const term = child(grp, 'term');
    if (!term) continue;
    const notes = [...childElements(grp, 'termNote'), ...(grp === holder ? [] : childElements(holder, 'termNote'))];
    const statusNote = notes.find((n) => STATUS_TYPES.has(attr(n, 'type') ?? ''));
    out.push({ text: textOf(term), status: statusNote ? textOf(statusNote).trim() : undefined, node: holder, lang });
  }
  return out;
}

/** Who and when from `<transacGrp>` children of a node. */
function transactions(node: XmlNode): { by?: string; at?: string; changedBy?: string; changedAt?: string } {
  const out: { by?: string; at?: string; changedBy?: string; changedAt?: string } = {};
  for (const g of childElements(node, 'transacGrp')) {
    const kind = textOf(child(g, 'transac') ?? g)
      .trim()
      .toLowerCase();
    const who = childElements(g, 'transacNote').find((n) => attr(n, 'type') === 'responsibility');
    const when = fromTbxDate(textOf(child(g, 'date') ?? { name: '', qname: '', attrs: {}, children: [], line: 0 }));
    if (kind === 'origination') {
      if (who) out.by = textOf(who).trim();
      if (when) out.at = when;
    } else if (kind === 'modification') {
      if (who) out.changedBy = textOf(who).trim();
      if (when) out.changedAt = when;
    }
  }
  return out;
}

/** Data categories (descrip, admin, termNote other than status) and notes of a node. */
function categories(node: XmlNode, props: UnitProp[], notes: string[], unit: TmUnit): void {
  for (const c of node.children) {
    if (typeof c === 'string') continue;
    if (c.name === 'note') notes.push(textOf(c));
    if (c.name === 'descripGrp') categories(c, props, notes, unit);
    if (!['descrip', 'admin', 'termNote'].includes(c.name)) continue;
    const type = attr(c, 'type') ?? '';
    if (STATUS_TYPES.has(type)) continue;
    const value = textOf(c);
    if (type === 'x-ref' && unit.ref === undefined) unit.ref = value;
    else if (type === 'x-tag') (unit.tags ??= []).push(value);
    else if (type === 'x-usage-count') unit.usageCount = parseCount(value, 'x-usage-count');
    else props.push({ type, value });
  }
}

/** Streams the term pairs of a TBX file. */
export async function* readTbx(input: Readable, o: TbxOptions): AsyncGenerator<ReadItem> {
  const tally = new LanguageTally(o.langs, o.file);
  const records = readXmlRecords(input, {
    file: o.file,
    records: ['termEntry', 'conceptEntry'],
    onElement: (node, depth) => {
      if (depth === 0 && node.name !== 'martif' && node.name !== 'tbx') {
        throw new InputError(`is not TBX: its root element is <${node.qname}>`, o.file, node.line);
      }
    },
  });
  for await (const { node: entry } of records) {
    const sets = childElements(entry).filter((c) => c.name === 'langSet' || c.name === 'langSec');
    tally.saw(sets.map((s) => attr(s, 'lang')));
    const sources = sets.filter((s) => sameLanguage(attr(s, 'lang'), o.langs.source)).flatMap((s) => termsOf(s, attr(s, 'lang')!));
    const targets = sets.filter((s) => sameLanguage(attr(s, 'lang'), o.langs.target)).flatMap((s) => termsOf(s, attr(s, 'lang')!));
    if (sources.length === 0) {
      yield { line: entry.line, skipped: `no ${o.langs.source} term in this entry` };
      continue;
    }
    tally.withSource++;
    if (targets.length === 0) {
      yield { line: entry.line, skipped: `no ${o.langs.target} term in this entry` };
      continue;
    }
    tally.withBoth++;
    for (const s of sources) {
      for (const t of targets) {
        const unit: TmUnit = {
          line: t.node.line,
          source: s.text,
          target: t.text,
          kind: 'term',
          status: isForbidden(t.status) ? 'forbidden' : 'approved',
          sourceLang: s.lang,
          targetLang: t.lang,
        };
        const props: UnitProp[] = [];
        const notes: string[] = [];
        // A date or count that cannot be read exactly skips the term with the reason.
        try {
          Object.assign(unit, transactions(entry), transactions(t.node));
          categories(entry, props, notes, unit);
          categories(t.node, props, notes, unit);
          const grp = child(t.node, 'termGrp');
          if (grp) categories(grp, props, notes, unit);
        } catch (err) {
          if (!(err instanceof FieldError)) throw err;
          yield { line: unit.line, skipped: err.message };
          continue;
        }
        if (props.length) unit.props = props;
        if (notes.length) unit.note = notes[0];
        if (notes.length > 1) unit.moreNotes = notes.slice(1);
        yield unit;
      }
    }
  }
  tally.check();
}

/** The opening of a TBX-Basic (TBX 2, `<martif>`) file written by ntm. */
export function tbxStart(title: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<martif type="TBX-Basic" xml:lang="en">\n' +
    `  <martifHeader>\n    <fileDesc>\n      <titleStmt><title>${escapeText(title)}</title></titleStmt>\n` +
    '      <sourceDesc><p>Exported by ntm</p></sourceDesc>\n    </fileDesc>\n  </martifHeader>\n' +
    '  <text>\n    <body>\n'
  );
}

/** The end of a TBX file. */
export const TBX_END = '    </body>\n  </text>\n</martif>\n';

/** A TBX file of stored terms, one entry per Dutch term (units come sorted by it), piece by piece. */
export function* tbxPieces(units: Iterable<StoredUnit>, o: WriteOptions, text: ExportText): Generator<string> {
  const what = (u: TmUnit) => `pair #${(u as StoredUnit).id}`;
  let entries = 0;
  const entry = (group: StoredUnit[]): string => text.piece(group.length, () => xmlChecked(group[0]!.id, tbxEntryXml(++entries, group, what)));
  yield tbxStart(o.title);
  let group: StoredUnit[] = [];
  for (const u of units) {
    if (group.length && group[0]!.sourceNorm !== u.sourceNorm) {
      yield entry(group);
      group = [];
    }
    group.push(u);
  }
  if (group.length) yield entry(group);
  yield TBX_END;
}

/** One entry: a Dutch term and all its stored English renderings (approved and forbidden). */
export function tbxEntryXml(id: number, renderings: readonly TmUnit[], what: (u: TmUnit) => string): string {
  const first = renderings[0]!;
  for (const u of renderings) for (const v of [u.source, u.target, u.note ?? '', ...(u.moreNotes ?? [])]) assertXmlText(v, what(u));
  let out = `      <termEntry id="e${id}">\n`;
  out += `        <langSet xml:lang="${escapeText(first.sourceLang ?? 'nl')}">\n          <tig><term>${escapeText(first.source)}</term></tig>\n        </langSet>\n`;
  const byLang = new Map<string, TmUnit[]>();
  for (const u of renderings) {
    const lang = u.targetLang ?? 'en';
    byLang.set(lang, [...(byLang.get(lang) ?? []), u]);
  }
  for (const [lang, units] of byLang) {
    out += `        <langSet xml:lang="${escapeText(lang)}">\n`;
    for (const u of units) {
      const status = u.status === 'forbidden' ? 'deprecatedTerm-admn-sts' : 'preferredTerm-admn-sts';
      out += `          <tig>\n            <term>${escapeText(u.target)}</term>\n`;
      out += `            <termNote type="administrativeStatus">${status}</termNote>\n`;
      for (const p of u.props ?? []) {
        const el = TERM_NOTES.has(p.type) ? 'termNote' : 'descrip';
        out += `            <${el}${attrs({ type: p.type })}>${escapeText(p.value)}</${el}>\n`;
      }
      if (u.ref) out += `            <admin type="x-ref">${escapeText(u.ref)}</admin>\n`;
      for (const t of u.tags ?? []) out += `            <admin type="x-tag">${escapeText(t)}</admin>\n`;
      if (u.usageCount) out += `            <admin type="x-usage-count">${u.usageCount}</admin>\n`;
      const transac = (kind: string, who?: string, when?: string) =>
        who || when
          ? `            <transacGrp><transac type="transactionType">${kind}</transac>` +
            (who ? `<transacNote type="responsibility">${escapeText(who)}</transacNote>` : '') +
            (when ? `<date>${escapeText(when)}</date>` : '') +
            '</transacGrp>\n'
          : '';
      out += transac('origination', u.by, u.at);
      out += transac('modification', u.changedBy, u.changedAt);
      for (const n of [u.note, ...(u.moreNotes ?? [])]) if (n !== undefined && n !== null) out += `            <note>${escapeText(n)}</note>\n`;
      out += '          </tig>\n';
    }
    out += '        </langSet>\n';
  }
  return `${out}      </termEntry>\n`;
}
