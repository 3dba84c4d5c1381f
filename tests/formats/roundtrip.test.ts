// The shared round-trip suite every export format runs: import → export → import into a new
// database keeps every unit and every field the format carries, and exporting again writes
// the same bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openUnits } from '../../src/formats/detect.js';
import { DEFAULT_LANGUAGES } from '../../src/formats/languages.js';
import { TBX_END, tbxEntryXml, tbxStart } from '../../src/formats/tbx.js';
import { TMX_END, tmxStart, tmxUnitXml } from '../../src/formats/tmx.js';
import { csvLine, delimitedHeader, tsvLine } from '../../src/formats/tsv.js';
import { asyncTransaction, importUnits } from '../../src/store/import.js';
import { exportUnits, type ExportUnit } from '../../src/store/interchange.js';
import { openStore, type Store } from '../../src/store/open.js';
import { ROOT } from '../helpers/cli.js';

const RICH = join(ROOT, 'tests', 'fixtures', 'interchange', 'rich.tmx');

type Format = 'tmx' | 'tbx' | 'tsv' | 'csv';

/** The fields each format carries; TMX carries everything ntm keeps. */
const PAIR_FIELDS = ['source', 'target', 'kind', 'status', 'by', 'at', 'changedBy', 'changedAt', 'ref', 'note', 'tags', 'usageCount'] as const;
const FIELDS: Record<Format, readonly string[]> = {
  tmx: [...PAIR_FIELDS, 'moreNotes', 'sourceMarkup', 'targetMarkup', 'sourceLang', 'targetLang', 'props', 'attrs'],
  tbx: [...PAIR_FIELDS, 'moreNotes', 'sourceLang', 'targetLang', 'props'],
  tsv: PAIR_FIELDS,
  csv: PAIR_FIELDS,
};

function serialize(format: Format, units: ExportUnit[]): string {
  const what = (u: { line: number }) => `pair #${u.line}`;
  switch (format) {
    case 'tmx':
      return tmxStart({ tool: 'ntm', toolVersion: 'test' }) + units.map((u) => tmxUnitXml(u, what(u))).join('') + TMX_END;
    case 'tbx': {
      const groups: ExportUnit[][] = [];
      for (const u of units) {
        const last = groups[groups.length - 1];
        if (last && last[0]!.sourceNorm === u.sourceNorm) last.push(u);
        else groups.push([u]);
      }
      return tbxStart('test') + groups.map((g, i) => tbxEntryXml(i + 1, g, what)).join('') + TBX_END;
    }
    case 'tsv':
      return delimitedHeader('\t') + units.map((u) => tsvLine(u, what(u))).join('');
    case 'csv':
      return delimitedHeader(',') + units.map(csvLine).join('');
  }
}

async function importInto(store: Store, content: Buffer | string, file: string): Promise<void> {
  await asyncTransaction(store.db, async () => {
    const { units } = await openUnits(Readable.from([Buffer.from(content)]), { file, langs: DEFAULT_LANGUAGES });
    const r = await importUnits(store.db, units, { kind: 'segment', by: 'importer' });
    expect(r.skipped.filter((s) => !/no (Dutch|English)/.test(s.reason))).toEqual([]);
  });
}

function exported(store: Store, format: Format): ExportUnit[] {
  return [...exportUnits(store.db, { kind: format === 'tbx' ? 'term' : undefined, bySource: format === 'tbx' })];
}

/** A unit reduced to the fields a format carries, with empty optional fields left out. */
function fields(u: ExportUnit, format: Format): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS[format]) {
    const v = (u as unknown as Record<string, unknown>)[f];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) out[f] = v;
  }
  return out;
}

let first: Store;
let second: Store;
beforeEach(async () => {
  first = openStore(':memory:', { create: true });
  second = openStore(':memory:', { create: true });
  await importInto(first, readFileSync(RICH), 'rich.tmx');
});
afterEach(() => {
  first.close();
  second.close();
});

describe.each(['tmx', 'tbx', 'tsv', 'csv'] as const)('round trip through %s', (format) => {
  it('keeps every unit and every field it carries, and writes the same file again', async () => {
    const before = exported(first, format);
    expect(before.length).toBe(format === 'tbx' ? 3 : 6);
    const file = serialize(format, before);
    await importInto(second, file, `export.${format}`);
    const after = exported(second, format);
    expect(after.map((u) => fields(u, format))).toEqual(before.map((u) => fields(u, format)));
    expect(serialize(format, after)).toBe(file);
  });
});

describe('what the rich sample holds (so that the round trips above test something)', () => {
  it('has inline codes, several notes, props, attributes, tags, forbidden terms and distinct changers', () => {
    const units = exported(first, 'tmx');
    const hasaka = units[0]!;
    expect(hasaka.source).toBe('De Koerdische strijders die het gebied bewaken, verloren naar eigen zeggen zeventien mensen.');
    expect(hasaka.sourceMarkup).toContain('<bpt i="1">&lt;b&gt;</bpt>zeventien<ept i="1">&lt;/b&gt;</ept>');
    expect(hasaka).toMatchObject({
      sourceLang: 'nl-NL',
      targetLang: 'en-GB',
      by: 'eindredactie',
      at: '2022-01-24T10:15:00.000Z',
      changedBy: 'anna',
      changedAt: '2022-01-25T08:30:00.000Z',
      usageCount: 3,
      ref: 'volkskrant-2022-01-hasaka',
      note: 'Desk style since January 2022.',
      moreNotes: ['Checked against the AP wording.'],
      tags: ['hasaka', 'syria'],
      props: [{ type: 'x-domain', value: 'news & politics' }],
      attrs: { tuid: 'hasaka-1', lastusagedate: '20230301T120000Z' },
    });
    expect(units.filter((u) => u.kind === 'term').map((u) => [u.target, u.status])).toEqual([
      ['self-proclaimed caliphate', 'approved'],
      ['so-called caliphate', 'forbidden'],
      ['Kurdish forces', 'approved'],
    ]);
  });
});
