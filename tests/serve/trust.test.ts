// Adding a pair on the page is `ntm add` in the server's --by name: proposed when the TM has
// reviewers and that name is not one, one change set, and a lookup shows it as proposed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChanges } from '../../src/store/changes.js';
import { addReviewer } from '../../src/store/reviewers.js';
import { api, serveSmallTm, type Served } from '../helpers/serve.js';

let s: Served;
beforeAll(async () => {
  s = await serveSmallTm();
  addReviewer(s.store.db, 'anna', 'anna');
});
afterAll(async () => s.stop());

const get = (path: string) => api(s).get(path);
const post = (path: string, body: unknown) => api(s).post(path, body);

describe('POST /api/pairs in a TM with reviewers', () => {
  it('stores what a non-reviewer adds as proposed, as one change set, and lookup shows it as proposed', async () => {
    const pair = { nl: 'De stroom viel uit in de hele stad.', en: 'The power went out across the city.' };
    const added = await post('/api/pairs', pair);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ outcome: 'added', status: 'proposed', pair: { status: 'proposed', approvedBy: 'tester' } });
    const [change] = listChanges(s.store.db, { limit: 1 });
    expect(change).toMatchObject({ command: 'add', by: 'tester', pairs: 1 });
    const found = await get(`/api/lookup?q=${encodeURIComponent(pair.nl)}`);
    expect(found.body.matches).toEqual([expect.objectContaining({ id: added.body.pair.id, score: 100, status: 'proposed' })]);
  });

  it('refuses a pair whose Dutch reads as English and English as Dutch, unless forced', async () => {
    const reversed = { nl: 'The prison was stormed by the fighters of the group.', en: 'De gevangenis werd bestormd door de strijders van de groep.' };
    const r = await post('/api/pairs', reversed);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/reads as English/);
    expect((await post('/api/pairs', { ...reversed, force: true })).status).toBe(201);
  });
});
