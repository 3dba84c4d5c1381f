// ntm sync between local TMs through a real desk: change sets travel (adds, edits, deletes,
// undo, replace), the later edit in the desk's order wins and the other editor is told,
// nothing is duplicated, offline writes wait.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asAdmin, expectSameTms, joinedTm, livePairs, newDesk, ok, OFFLINE, query, setDeskUrl, shared, unreachable } from '../helpers/desk.js';

const targets = (path: string) =>
  livePairs(path)
    .map((p) => p.target as string)
    .sort();

export function syncCases(): void {
  describe('ntm sync', () => {
    it('a write syncs at once; the other TM pulls it; syncing again moves nothing; edits and deletes travel', async () => {
      const room = await newDesk();
      const erik = await joinedTm(room, 'erik');
      const eva = await joinedTm(room, 'eva');
      const add = await ok(erik, ['add', 'De burgemeester trad af.', 'The mayor resigned.']);
      expect(add.stderr).toBe('');
      expect(await ok(eva, ['sync', '--json'])).toEqual({ pushed: 0, pulled: 1, conflicts: [] });
      const look = await ok(eva, ['lookup', '--json', 'De burgemeester trad af.']);
      expect(look.matches[0]).toMatchObject({ score: 100, target: 'The mayor resigned.', approvedBy: 'erik' });
      expect(await ok(eva, ['sync', '--json'])).toEqual({ pushed: 0, pulled: 0, conflicts: [] });
      expect(await ok(erik, ['sync', '--json'])).toEqual({ pushed: 0, pulled: 0, conflicts: [] });

      await ok(eva, ['edit', String(look.matches[0].id), '--target', 'The mayor stepped down.']);
      expect(await ok(erik, ['sync', '--json'])).toMatchObject({ pulled: 1, conflicts: [] });
      expect(livePairs(erik.db)).toEqual(livePairs(eva.db));
      expect(targets(erik.db)).toEqual(['The mayor stepped down.']);
      const erikId = (await ok(erik, ['list', '--json'])).pairs[0].id;
      await ok(erik, ['delete', String(erikId)]);
      await ok(eva, ['sync']);
      expect(livePairs(eva.db)).toEqual([]);
      expectSameTms(eva, erik);
    });

    it('two edits of one pair: the later in the desk order wins everywhere, the other editor is told once', async () => {
      const room = await newDesk();
      const erik = await joinedTm(room, 'erik');
      const eva = await joinedTm(room, 'eva');
      await ok(erik, ['add', 'Het kabinet is gevallen.', 'The cabinet has fallen.']);
      await ok(eva, ['sync']);
      const id = (path: string) => query<{ id: number }>(path, `SELECT id FROM pairs`)[0]!.id;
      await ok(erik, ['edit', String(id(erik.db)), '--target', 'The government has fallen.'], OFFLINE);
      await ok(eva, ['edit', String(id(eva.db)), '--target', 'The cabinet has collapsed.'], OFFLINE);
      expect(await ok(erik, ['sync', '--json'])).toMatchObject({ pushed: 1, conflicts: [] });
      expect(await ok(eva, ['sync', '--json'])).toMatchObject({ pushed: 1, pulled: 1, conflicts: [] });
      const told = await erik.run(['sync']);
      expect(told.stdout).toMatch(/your "The government has fallen\." was replaced: eva made it "The cabinet has collapsed\." later/);
      expect(livePairs(erik.db)).toEqual(livePairs(eva.db));
      expect(targets(erik.db)).toEqual(['The cabinet has collapsed.']);
      expect((await ok(erik, ['sync', '--json'])).conflicts).toEqual([]);
      // The loser's version stays in the pair's history.
      const history = await ok(erik, ['history', '--json', String(id(erik.db))]);
      expect(JSON.stringify(history)).toMatch(/The government has fallen\./);
      expectSameTms(eva, erik);
    });

    it('the same pair added on two TMs is one pair after sync; two English renderings are both kept and listed with who approved each', async () => {
      const room = await newDesk();
      const erik = await joinedTm(room, 'erik');
      const eva = await joinedTm(room, 'eva');
      await ok(erik, ['add', 'Goedemorgen.', 'Good morning.'], OFFLINE);
      await ok(eva, ['add', 'Goedemorgen.', 'Good morning.'], OFFLINE);
      await ok(erik, ['add', 'Het regent.', 'It is raining.'], OFFLINE);
      await ok(eva, ['add', 'Het regent.', 'It rains.'], OFFLINE);
      for (const tm of [erik, eva, erik]) await ok(tm, ['sync']);
      expect(livePairs(erik.db)).toEqual(livePairs(eva.db));
      expect(targets(erik.db)).toEqual(['Good morning.', 'It is raining.', 'It rains.']);
      const conflicts = await ok(eva, ['conflicts', '--json']);
      expect(conflicts.conflicts).toHaveLength(1);
      expect(conflicts.conflicts[0].targets.map((t: { target: string; approvedBy: string }) => [t.target, t.approvedBy]).sort()).toEqual([
        ['It is raining.', 'erik'],
        ['It rains.', 'eva'],
      ]);
      // When the pair that is shown goes, the one kept aside comes back on both TMs.
      const shown = (await ok(eva, ['lookup', '--json', 'Goedemorgen.'])).matches[0].id;
      await ok(eva, ['delete', String(shown)]);
      await ok(erik, ['sync']);
      expect(targets(eva.db)).toEqual(['Good morning.', 'It is raining.', 'It rains.']);
      expectSameTms(eva, erik);
    });

    it('undo, replace and an import travel as change sets; an undo of a pulled change set goes back to the desk', async () => {
      const room = await newDesk();
      const erik = await joinedTm(room, 'erik');
      const eva = await joinedTm(room, 'eva');
      const file = join(shared.dir, 'delays.tsv');
      writeFileSync(file, 'De trein had vertraging.\tThe train was delayed.\nDe bus had vertraging.\tThe bus was delayed.\n');
      await ok(erik, ['import', file]);
      expect(await ok(eva, ['sync', '--json'])).toMatchObject({ pulled: 1 });
      expect((await ok(eva, ['changes', '--json'])).changes[0]).toMatchObject({ command: 'import', by: 'erik', pairs: 2 });
      // eva replaces a word in both; erik pulls it.
      await ok(eva, ['replace', 'delayed', 'late']);
      await ok(erik, ['sync']);
      expect(targets(erik.db)).toEqual(['The bus was late.', 'The train was late.']);
      // erik undoes eva's replace (a change set he pulled); it goes back to eva.
      const changes = (await ok(erik, ['changes', '--json'])).changes;
      expect(changes[0]).toMatchObject({ command: 'replace', by: 'eva', pairs: 2 });
      await ok(erik, ['undo', String(changes[0].id)]);
      await ok(eva, ['sync']);
      expect(targets(eva.db)).toEqual(['The bus was delayed.', 'The train was delayed.']);
      const evaChanges = (await ok(eva, ['changes', '--json'])).changes;
      expect(evaChanges[0]).toMatchObject({ command: 'undo', by: 'erik', pairs: 2, undoes: evaChanges[1].id });
      // Undoing the undo on eva's TM brings "late" back everywhere.
      await ok(eva, ['undo', String(evaChanges[0].id)]);
      await ok(erik, ['sync']);
      expect(targets(erik.db)).toEqual(['The bus was late.', 'The train was late.']);
      expectSameTms(eva, erik);
    });

    it('offline, a write is kept and waits; status says so; the next sync sends it once', async () => {
      const room = await newDesk();
      const erik = await joinedTm(room, 'erik');
      const eva = await joinedTm(room, 'eva');
      const url = setDeskUrl(erik.db, unreachable);
      const add = await ok(erik, ['add', 'Er is brand.', 'There is a fire.']);
      expect(add.stderr).toMatch(/cannot be reached now; your change is kept here/);
      expect(await ok(erik, ['desk', 'status', '--json'])).toMatchObject({ pending: 1, reachable: false });
      setDeskUrl(erik.db, () => url);
      expect(await ok(erik, ['sync', '--json'])).toMatchObject({ pushed: 1 });
      expect(await ok(erik, ['desk', 'status', '--json'])).toMatchObject({ pending: 0, reachable: true, ahead: 0 });
      expect((await asAdmin<{ n: string }>(room, `SELECT count(*) AS n FROM ntm.changes`))[0]!.n).toBe('1');
      await ok(eva, ['sync']);
      expect(livePairs(eva.db)).toEqual(livePairs(erik.db));
      expect(livePairs(eva.db)).toHaveLength(1);
    });
  });
}
