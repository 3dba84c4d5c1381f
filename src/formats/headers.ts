// The names a header row may give its columns, in delimited text and spreadsheets alike, for
// `ntm import` (every field ntm keeps) and for drafts (the Dutch, the English and what
// pretranslate filled in). A header row is never stored as a pair: the Dutch and English
// columns go by `nl`/`en`, any language tag of Dutch or English (`nl-NL`, `en_GB`, `NL`),
// Dutch/English, Nederlands/Engels, source/target, bron/doel, brontekst/vertaling, in any case.

/** A column ntm reads. */
export type Field =
  | 'source'
  | 'target'
  | 'kind'
  | 'status'
  | 'by'
  | 'at'
  | 'changedBy'
  | 'changedAt'
  | 'ref'
  | 'note'
  | 'tags'
  | 'usage'
  // A pretranslated draft's columns (see draft-tsv.ts).
  | 'segment'
  | 'paragraph'
  | 'score'
  | 'match'
  | 'tmId'
  | 'tmSource'
  | 'tmTarget';

const NAMES: Record<string, Field> = {
  nl: 'source',
  source: 'source',
  'source text': 'source',
  dutch: 'source',
  nederlands: 'source',
  bron: 'source',
  brontekst: 'source',
  origineel: 'source',
  brontaal: 'source',
  en: 'target',
  target: 'target',
  'target text': 'target',
  english: 'target',
  engels: 'target',
  doel: 'target',
  doeltekst: 'target',
  vertaling: 'target',
  translation: 'target',
  doeltaal: 'target',
  kind: 'kind',
  type: 'kind',
  status: 'status',
  by: 'by',
  approved_by: 'by',
  author: 'by',
  creationid: 'by',
  at: 'at',
  approved_at: 'at',
  date: 'at',
  creationdate: 'at',
  changed_by: 'changedBy',
  changeid: 'changedBy',
  changed_at: 'changedAt',
  changedate: 'changedAt',
  ref: 'ref',
  article: 'ref',
  reference: 'ref',
  note: 'note',
  notes: 'note',
  comment: 'note',
  tags: 'tags',
  tag: 'tags',
  usage: 'usage',
  usagecount: 'usage',
  usage_count: 'usage',
  segment: 'segment',
  paragraph: 'paragraph',
  score: 'score',
  match: 'match',
  tm_id: 'tmId',
  tm_nl: 'tmSource',
  tm_en: 'tmTarget',
};

const LANGUAGE_TAG = /^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$/;
const DUTCH_CODES = new Set(['nl', 'nld', 'dut']);
const ENGLISH_CODES = new Set(['en', 'eng']);

/** The field a header cell names, or undefined when it names none. */
export function headerField(cell: string): Field | undefined {
  const name = cell.trim().toLowerCase().replace(/\s+/g, ' ');
  const known = NAMES[name];
  if (known) return known;
  const tag = LANGUAGE_TAG.exec(name);
  if (tag && DUTCH_CODES.has(tag[1]!)) return 'source';
  if (tag && ENGLISH_CODES.has(tag[1]!)) return 'target';
  return undefined;
}

/** True when a row names a Dutch and an English column (so it is a header, not a pair). */
export function namesBothSides(cells: readonly string[]): boolean {
  const fields = cells.map(headerField);
  return fields.includes('source') && fields.includes('target');
}
