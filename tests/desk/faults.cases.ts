// Faults: ntm killed (SIGKILL) after the desk took its push but before it recorded that, and
// in the middle of applying a pull; the same push twice; a sync with a wrong password, to an
// unreachable server. Nothing lost, nothing duplicated, the next sync converges, and a failed
// sync leaves the TM as it was (the desk link notes the failed try).
import { describe, expect, it } from 'vitest';
import { expectRefusal, snapshotDb } from '../helpers/cli.js';
import {
  asAdmin,
  expectSameTms,
  envOf,
  joinedTm,
  livePairs,
  newDesk,
  ok,
  OFFLINE,
  pushAs,
  query,
  setDeskUrl,
  statePair,
  unreachable,
} from '../helpers/desk.js';
import { start } from '../helpers/proc.js';
import { withoutLink } from './setup.cases.js';

/** Runs `ntm sync` on `db` as a real process held at `step`, and kills it there. */
async function killAt(db: string, who: 'erik' | 'eva', step: string): Promise<void> {
  const p = start(['--db', db, 'sync'], { env: envOf(who, { NTM_TEST_STEPS: '1', NTM_TEST_PAUSE: `${step}=30000` }) });
  await p.waitFor(new RegExp(`ntm-step: ${step}`));
  p.child.kill('SIGKILL');
  const end = await p.done;
  expect(end.signal, end.stderr).toBe('SIGKILL');
}

/** A TM snapshot with the pairs' desk ids left out. */
function withoutUuids(snapshot: string): string {
  return snapshot.replace(/\\"uuid\\":(null|\\"[0-9a-f-]+\\")(?=,\\"desk_seq)/g, '');
}

export function faultCases(): void {
  describe('faults', () => {
    it('killed after the desk took its push: the next sync pushes it again, and the desk keeps it once', async () => {
      const room = await newDesk('kill');
      const erik = await joinedTm(room, 'erik');
      const eva = await joinedTm(room, 'eva');
      await ok(erik, ['add', 'De trein had vertraging.', 'The train was delayed.'], OFFLINE);
      await ok(erik, ['add', 'Het regent in Utrecht.', 'It is raining in Utrecht.'], OFFLINE);
      const before = snapshotDb(erik.db);
      await killAt(erik.db, 'erik', 'push:sent');
      // The desk has both change sets; this TM never heard back: it is as it was, but for the
      // desk ids its pairs were given (and kept) before anything was sent.
      expect((await asAdmin<{ n: string }>(room, `SELECT count(*) AS n FROM ntm.changes`))[0]!.n).toBe('2');
      expect(withoutUuids(snapshotDb(erik.db))).toBe(withoutUuids(before));
      const sent = (await asAdmin<{ pair: string }>(room, `SELECT pair::text FROM ntm.ops ORDER BY pair`)).map((r) => r.pair);
      expect(query<{ uuid: string }>(erik.db, `SELECT uuid FROM pairs ORDER BY uuid`).map((r) => r.uuid)).toEqual(sent);
      expect(await ok(erik, ['desk', 'status', '--json'])).toMatchObject({ pending: 2 });
      // Pushed again: the desk knows them by their uuid.
      expect(await ok(erik, ['sync', '--json'])).toEqual({ pushed: 2, pulled: 0, conflicts: [] });
      const server = await asAdmin<{ n: string; u: string }>(room, `SELECT count(*) AS n, count(DISTINCT uuid) AS u FROM ntm.changes`);
      expect(server).toEqual([{ n: '2', u: '2' }]);
      expect(await ok(eva, ['sync', '--json'])).toMatchObject({ pulled: 2 });
      expect(livePairs(eva.db)).toHaveLength(2);
      expectSameTms(eva, erik);

      // The same change set pushed twice by hand: one row, the same place.
      const hand = statePair('add', 'Goedemorgen.', 'Good morning.', { by: 'erik' });
      const [first] = await pushAs(room, 'erik', [hand]);
      expect(await pushAs(room, 'erik', [hand])).toEqual([first]);
      expect((await asAdmin<{ n: string }>(room, `SELECT count(*) AS n FROM ntm.ops`))[0]!.n).toBe('3');
    });

    it('killed in the middle of applying a pull: the TM is as it was, and the next sync converges', async () => {
      const room = await newDesk('kill');
      const erik = await joinedTm(room, 'erik');
      const eva = await joinedTm(room, 'eva');
      for (const [nl, en] of [
        ['Het kabinet is gevallen.', 'The cabinet has fallen.'],
        ['Er is brand in de haven.', 'There is a fire in the port.'],
      ]) {
        await ok(erik, ['add', nl!, en!]);
      }
      await ok(eva, ['add', 'De trein had vertraging.', 'The train was delayed.'], OFFLINE);
      const before = snapshotDb(eva.db);
      await killAt(eva.db, 'eva', 'pull:applying');
      expect(withoutUuids(snapshotDb(eva.db))).toBe(withoutUuids(before));
      expect(await ok(eva, ['sync', '--json'])).toMatchObject({ pushed: 1, pulled: 2 });
      await ok(erik, ['sync']);
      expect(livePairs(eva.db)).toHaveLength(3);
      expectSameTms(eva, erik);
    });

    it('a sync with a wrong password or to an unreachable server: one line, exit 2, the TM as it was', async () => {
      const room = await newDesk('fail');
      const erik = await joinedTm(room, 'erik');
      await ok(erik, ['add', 'Goedemorgen.', 'Good morning.'], OFFLINE);
      const before = snapshotDb(erik.db);
      expectRefusal(await erik.run(['sync'], { PGPASSWORD: 'wrong' }), /refused the login: wrong password/);
      const url = setDeskUrl(erik.db, unreachable);
      expectRefusal(await erik.run(['sync']), /cannot reach the desk at erik@127\.0\.0\.1:\d+\/fail\d+: connection refused/);
      setDeskUrl(erik.db, () => url);
      expect(withoutLink(snapshotDb(erik.db))).toBe(withoutLink(before));
      // A write whose sync fails that way is still stored, and says why it did not sync.
      const add = await erik.run(['add', 'Goedenavond.', 'Good evening.'], { PGPASSWORD: 'wrong' });
      expect(add.status).toBe(0);
      expect(add.stderr).toMatch(/^ntm: stored here, but not synced: .*wrong password/);
      expect(await ok(erik, ['desk', 'status', '--json'])).toMatchObject({ pending: 2, lastError: expect.stringMatching(/wrong password/) });
      expect(await ok(erik, ['sync', '--json'])).toMatchObject({ pushed: 2 });
    });
  });
}
