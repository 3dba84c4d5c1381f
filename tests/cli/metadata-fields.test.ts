// Usage counts and dates in interchange files are read exactly or the unit is skipped with
// its line and the reason; never rounded, rolled over or dropped in silence (#14 item 7).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

const tu = (n: number, attrs: string) => `<tu ${attrs}><tuv xml:lang="nl"><seg>Zin ${n}.</seg></tuv><tuv xml:lang="en"><seg>Sentence ${n}.</seg></tuv></tu>\n`;

function stored(db: string): Record<string, { usage: number; at: string }> {
  const raw = new Database(db, { readonly: true });
  try {
    const rows = raw.prepare(`SELECT source, usage_count AS usage, approved_at AS at FROM pairs`).all() as { source: string; usage: number; at: string }[];
    return Object.fromEntries(rows.map((r) => [r.source, { usage: r.usage, at: r.at }]));
  } finally {
    raw.close();
  }
}

it('TMX: each bad usagecount or date skips its unit with the line; the rest is imported exactly', async () => {
  const file = join(dir, 'fields.tmx');
  writeFileSync(
    file,
    '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="nl" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>\n' +
      tu(1, 'usagecount="99999999999999999999"') +
      tu(2, 'usagecount="1e3"') +
      tu(3, 'usagecount="1.5"') +
      tu(4, 'usagecount="9007199254740993"') +
      tu(5, 'creationdate="20240230T101500Z"') +
      tu(6, 'changedate="2024-13-01"') +
      tu(7, 'usagecount="12" creationdate="20240229T101500Z"') +
      tu(8, 'usagecount="9007199254740991" creationdate="2024-03-01T10:15:00+01:00"') +
      '</body></tmx>\n',
  );
  const db = join(dir, 'tmx.sqlite');
  const r = await cli(['--db', db, 'import', file, '--json']);
  expect(r.status, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout).files[0];
  expect(report.imported).toBe(2);
  expect(report.skipped).toEqual([
    { line: 3, reason: 'usagecount "99999999999999999999" is too large (more than 9007199254740991)' },
    { line: 4, reason: 'usagecount "1e3" is not a whole number' },
    { line: 5, reason: 'usagecount "1.5" is not a whole number' },
    { line: 6, reason: 'usagecount "9007199254740993" is too large (more than 9007199254740991)' },
    { line: 7, reason: 'creationdate "20240230T101500Z" has no such day (02/2024 has 29 days)' },
    { line: 8, reason: 'changedate "2024-13-01" has no such month' },
  ]);
  expect(stored(db)).toEqual({
    'Zin 7.': { usage: 12, at: '2024-02-29T10:15:00.000Z' },
    'Zin 8.': { usage: 9007199254740991, at: '2024-03-01T09:15:00.000Z' },
  });
});

it('TSV: the same rules, with the line of each', async () => {
  const file = join(dir, 'fields.tsv');
  writeFileSync(file, 'nl\ten\tusage\tat\n' + 'Zin 1.\tSentence 1.\t1e3\t\n' + 'Zin 2.\tSentence 2.\t\t2023-02-29\n' + 'Zin 3.\tSentence 3.\t7\t2024-02-29\n');
  const db = join(dir, 'tsv.sqlite');
  const r = await cli(['--db', db, 'import', file, '--json']);
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout).files[0].skipped).toEqual([
    { line: 2, reason: 'usage count "1e3" is not a whole number' },
    { line: 3, reason: 'date "2023-02-29" has no such day (02/2023 has 28 days)' },
  ]);
  expect(stored(db)).toEqual({ 'Zin 3.': { usage: 7, at: '2024-02-29T00:00:00.000Z' } });
});
