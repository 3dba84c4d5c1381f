// Roles the server enforces: with psql as a translator, every hand-written way to make a pair
// approved fails; in a joined TM the server's role, not the local reviewers list, decides
// what a write is (a translator's is proposed, and pushed as a proposal); the desk's review
// reaches every TM.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectRefusal } from '../helpers/cli.js';
import { asAdmin, cluster, joinedTm, newDesk, ok, PEOPLE, shared, statePair, type HandChange } from '../helpers/desk.js';
import { cli } from '../helpers/run.js';

const lit = (v: unknown) => `'${JSON.stringify(v).replace(/'/g, "''")}'`;
const push = (changes: HandChange[]) => `SELECT ntm.push(${lit(changes)}::jsonb)`;

export function roleCases(): void {
  describe('roles', () => {
    it('a translator cannot make a pair approved by any hand-written SQL; the desk can approve the proposal', async () => {
      const room = await newDesk('roles');
      const translator = (sql: string) => cluster().psql(sql, 'anna', PEOPLE.anna.password, room);
      const desk = (sql: string) => cluster().psql(sql, 'erik', PEOPLE.erik.password, room);
      const approved = async () => (await asAdmin<{ n: string }>(room, `SELECT count(*) AS n FROM ntm.pairs WHERE status = 'approved'`))[0]!.n;
      const mine = statePair('add', 'De minister trad af.', 'The minister resigned.', { status: 'proposed', by: 'anna' });
      const pair = mine.ops[0]!.pair;
      expect(translator(push([mine])).status).toBe(0);

      const attempts = [
        push([statePair('add', 'Het kabinet viel.', 'The cabinet fell.', { by: 'anna' })]),
        push([statePair('edit', 'De minister trad af.', 'The minister resigned.', { pair, base: mine.uuid, by: 'anna' })]),
        push([statePair('add', 'Het kabinet viel.', 'The cabinet fell.', { status: 'forbidden', by: 'anna' })]),
        `UPDATE ntm.pairs SET status = 'approved'`,
        `INSERT INTO ntm.changes (seq, uuid, command, author, login, role, made_at) VALUES (99, gen_random_uuid(), 'add', 'anna', 'anna', 'desk', now())`,
        `INSERT INTO ntm.ops (seq, n, pair, action, state) VALUES (1, 2, gen_random_uuid(), 'add', '{"status":"approved"}')`,
        `UPDATE ntm.ops SET state = jsonb_set(state, '{status}', '"approved"')`,
        `DELETE FROM ntm.ops`,
        `TRUNCATE ntm.changes CASCADE`,
        `SET ROLE ntm_desk`,
        `GRANT ntm_desk TO anna`,
        `CREATE TABLE ntm.mine (x int)`,
        `CREATE OR REPLACE FUNCTION ntm.push(p jsonb) RETURNS TABLE (change uuid, seq bigint) LANGUAGE sql AS 'SELECT NULL::uuid, 1::bigint'`,
        `ALTER TABLE ntm.pairs DISABLE TRIGGER ALL`,
        `CREATE FUNCTION public.f() RETURNS void LANGUAGE sql SECURITY DEFINER AS 'UPDATE ntm.pairs SET status = ''approved''';SELECT public.f()`,
      ];
      const tried = cluster().psqlEach(attempts, 'anna', PEOPLE.anna.password, room);
      expect(tried.failed, tried.stderr).toEqual(attempts.map(() => true));
      expect(tried.stderr.match(/ERROR/g), tried.stderr).toHaveLength(attempts.length + 1);
      expect(await approved()).toBe('0');
      expect(translator(`SELECT status FROM ntm.pairs`).stdout).toMatch(/proposed/);

      // The desk may approve the proposal: an edit of the pair the translator made.
      const accept = statePair('edit', 'De minister trad af.', 'The minister resigned.', { pair, base: mine.uuid, by: 'erik' });
      expect(desk(push([accept])).status).toBe(0);
      expect(await approved()).toBe('1');
      // Once approved, a translator cannot take it back either.
      const withdraw = statePair('delete', 'De minister trad af.', 'The minister resigned.', { pair, base: accept.uuid, by: 'anna' });
      expect(translator(push([withdraw])).status).not.toBe(0);
      expect(await approved()).toBe('1');
    });

    it("in a joined TM the server's role decides: a translator's write is proposed and pushed as one; the desk's review reaches every TM", async () => {
      const room = await newDesk('review');
      const anna = await joinedTm(room, 'anna');
      const erik = await joinedTm(room, 'erik');
      const eva = await joinedTm(room, 'eva');

      // A reviewers list would say otherwise; once joined, the server's role decides.
      expectRefusal(await anna.run(['reviewers', 'add', 'anna']), /server decides who approves.*GRANT ntm_desk/);
      const listed = await ok(anna, ['reviewers', 'list', '--json']);
      expect(listed).toMatchObject({ desk: { login: 'anna', role: 'translator' } });
      expect((await anna.run(['reviewers', 'list'])).stdout).toMatch(/You log in as anna, a translator: what you write is proposed/);

      const added = await ok(anna, ['add', '--json', 'De minister trad af.', 'The minister resigned.']);
      expect(JSON.stringify(added)).toMatch(/proposed/);
      const server = await asAdmin<{ status: string; role: string; login: string }>(
        room,
        `SELECT p.status, c.role, c.login FROM ntm.pairs p JOIN ntm.changes c ON c.seq = p.last_seq`,
      );
      expect(server).toEqual([{ status: 'proposed', role: 'translator', login: 'anna' }]);

      // The desk pulls the proposal and accepts it; every TM then has it approved by erik.
      await ok(erik, ['sync']);
      const queue = await ok(erik, ['review', '--json']);
      expect(queue.pairs).toMatchObject([{ source: 'De minister trad af.', status: 'proposed', approvedBy: 'anna' }]);
      await ok(erik, ['review', 'accept', String(queue.pairs[0].id)]);
      for (const tm of [anna, eva]) {
        const r = await ok(tm, ['sync', '--json']);
        expect(r.pulled).toBeGreaterThan(0);
        const look = await ok(tm, ['lookup', '--json', 'De minister trad af.']);
        expect(look.matches[0]).toMatchObject({ score: 100, target: 'The minister resigned.', status: 'approved', approvedBy: 'erik' });
      }
      // The translator's TM will not change the desk's approved wording (the server would not either).
      const id = (await ok(anna, ['lookup', '--json', 'De minister trad af.'])).matches[0].id;
      expectRefusal(await anna.run(['edit', String(id), '--target', 'The minister quit.']), /only a reviewer may change it/);

      // A rejected proposal goes on every TM, and can come back (restore) like any delete.
      await ok(anna, ['add', 'Het kabinet viel.', 'The cabinet fell.']);
      await ok(erik, ['sync']);
      const second = (await ok(erik, ['review', '--json'])).pairs[0];
      await ok(erik, ['review', 'reject', String(second.id)]);
      await ok(anna, ['sync']);
      const annaList = await ok(anna, ['list', '--json']);
      expect(JSON.stringify(annaList)).not.toMatch(/The cabinet fell/);
    });

    it("a translator's change that the desk refuses (the pair was approved meanwhile) is told, and the pair put back as the desk has it", async () => {
      const room = await newDesk('refuse');
      const anna = await joinedTm(room, 'anna');
      const erik = await joinedTm(room, 'erik');
      await ok(anna, ['add', 'Het regent.', 'It rains.']);
      await ok(erik, ['sync']);
      const id = (await ok(erik, ['review', '--json'])).pairs[0].id;
      await ok(erik, ['review', 'accept', String(id)]);
      // Offline meanwhile, anna changes her proposal.
      const annaId = (await ok(anna, ['list', '--json'])).pairs[0].id;
      await ok(anna, ['edit', String(annaId), '--target', 'It is raining.'], { NTM_SYNC_TIMEOUT: '0' });
      const r = await ok(anna, ['sync', '--json']);
      expect(r).toMatchObject({ pushed: 0, conflicts: [{ kind: 'refused', command: 'edit', reason: expect.stringMatching(/may only propose/) }] });
      const look = await ok(anna, ['lookup', '--json', 'Het regent.']);
      expect(look.matches[0]).toMatchObject({ target: 'It rains.', status: 'approved', approvedBy: 'erik' });
      // Told once; nothing waits any more.
      expect((await ok(anna, ['sync', '--json'])).conflicts).toEqual([]);
      expect(await ok(anna, ['desk', 'status', '--json'])).toMatchObject({ pending: 0 });
    });

    it('a login that becomes a member of ntm_desk approves from its next sync on', async () => {
      const room = await newDesk('promote');
      await cluster().createLogin('piet', 'piet-pw', 'ntm_translator');
      const db = join(shared.dir, 'piet.sqlite');
      const piet = (args: string[]) => cli(['--db', db, ...args], { env: { PGPASSWORD: 'piet-pw', NTM_USER: 'piet' } });
      expect((await piet(['desk', 'join', cluster().url('piet', room)])).status).toBe(0);
      expect((await piet(['add', 'Goedemorgen.', 'Good morning.'])).status).toBe(0);
      await cluster().query(`GRANT ntm_desk TO piet`);
      const synced = await piet(['sync']);
      expect(synced.status, synced.stderr).toBe(0);
      expect((await piet(['add', 'Goedenavond.', 'Good evening.'])).status).toBe(0);
      const statuses = await asAdmin<{ source: string; status: string }>(
        room,
        `SELECT o.state->>'source' AS source, p.status FROM ntm.pairs p JOIN ntm.ops o ON o.pair = p.pair ORDER BY o.seq`,
      );
      expect(statuses).toEqual([
        { source: 'Goedemorgen.', status: 'proposed' },
        { source: 'Goedenavond.', status: 'approved' },
      ]);
    });
  });
}
