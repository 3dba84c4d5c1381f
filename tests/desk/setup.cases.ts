// ntm desk init / join / status: the schema and roles, a join that copies the desk, and every
// way a join can be refused (one line, exit 2, no TM written).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectRefusal, snapshotDb } from '../helpers/cli.js';
import { admin, asAdmin, cluster, envOf, joinedTm, newDesk, ok, pushAs, shared, statePair } from '../helpers/desk.js';
import { cli } from '../helpers/run.js';

/** A TM snapshot without the desk link's row (which notes when a sync was last tried). */
export function withoutLink(snapshot: string): string {
  const o = JSON.parse(snapshot) as Record<string, unknown>;
  delete o.desk;
  return JSON.stringify(o);
}

export function setupCases(): void {
  describe('ntm desk init, join, status', () => {
    it('init makes the schema and both roles once; running it again changes nothing', async () => {
      const roles = await cluster().query<{ rolname: string; rolcanlogin: boolean }>(
        `SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN ('ntm_desk', 'ntm_translator') ORDER BY 1`,
      );
      expect(roles).toEqual([
        { rolname: 'ntm_desk', rolcanlogin: false },
        { rolname: 'ntm_translator', rolcanlogin: false },
      ]);
      const again = await cli(['desk', 'init', '--json', cluster().url('postgres', 'first')], { env: admin });
      expect(again.status, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ schema: 1, from: 1, rolesCreated: [], changed: false });
      const text = await cli(['desk', 'init', cluster().url('postgres', 'first')], { env: admin });
      expect(text.stdout).toMatch(/up to date.*nothing changed/);
    });

    it('a translator joins: role from the server, URL stored without the password, status reports it; joining again is harmless', async () => {
      const name = await newDesk();
      const db = join(shared.dir, 'anna-url.sqlite');
      const url = cluster().url('anna', name).replace('anna@', 'anna:anna-pw@');
      const r = await cli(['--db', db, 'desk', 'join', '--json', url]);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ login: 'anna', role: 'translator', already: false, pairs: 0 });
      expect(r.stderr).toMatch(/password in the URL was used once and not stored/);
      expect(readFileSync(db).includes('anna-pw')).toBe(false);

      const status = await cli(['--db', db, 'desk', 'status', '--json'], { env: envOf('anna') });
      expect(status.status, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({
        joined: true,
        url: cluster().url('anna', name),
        login: 'anna',
        role: 'translator',
        pending: 0,
        reachable: true,
        ahead: 0,
      });
      const again = await cli(['--db', db, 'desk', 'join', '--json', cluster().url('anna', name)], { env: envOf('anna') });
      expect(JSON.parse(again.stdout)).toMatchObject({ already: true });
    });

    it('join copies what the desk holds, history and change sets included', async () => {
      const name = await newDesk();
      await pushAs(name, 'erik', [
        statePair('add', 'De burgemeester trad af.', 'The mayor resigned.', { by: 'erik' }),
        statePair('add', 'Koerdische strijdkrachten', 'Kurdish forces', { kind: 'term', by: 'erik' }),
      ]);
      const tm = await joinedTm(name, 'eva');
      const look = await ok(tm, ['lookup', '--json', 'De burgemeester trad af.']);
      expect(look.matches[0]).toMatchObject({ score: 100, target: 'The mayor resigned.', approvedBy: 'erik' });
      const changes = await ok(tm, ['changes', '--json']);
      expect(changes.changes.map((c: { command: string; by: string; pairs: number }) => [c.command, c.by, c.pairs])).toEqual([
        ['add', 'erik', 1],
        ['add', 'erik', 1],
      ]);
      const history = await ok(tm, ['history', '--json', String(look.matches[0].id)]);
      expect(history.history).toMatchObject([{ action: 'add', by: 'erik', change: changes.changes[1].id }]);
    });

    it('a wrong password, an unreachable server, a login without a role, no desk: one line, exit 2, no TM written', async () => {
      const name = await newDesk();
      const db = join(shared.dir, 'refused.sqlite');
      const refused = async (url: string, env: Record<string, string>, message: RegExp) =>
        expectRefusal(await cli(['--db', db, 'desk', 'join', url], { env }), message);
      await refused(cluster().url('anna', name), { PGPASSWORD: 'wrong' }, /refused the login: wrong password/);
      await refused(cluster().url('anna', name), {}, /asks for a password: set PGPASSWORD or add a line to ~\/\.pgpass/);
      await refused('postgres://anna@127.0.0.1:1/newsroom', { PGPASSWORD: 'x' }, /cannot reach the desk at anna@127\.0\.0\.1:1\/newsroom/);
      await refused(cluster().url('bob', name), envOf('bob'), /GRANT ntm_translator TO "bob"/);
      await refused(cluster().url('anna', 'postgres'), envOf('anna'), /no ntm desk at .*ntm desk init/);
      await refused('not-a-url', {}, /not a desk address/);
      expect(existsSync(db)).toBe(false);
    });

    it('a TM with pairs of its own is not joined; it stays as it was', async () => {
      const name = await newDesk();
      const db = join(shared.dir, 'own.sqlite');
      expect((await cli(['--db', db, 'add', 'Goedemorgen.', 'Good morning.'])).status).toBe(0);
      const before = snapshotDb(db);
      expectRefusal(await cli(['--db', db, 'desk', 'join', cluster().url('anna', name)], { env: envOf('anna') }), /already holds pairs of its own/);
      expect(snapshotDb(db)).toBe(before);
    });

    it('a desk made by a newer ntm is refused by init, join, status and sync; the TM stays as it was', async () => {
      const name = await newDesk('future');
      const tm = await joinedTm(name, 'erik');
      await ok(tm, ['add', 'Goedemorgen.', 'Good morning.'], { NTM_SYNC_TIMEOUT: '0' });
      await asAdmin(name, `UPDATE ntm.meta SET value = '99' WHERE key = 'schema'`);
      const before = snapshotDb(tm.db);
      expectRefusal(await cli(['desk', 'init', cluster().url('postgres', name)], { env: admin }), /schema 99, from a newer ntm .*update ntm/);
      const other = join(shared.dir, 'future-new.sqlite');
      expectRefusal(await cli(['--db', other, 'desk', 'join', cluster().url('erik', name)], { env: envOf('erik') }), /schema 99, from a newer ntm/);
      expect(existsSync(other)).toBe(false);
      expectRefusal(await tm.run(['sync']), /schema 99, from a newer ntm/);
      const status = await ok(tm, ['desk', 'status', '--json']);
      expect(status).toMatchObject({ reachable: false, pending: 1, reason: expect.stringMatching(/newer ntm/) });
      // Only the desk link's note of the failed tries differs.
      expect(withoutLink(snapshotDb(tm.db))).toBe(withoutLink(before));
    });

    it('status of a TM that has not joined says how to join', async () => {
      const db = join(shared.dir, 'solo.sqlite');
      await cli(['--db', db, 'add', 'Goedemorgen.', 'Good morning.']);
      const r = await cli(['--db', db, 'desk', 'status']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/has not joined a desk.*ntm desk join/);
      expect(JSON.parse((await cli(['--db', db, 'desk', 'status', '--json'])).stdout)).toEqual({ joined: false });
    });
  });
}
