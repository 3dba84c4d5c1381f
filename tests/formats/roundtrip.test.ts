// The shared round-trip suite, run by every format the registry writes, through the commands
// users run: export → import into a new database keeps every unit and every field the format
// carries, and exporting that database again writes the same file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredUnit } from '../../src/core/units.js';
import { FORMATS } from '../../src/formats/registry.js';
import { exportUnits } from '../../src/store/interchange.js';
import { openStore } from '../../src/store/open.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

const RICH = join(ROOT, 'tests', 'fixtures', 'interchange', 'rich.tmx');

/** The fields each format carries; TMX carries everything ntm keeps. A new format adds its row. */
const PAIR_FIELDS = ['source', 'target', 'kind', 'status', 'by', 'at', 'changedBy', 'changedAt', 'ref', 'note', 'tags', 'usageCount'] as const;
const FIELDS: Record<string, readonly string[]> = {
  tmx: [...PAIR_FIELDS, 'moreNotes', 'sourceMarkup', 'targetMarkup', 'sourceLang', 'targetLang', 'props', 'attrs'],
  tbx: [...PAIR_FIELDS, 'moreNotes', 'sourceLang', 'targetLang', 'props'],
  tsv: PAIR_FIELDS,
  csv: PAIR_FIELDS,
  xlsx: PAIR_FIELDS,
};

const WRITTEN = FORMATS.filter((f) => f.write);

/** What a database holds, as the export of this format reads it. */
function stored(db: string, termsOnly: boolean): StoredUnit[] {
  const store = openStore(db, { create: false });
  try {
    return [...exportUnits(store.db, { kind: termsOnly ? 'term' : undefined, bySource: termsOnly })];
  } finally {
    store.close();
  }
}

/** A unit reduced to the fields a format carries, with empty optional fields left out. */
function fields(u: StoredUnit, format: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS[format]!) {
    const v = (u as unknown as Record<string, unknown>)[f];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) out[f] = v;
  }
  return out;
}

let t: { dir: string; cleanup: () => void };
let rich: string;
beforeAll(async () => {
  t = tempDir();
  rich = join(t.dir, 'rich.sqlite');
  const r = await cli(['--db', rich, 'import', RICH]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => t.cleanup());

describe('the registry', () => {
  it('writes at least TMX, TBX, TSV, CSV and XLSX, and every written format says which fields it carries', () => {
    expect(WRITTEN.map((f) => f.name)).toEqual(expect.arrayContaining(['tmx', 'tbx', 'tsv', 'csv', 'xlsx']));
    for (const f of WRITTEN) expect(FIELDS[f.name], `FIELDS has no row for ${f.name}`).toBeDefined();
  });
});

describe.each(WRITTEN.map((f) => [f.name, f] as const))('round trip through %s', (name, format) => {
  it('keeps every unit and every field it carries, and writes the same file again', async () => {
    const termsOnly = format.write?.termsOnly === true;
    const before = stored(rich, termsOnly);
    expect(before.length).toBe(termsOnly ? 3 : 6);
    const file = join(t.dir, `export${format.extensions[0]}`);
    const exported = await cli(['--db', rich, 'export', file, '--force']);
    expect(exported.status, exported.stderr).toBe(0);

    const copy = join(t.dir, `${name}.sqlite`);
    const imported = await cli(['--db', copy, 'import', file, '--json']);
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout).files[0]).toMatchObject({ format: name, imported: before.length, skipped: [] });
    expect(stored(copy, termsOnly).map((u) => fields(u, name))).toEqual(before.map((u) => fields(u, name)));

    const again = join(t.dir, `again${format.extensions[0]}`);
    expect((await cli(['--db', copy, 'export', again])).status).toBe(0);
    expect(readFileSync(again).equals(readFileSync(file))).toBe(true);
  });
});

describe('what the rich sample holds (so that the round trips above test something)', () => {
  it('has inline codes, several notes, props, attributes, tags, forbidden terms and distinct changers', () => {
    const units = stored(rich, false);
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
