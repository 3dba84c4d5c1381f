// The check's own decisions on a desk (issue 16 made them entries of trust's change sets):
// a term's rules and accepted findings reach every TM with a sync, withdrawals and undos too,
// in the desk's order; a translator may not make them, on the server as on the TM.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run.js';
import { cluster, envOf, joinedTm, newDesk, ok, OFFLINE, pushAs, query, shared, type Tm } from '../helpers/desk.js';
import { join } from 'node:path';

/** A draft with one finding: the false friend "trainer" left in the English. */
const DRAFT = 'De trainer is ontslagen.\tThe trainer has been sacked.\n';

async function findingIds(tm: Tm): Promise<string[]> {
  const r = await cli(['--db', tm.db, 'check', '-', '--no-exit-code', '--json'], { input: DRAFT, env: envOf(tm.who, OFFLINE) });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout).issues as { id: string }[]).map((i) => i.id);
}
const rules = (tm: Tm) => query(tm.db, `SELECT source_norm, match_case, compounds, changed_by FROM term_rules ORDER BY source_norm`);
const accepted = (tm: Tm) => query(tm.db, `SELECT finding_id, note, accepted_by FROM accepted_findings ORDER BY finding_id`);

export function decisionCases(): void {
  describe('term rules and accepted findings', () => {
    it('travel with a sync, in the desk order, withdrawals and undos too', async () => {
      const room = await newDesk();
      const erik = await joinedTm(room, 'erik');
      const eva = await joinedTm(room, 'eva');
      await ok(erik, ['add', '--term', 'trainer', 'coach', '--forbid', 'trainer']);
      // A rules change alone: a change set without pairs.
      await ok(erik, ['add', '--term', 'raad', 'council']);
      await ok(erik, ['add', '--term', 'raad', 'council', '--in-compounds', 'last']);
      const [id] = await findingIds(erik);
      expect(id).toBeDefined();
      await ok(erik, ['accept', id!, '--note', 'the shoes']);
      await ok(eva, ['sync']);
      // The forbidden rendering keeps the Dutch: a term may, and it travels as any pair.
      expect(query(eva.db, `SELECT target, status FROM pairs WHERE source = 'trainer' ORDER BY target`)).toEqual([
        { target: 'coach', status: 'approved' },
        { target: 'trainer', status: 'forbidden' },
      ]);
      expect(rules(eva)).toEqual([{ source_norm: 'raad', match_case: 0, compounds: 'last', changed_by: 'erik' }]);
      expect(accepted(eva)).toEqual([{ finding_id: id, note: 'the shoes', accepted_by: 'erik' }]);
      expect(await findingIds(eva)).toEqual([]);

      // Both change the rules offline: the later push wins on both TMs.
      await ok(eva, ['add', '--term', 'raad', 'council', '--in-compounds', 'none'], OFFLINE);
      await ok(erik, ['add', '--term', 'raad', 'council', '--match-case'], OFFLINE);
      await ok(eva, ['sync']);
      await ok(erik, ['sync']);
      await ok(eva, ['sync']);
      expect(rules(eva)).toEqual([{ source_norm: 'raad', match_case: 1, compounds: 'last', changed_by: 'erik' }]);
      expect(rules(erik)).toEqual(rules(eva));

      // eva withdraws erik's acceptance; erik undoes that on his TM; both follow.
      await ok(eva, ['accept', '--withdraw', id!]);
      await ok(erik, ['sync']);
      expect(accepted(erik)).toEqual([]);
      const withdrawal = (await ok(erik, ['changes', '--json'])).changes[0];
      expect(withdrawal).toMatchObject({ command: 'accept', by: 'eva' });
      await ok(erik, ['undo', String(withdrawal.id)]);
      await ok(eva, ['sync']);
      expect(accepted(eva)).toEqual([{ finding_id: id, note: 'the shoes', accepted_by: 'erik' }]);
      expect(accepted(erik)).toEqual(accepted(eva));
    });

    it('a translator cannot accept findings or set rules, on the TM nor by a hand-made push', async () => {
      const room = await newDesk();
      const erik = await joinedTm(room, 'erik');
      const anna = await joinedTm(room, 'anna');
      await ok(erik, ['add', '--term', 'trainer', 'coach', '--forbid', 'trainer']);
      await ok(anna, ['sync']);
      const [id] = await findingIds(anna);
      const refused = await anna.run(['accept', id!]);
      expect(refused.status).toBe(2);
      expect(accepted(anna)).toEqual([]);
      const hand = { uuid: randomUUID(), command: 'accept', author: 'anna', made_at: new Date().toISOString(), detail: { accepted: [id] }, ops: [] };
      await expect(pushAs(room, 'anna', [hand])).rejects.toThrow(/may only propose/);
      const rulesByHand = {
        ...hand,
        uuid: randomUUID(),
        detail: { termRules: [{ source: 'trainer', before: { matchCase: false, compounds: 'both' }, after: { matchCase: true, compounds: 'none' } }] },
      };
      await expect(pushAs(room, 'anna', [rulesByHand])).rejects.toThrow(/may only propose/);
    });

    it('an acceptance and a rules change the desk refuses (the login lost ntm_desk meanwhile) are told and taken back', async () => {
      const room = await newDesk();
      await cluster().createLogin('joke', 'joke-pw', 'ntm_desk');
      const joke: Tm = {
        db: join(shared.dir, `${room}-joke.sqlite`),
        who: 'erik',
        run: (args, env = {}) => cli(['--db', joke.db, ...args], { env: { PGPASSWORD: 'joke-pw', NTM_USER: 'joke', ...env } }),
      };
      await ok(joke, ['desk', 'join', cluster().url('joke', room)]);
      await ok(joke, ['add', '--term', 'trainer', 'coach', '--forbid', 'trainer']);
      await ok(joke, ['add', '--term', 'raad', 'council']);
      const r = await cli(['--db', joke.db, 'check', '-', '--no-exit-code', '--json'], { input: DRAFT, env: { NTM_SYNC_TIMEOUT: '0' } });
      expect(r.status, r.stderr).toBe(0);
      const [id] = (JSON.parse(r.stdout).issues as { id: string }[]).map((i) => i.id);
      await ok(joke, ['accept', id!], OFFLINE);
      await ok(joke, ['add', '--term', 'raad', 'council', '--match-case'], OFFLINE);
      await cluster().query(`REVOKE ntm_desk FROM joke`);
      await cluster().query(`GRANT ntm_translator TO joke`);
      const synced = await ok(joke, ['sync', '--json']);
      expect(synced.conflicts.map((c: { kind: string; command: string }) => [c.kind, c.command])).toEqual([
        ['refused', 'accept'],
        ['refused', 'add'],
      ]);
      expect(accepted(joke)).toEqual([]);
      expect(rules(joke)).toEqual([{ source_norm: 'raad', match_case: 0, compounds: 'both', changed_by: 'desk' }]);
    });
  });
}
