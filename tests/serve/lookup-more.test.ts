// The API of ntm serve does what lookup and concordance do (#18): a pasted paragraph
// sentence by sentence, in context, filtered, across reference TMs; concordance by whole
// words and case, with where the phrase stands.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';
import { raw, serveSmallTm, type Served } from '../helpers/serve.js';

let s: Served;
let refs: { dir: string; cleanup: () => void };
let archive: string;
beforeAll(async () => {
  refs = tempDir();
  archive = join(refs.dir, 'archive.sqlite');
  expect((await cli(['--db', archive, 'add', 'In de stad waren explosies te horen.', 'Blasts were heard in the city.', '--ref', 'archief'])).status).toBe(0);
  s = await serveSmallTm({ refs: [archive] });
});
afterAll(async () => {
  await s.stop();
  refs.cleanup();
});

async function get(path: string) {
  const r = await raw(s.server.port, { path, headers: { authorization: `Bearer ${s.server.token}` } });
  return { status: r.status, body: JSON.parse(r.body) };
}
const q = (text: string) => encodeURIComponent(text);

describe('GET /api/lookup, more', () => {
  it('answers a paragraph sentence by sentence, each with its matches (from every TM), terms and context', async () => {
    const r = await get(`/api/lookup?q=${q('De gevangenis werd bestormd door IS-strijders. In de stad waren explosies te horen.')}`);
    expect(r.status).toBe(200);
    expect(r.body.sentences.map((x: { query: string }) => x.query)).toEqual([
      'De gevangenis werd bestormd door IS-strijders.',
      'In de stad waren explosies te horen.',
    ]);
    const [first, second] = r.body.sentences;
    expect(first.terms.map((t: { term: string }) => t.term)).toEqual(['gevangenis']);
    expect(second.prev).toBe('De gevangenis werd bestormd door IS-strijders.');
    expect(second.matches.map((m: { target: string; tm: string; score: number }) => [m.target, m.score, m.tm])).toEqual([
      ['Explosions could be heard in the city.', 100, join(s.dir, 'tm.sqlite')],
      ['Blasts were heard in the city.', 100, archive],
    ]);
    expect(second.matches[1].diff).toEqual([{ text: 'In de stad waren explosies te horen.', side: 'both' }]);
  });

  it('filters as lookup does, and refuses a bad filter with 400', async () => {
    const r = await get(`/api/lookup?q=${q('In de stad waren explosies te horen.')}&ref=archief`);
    expect(r.body.matches.map((m: { target: string }) => m.target)).toEqual(['Blasts were heard in the city.']);
    const bad = await get(`/api/lookup?q=x&since=2024-13-01`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/since takes a date/);
  });
});

describe('GET /api/concordance, more', () => {
  it('takes whole words and case, and says where the phrase stands', async () => {
    const all = await get(`/api/concordance?q=IS`);
    const exact = await get(`/api/concordance?q=IS&whole=true&case=true`);
    expect(all.body.pairs.length).toBeGreaterThan(exact.body.pairs.length);
    expect(exact.body.pairs.map((p: { source: string; spans: unknown }) => [p.source, p.spans])).toEqual([
      ['De gevangenis werd bestormd door IS-strijders.', [{ start: 33, end: 35 }]],
    ]);
  });
});
