// What the routes of ntm serve answer: the commands' JSON shapes, on the TM kept open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreNormalized } from '../../src/core/score.js';
import { api, serveSmallTm, type Served } from '../helpers/serve.js';

let s: Served;
beforeAll(async () => {
  s = await serveSmallTm();
});
afterAll(async () => s.stop());

const get = (path: string) => api(s).get(path);
const post = (path: string, body: unknown) => api(s).post(path, body);

describe('GET /api/lookup', () => {
  it("answers with lookup's JSON, the terms of the query and each match's word diff", async () => {
    const q = 'De Koerdische strijdkrachten melden achttien doden.';
    const r = await get(`/api/lookup?q=${encodeURIComponent(q)}`);
    expect(r.status).toBe(200);
    expect(r.body.query).toBe(q);
    expect(r.body.matches).toHaveLength(1);
    expect(r.body.matches[0]).toMatchObject({
      source: 'De Koerdische strijdkrachten melden zeventien doden.',
      target: 'The Kurdish forces report seventeen dead.',
      score: scoreNormalized(q, 'De Koerdische strijdkrachten melden zeventien doden.'),
      kind: 'segment',
      status: 'approved',
    });
    expect(r.body.matches[0].diff).toContainEqual({ text: 'zeventien', side: 'stored' });
    expect(r.body.matches[0].diff).toContainEqual({ text: 'achttien', side: 'query' });
    expect(r.body.terms).toEqual([
      {
        term: 'Koerdische strijdkrachten',
        approved: ['Kurdish forces'],
        forbidden: ['Kurdish armed forces'],
        note: 'The SDF-led forces; not an army of a state.',
        spans: [{ start: 3, end: 28 }],
      },
    ]);
  });

  it('takes --min, --limit and --reverse as parameters', async () => {
    const r = await get(`/api/lookup?q=${encodeURIComponent('The prison was stormed by IS militants.')}&reverse=true&min=60&limit=1`);
    expect(r.body.matches.map((m: { source: string }) => m.source)).toEqual(['De gevangenis werd bestormd door IS-strijders.']);
    expect(r.body.terms).toEqual([]);
    const none = await get(`/api/lookup?q=${encodeURIComponent('Een geheel nieuwe zin over de verkiezingen.')}`);
    expect(none.body.matches).toEqual([]);
  });
});

describe('GET /api/concordance', () => {
  it("answers with concordance's JSON, on either side", async () => {
    const nl = await get('/api/concordance?q=gevangenis');
    expect(nl.body.side).toBe('source');
    expect(nl.body.pairs.map((p: { source: string }) => p.source).sort()).toEqual(['De gevangenis werd bestormd door IS-strijders.', 'gevangenis']);
    const en = await get('/api/concordance?q=kurdish&target=true');
    expect(en.body.pairs).toHaveLength(3);
  });
});

describe('POST /api/check', () => {
  it("answers with check's JSON and the segments as checked", async () => {
    const r = await post('/api/check', {
      nl: ['De Koerdische strijdkrachten melden zeventien doden.', '', 'De Koerdische strijdkrachten vielen aan.'],
      en: ['The Kurdish forces report seventeen dead.', '', 'The Kurdish fighters attacked.'],
    });
    expect(r.status).toBe(200);
    expect(r.body.summary).toMatchObject({ segments: 2, issues: 1, approved: [1] });
    expect(r.body.issues).toEqual([
      expect.objectContaining({ kind: 'term-missing', segment: 2, line: 3, term: 'Koerdische strijdkrachten', found: 'Kurdish fighters' }),
    ]);
    expect(r.body.segments[1]).toEqual({ segment: 2, line: 3, nl: 'De Koerdische strijdkrachten vielen aan.', en: 'The Kurdish fighters attacked.' });
    const span = r.body.issues[0].targetSpan;
    expect(r.body.segments[1].en.slice(span.start, span.end)).toBe('Kurdish fighters');
  });
});

describe('POST /api/pairs', () => {
  it('stores an approved pair in the server’s name that lookup then finds at once; again it changes nothing', async () => {
    const pair = { nl: 'Het Pentagon bevestigt de luchtaanvallen.', en: 'The Pentagon confirms the air strikes.', ref: 'nos-1' };
    const added = await post('/api/pairs', pair);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ outcome: 'added', pair: { source: pair.nl, target: pair.en, kind: 'segment', approvedBy: 'tester', ref: 'nos-1' } });
    const found = await get(`/api/lookup?q=${encodeURIComponent(pair.nl)}`);
    expect(found.body.matches[0]).toMatchObject({ id: added.body.pair.id, score: 100 });
    const again = await post('/api/pairs', pair);
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('duplicate');
  });

  it('adds terms that the term pane shows next, and refuses a rendering stored as forbidden', async () => {
    expect((await post('/api/pairs', { nl: 'luchtaanval', en: 'air strike', term: true })).status).toBe(201);
    const r = await get(`/api/lookup?q=${encodeURIComponent('Een luchtaanval op de stad.')}`);
    expect(r.body.terms.map((t: { term: string }) => t.term)).toEqual(['luchtaanval']);
    const conflict = await post('/api/pairs', { nl: 'Koerdische strijdkrachten', en: 'Kurdish armed forces', term: true });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatch(/opposite status as #\d+/);
  });
});
