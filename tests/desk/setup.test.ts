// ntm desk init / join / status against a real PostgreSQL server (a throwaway cluster), and
// the roles it enforces: with psql as a translator, every hand-written way to make a pair
// approved fails; the desk's approval reaches the translators' TMs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { expectRefusal, snapshotDb, tempDir } from '../helpers/cli.js';
import { ADMIN_PASSWORD, PG_REQUIRED, pgAvailable, startCluster, type Cluster } from '../helpers/pg.js';
import { cli } from '../helpers/run.js';
import { pushAs, statePair } from '../helpers/desk.js';

const admin = { PGPASSWORD: ADMIN_PASSWORD };

describe.skipIf(!pgAvailable() && !PG_REQUIRED)('ntm desk init, join, status', () => {
  let pg: Cluster;
  let dir: string;
  let cleanup: () => void;

  beforeAll(async () => {
    pg = await startCluster();
    await pg.createDatabase('newsroom');
    const init = await cli(['desk', 'init', pg.url('postgres', 'newsroom')], { env: admin });
    expect(init.status, init.stderr).toBe(0);
    await pg.createLogin('anna', 'anna-pw', 'ntm_translator');
    await pg.createLogin('erik', 'erik-pw', 'ntm_desk');
    await pg.createLogin('bob', 'bob-pw');
  });
  afterAll(async () => pg?.stop());
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('init makes the schema and both roles once; running it again changes nothing', async () => {
    const roles = await pg.query<{ rolname: string; rolcanlogin: boolean }>(
      `SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN ('ntm_desk', 'ntm_translator') ORDER BY 1`,
    );
    expect(roles).toEqual([
      { rolname: 'ntm_desk', rolcanlogin: false },
      { rolname: 'ntm_translator', rolcanlogin: false },
    ]);
    const again = await cli(['desk', 'init', '--json', pg.url('postgres', 'newsroom')], { env: admin });
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ schema: 1, from: 1, rolesCreated: [], changed: false });
    const text = await cli(['desk', 'init', pg.url('postgres', 'newsroom')], { env: admin });
    expect(text.stdout).toMatch(/up to date.*nothing changed/);
  });

  it('a translator joins: role from the server, URL stored without the password, status reports it', async () => {
    const db = join(dir, 'anna.sqlite');
    const url = pg.url('anna', 'newsroom').replace('anna@', 'anna:anna-pw@');
    const r = await cli(['--db', db, 'desk', 'join', '--json', url]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ login: 'anna', role: 'translator', already: false, pairs: 0 });
    expect(r.stderr).toMatch(/password in the URL was used once and not stored/);
    expect(readFileSync(db).includes('anna-pw')).toBe(false);

    const status = await cli(['--db', db, 'desk', 'status', '--json'], { env: { PGPASSWORD: 'anna-pw' } });
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      joined: true,
      url: pg.url('anna', 'newsroom'),
      login: 'anna',
      role: 'translator',
      pending: 0,
      reachable: true,
      ahead: 0,
    });
    // Joining again is harmless.
    const again = await cli(['--db', db, 'desk', 'join', '--json', pg.url('anna', 'newsroom')], { env: { PGPASSWORD: 'anna-pw' } });
    expect(JSON.parse(again.stdout)).toMatchObject({ already: true });
  });

  it('join copies what the desk holds', async () => {
    await pg.createDatabase('copyroom');
    expect((await cli(['desk', 'init', pg.url('postgres', 'copyroom')], { env: admin })).status).toBe(0);
    await pushAs(pg, 'copyroom', 'erik', 'erik-pw', [
      statePair('add', 'De burgemeester trad af.', 'The mayor resigned.'),
      statePair('add', 'Koerdische strijdkrachten', 'Kurdish forces', { kind: 'term' }),
    ]);
    const db = join(dir, 'erik.sqlite');
    const r = await cli(['--db', db, 'desk', 'join', '--json', pg.url('erik', 'copyroom')], { env: { PGPASSWORD: 'erik-pw' } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ role: 'desk', pairs: 2, changes: 2 });
    const look = await cli(['--db', db, 'lookup', '--json', 'De burgemeester trad af.']);
    expect(JSON.parse(look.stdout).matches[0]).toMatchObject({ score: 100, target: 'The mayor resigned.' });
  });

  it('a wrong password, an unreachable server, a login without a role: one line, exit 2, no TM written', async () => {
    const db = join(dir, 'tm.sqlite');
    expectRefusal(await cli(['--db', db, 'desk', 'join', pg.url('anna', 'newsroom')], { env: { PGPASSWORD: 'wrong' } }), /refused the login: wrong password/);
    expectRefusal(await cli(['--db', db, 'desk', 'join', pg.url('anna', 'newsroom')]), /asks for a password: set PGPASSWORD or add a line to ~\/\.pgpass/);
    expectRefusal(await cli(['--db', db, 'desk', 'join', 'postgres://anna@127.0.0.1:1/newsroom'], { env: { PGPASSWORD: 'x' } }), /cannot reach the desk at anna@127\.0\.0\.1:1\/newsroom/);
    expectRefusal(await cli(['--db', db, 'desk', 'join', pg.url('bob', 'newsroom')], { env: { PGPASSWORD: 'bob-pw' } }), /GRANT ntm_translator TO "bob"/);
    expectRefusal(await cli(['--db', db, 'desk', 'join', pg.url('anna', 'postgres')], { env: { PGPASSWORD: 'anna-pw' } }), /no ntm desk at .*ntm desk init/);
    expectRefusal(await cli(['--db', db, 'desk', 'join', 'not-a-url']), /not a desk address/);
    expect(existsSync(db)).toBe(false);
  });

  it('a TM with pairs of its own is not joined; it stays as it was', async () => {
    const db = join(dir, 'own.sqlite');
    expect((await cli(['--db', db, 'add', 'Goedemorgen.', 'Good morning.'])).status).toBe(0);
    const before = snapshotDb(db);
    expectRefusal(await cli(['--db', db, 'desk', 'join', pg.url('anna', 'newsroom')], { env: { PGPASSWORD: 'anna-pw' } }), /already holds pairs of its own/);
    expect(snapshotDb(db)).toBe(before);
  });

  it('a desk made by a newer ntm is refused by init, join and status; the TM stays as it was', async () => {
    await pg.createDatabase('future');
    expect((await cli(['desk', 'init', pg.url('postgres', 'future')], { env: admin })).status).toBe(0);
    const db = join(dir, 'f.sqlite');
    expect((await cli(['--db', db, 'desk', 'join', pg.url('erik', 'future')], { env: { PGPASSWORD: 'erik-pw' } })).status).toBe(0);
    await pg.query(`UPDATE ntm.meta SET value = '99' WHERE key = 'schema'`, [], { user: 'postgres', password: ADMIN_PASSWORD, database: 'future' });
    const before = snapshotDb(db);
    expectRefusal(await cli(['desk', 'init', pg.url('postgres', 'future')], { env: admin }), /schema 99, from a newer ntm .*update ntm/);
    expectRefusal(await cli(['--db', join(dir, 'g.sqlite'), 'desk', 'join', pg.url('erik', 'future')], { env: { PGPASSWORD: 'erik-pw' } }), /schema 99, from a newer ntm/);
    const status = await cli(['--db', db, 'desk', 'status', '--json'], { env: { PGPASSWORD: 'erik-pw' } });
    expect(JSON.parse(status.stdout)).toMatchObject({ reachable: false, reason: expect.stringMatching(/newer ntm/) });
    expect(snapshotDb(db)).toBe(before);
    expect(existsSync(join(dir, 'g.sqlite'))).toBe(false);
  });

  it('status of a TM that has not joined says how to join', async () => {
    const db = join(dir, 'solo.sqlite');
    await cli(['--db', db, 'add', 'Goedemorgen.', 'Good morning.']);
    const r = await cli(['--db', db, 'desk', 'status']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/has not joined a desk.*ntm desk join/);
    expect(JSON.parse((await cli(['--db', db, 'desk', 'status', '--json'])).stdout)).toEqual({ joined: false });
  });

  // Roles: the server enforces them (a database of its own, the same logins).
  const room = 'roleroom';
  const desk = (sql: string) => pg.psql(sql, 'erik', 'erik-pw', room);
  const translator = (sql: string) => pg.psql(sql, 'anna', 'anna-pw', room);
  const approved = async () =>
    (await pg.query<{ n: string }>(`SELECT count(*) AS n FROM ntm.pairs WHERE status = 'approved'`, [], { user: 'postgres', password: ADMIN_PASSWORD, database: room }))[0]!.n;
  const lit = (v: unknown) => `'${JSON.stringify(v).replace(/'/g, "''")}'`;

  it('a translator cannot make a pair approved by any hand-written SQL', async () => {
    await pg.createDatabase(room);
    expect((await cli(['desk', 'init', pg.url('postgres', room)], { env: admin })).status).toBe(0);
    const mine = statePair('add', 'De minister trad af.', 'The minister resigned.', { status: 'proposed', by: 'anna' });
    const pair = mine.ops[0]!.pair;
    expect(translator(`SELECT ntm.push(${lit([mine])}::jsonb)`).status).toBe(0);

    const attempts = [
      `SELECT ntm.push(${lit([statePair('add', 'Het kabinet viel.', 'The cabinet fell.', { by: 'anna' })])}::jsonb)`,
      `SELECT ntm.push(${lit([statePair('edit', 'De minister trad af.', 'The minister resigned.', { pair, base: 1, by: 'anna' })])}::jsonb)`,
      `SELECT ntm.push(${lit([statePair('add', 'Het kabinet viel.', 'The cabinet fell.', { status: 'forbidden', by: 'anna' })])}::jsonb)`,
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
    for (const sql of attempts) {
      const r = translator(sql);
      expect(r.status, `${sql}\n${r.stdout}`).not.toBe(0);
      expect(r.stderr).toMatch(/ERROR/);
    }
    expect(await approved()).toBe('0');
    expect(translator(`SELECT status FROM ntm.pairs`).stdout).toMatch(/proposed/);

    // The desk may approve the proposal: an edit of the pair the translator made.
    const accept = statePair('edit', 'De minister trad af.', 'The minister resigned.', { pair, base: 1, by: 'erik' });
    expect(desk(`SELECT ntm.push(${lit([accept])}::jsonb)`).status).toBe(0);
    expect(await approved()).toBe('1');
    // Once approved, a translator cannot take it back either.
    const withdraw = statePair('delete', 'De minister trad af.', 'The minister resigned.', { pair, base: 2, by: 'anna' });
    expect(translator(`SELECT ntm.push(${lit([withdraw])}::jsonb)`).status).not.toBe(0);
    expect(await approved()).toBe('1');
  });

  it("the desk's approval reaches a translator's TM", async () => {
    const approval = statePair('add', 'Koerdische strijdkrachten', 'Kurdish forces', { kind: 'term', by: 'erik' });
    expect(desk(`SELECT ntm.push(${lit([approval])}::jsonb)`).status).toBe(0);
    const db = join(dir, 'anna.sqlite');
    const joined = await cli(['--db', db, 'desk', 'join', pg.url('anna', room)], { env: { PGPASSWORD: 'anna-pw' } });
    expect(joined.status, joined.stderr).toBe(0);
    const terms = await cli(['--db', db, 'list', '--json', '--terms']);
    expect(terms.stdout).toMatch(/Kurdish forces/);
    expect(terms.stdout).toMatch(/"status":"approved"/);
    const accepted = await cli(['--db', db, 'lookup', '--json', 'De minister trad af.']);
    expect(JSON.parse(accepted.stdout).matches[0]).toMatchObject({ score: 100, target: 'The minister resigned.' });
  });
});
