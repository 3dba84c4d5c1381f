// A first join fills an empty TM by its own path (indexes dropped and built again, the live
// texts kept in memory): it must end with the same TM as one that followed the desk change by
// change, hidden duplicates included.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cluster, envOf, expectSameTms, joinedTm, newDesk, ok, pushAs, query, shared, statePair, type HandChange, type Tm } from '../helpers/desk.js';
import { start } from '../helpers/proc.js';
import { cli } from '../helpers/run.js';

/** Every pair row as the desk's order made it (local ids and the time of the last settling left out). */
function rows(path: string): unknown[] {
  return query(
    path,
    `SELECT uuid, kind, source, target, status, deleted_at IS NULL AS live, deleted_by, desk_hidden, desk_seq,
            (SELECT json_group_array(json_array(h.action, h.by, h.before, h.after, c.uuid)) FROM pair_history h JOIN change_sets c ON c.id = h.change_id
             WHERE h.pair_id = p.id ORDER BY h.id) AS history
     FROM pairs p ORDER BY uuid`,
  );
}

const uuid = (c: string) => `${c.repeat(8)}-${c.repeat(4)}-7${c.repeat(3)}-8${c.repeat(3)}-${c.repeat(12)}`;

export function joinCases(): void {
  describe('first join', () => {
    it('of a desk holding the same texts on several pairs: the same TM as one that synced each change, the smallest uuid live', async () => {
      const room = await newDesk();
      const eva = await joinedTm(room, 'eva');
      const [a, b, c, d] = ['a', 'b', 'c', '1'].map(uuid) as [string, string, string, string];
      const one = (x: HandChange) => pushAs(room, 'erik', [x]);
      await one(statePair('add', 'Goedemorgen.', 'Good morning.', { pair: b, by: 'erik' }));
      await one(statePair('add', 'Goedemorgen.', 'Good morning.', { pair: a, by: 'erik' }));
      await one(statePair('add', 'Goedemorgen.', 'Good morning.', { pair: c, by: 'erik' }));
      await one(statePair('add', 'Het regent.', 'It rains.', { pair: d, by: 'erik' }));
      // An edit onto texts another pair has, a delete of the live one, a restore, a delete of a hidden one.
      await one(statePair('edit', 'Goedemorgen.', 'Good morning.', { pair: d, by: 'erik' }));
      await one(statePair('delete', 'Goedemorgen.', 'Good morning.', { pair: d, by: 'erik' }));
      await one(statePair('delete', 'Goedemorgen.', 'Good morning.', { pair: c, by: 'erik' }));
      await one(statePair('restore', 'Goedemorgen.', 'Good morning.', { pair: d, by: 'erik' }));
      await one(statePair('edit', 'Het regent.', 'It is raining.', { pair: a, by: 'erik' }));
      await one(statePair('add', 'Het regent.', 'It is raining.', { pair: c.replace(/c/g, 'e'), by: 'erik' }));
      await ok(eva, ['sync']);
      const anna = await joinedTm(room, 'anna');
      expect(rows(anna.db)).toEqual(rows(eva.db));
      const live = query<{ uuid: string; target: string }>(anna.db, `SELECT uuid, target FROM pairs WHERE deleted_at IS NULL ORDER BY uuid`);
      expect(live).toEqual([
        { uuid: d, target: 'Good morning.' },
        { uuid: a, target: 'It is raining.' },
      ]);
      // The indexes the join set aside are back: a second live pair with the same texts is refused.
      expect(query(anna.db, `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'pairs' ORDER BY name`)).toEqual(
        query(eva.db, `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'pairs' ORDER BY name`),
      );
      const look = await ok(anna, ['lookup', '--json', 'Het regent.']);
      expect(look.matches.map((m: { target: string; score: number }) => [m.target, m.score])).toEqual(
        (await ok(eva, ['lookup', '--json', 'Het regent.'])).matches.map((m: { target: string; score: number }) => [m.target, m.score]),
      );
      expect(look.matches[0]).toMatchObject({ score: 100, target: 'It is raining.' });
    });

    it('killed while it fills the TM (its indexes set aside): no pair and every index as before; joining again works', async () => {
      const room = await newDesk('killjoin');
      await pushAs(room, 'erik', [statePair('add', 'Het kabinet is gevallen.', 'The cabinet has fallen.', { by: 'erik' })]);
      await pushAs(room, 'erik', [statePair('add', 'Er is brand in de haven.', 'There is a fire in the port.', { by: 'erik' })]);
      const db = join(shared.dir, 'killjoin-eva.sqlite');
      const p = start(['--db', db, 'desk', 'join', cluster().url('eva', room)], {
        env: envOf('eva', { NTM_TEST_STEPS: '1', NTM_TEST_PAUSE: 'pull:applying=30000' }),
      });
      await p.waitFor(/ntm-step: pull:applying/);
      p.child.kill('SIGKILL');
      expect((await p.done).signal).toBe('SIGKILL');
      if (existsSync(db)) {
        expect(query(db, `SELECT count(*) AS n FROM pairs`)).toEqual([{ n: 0 }]);
        expect(query(db, `SELECT count(*) AS n FROM desk`)).toEqual([{ n: 0 }]);
        const erik = await joinedTm(room, 'erik');
        const indexes = `SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name`;
        expect(query(db, indexes)).toEqual(query(erik.db, indexes));
      }
      const eva: Tm = { db, who: 'eva', run: (args, env = {}) => cli(['--db', db, ...args], { env: envOf('eva', env) }) };
      expect(await ok(eva, ['desk', 'join', '--json', cluster().url('eva', room)])).toMatchObject({ already: false, pairs: 2 });
      expectSameTms(eva, await joinedTm(room, 'erik'));
    });
  });
}
