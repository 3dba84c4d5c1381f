// The server enforces the roles: with psql as a translator, every hand-written way to make a
// pair approved fails; the desk's approval reaches the translators' TMs.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { statePair } from '../helpers/desk.js';
import { ADMIN_PASSWORD, PG_REQUIRED, pgAvailable, startCluster, type Cluster } from '../helpers/pg.js';
import { cli } from '../helpers/run.js';

describe.skipIf(!pgAvailable() && !PG_REQUIRED)('roles on the desk', () => {
  let pg: Cluster;
  let tmp: ReturnType<typeof tempDir>;
  const desk = (sql: string) => pg.psql(sql, 'erik', 'erik-pw', 'newsroom');
  const translator = (sql: string) => pg.psql(sql, 'anna', 'anna-pw', 'newsroom');
  const approved = async () =>
    (await pg.query<{ n: string }>(`SELECT count(*) AS n FROM ntm.pairs WHERE status = 'approved'`, [], { user: 'postgres', password: ADMIN_PASSWORD, database: 'newsroom' }))[0]!.n;
  const lit = (v: unknown) => `'${JSON.stringify(v).replace(/'/g, "''")}'`;

  beforeAll(async () => {
    tmp = tempDir();
    pg = await startCluster();
    await pg.createDatabase('newsroom');
    expect((await cli(['desk', 'init', pg.url('postgres', 'newsroom')], { env: { PGPASSWORD: ADMIN_PASSWORD } })).status).toBe(0);
    await pg.createLogin('anna', 'anna-pw', 'ntm_translator');
    await pg.createLogin('erik', 'erik-pw', 'ntm_desk');
  });
  afterAll(async () => {
    await pg?.stop();
    tmp?.cleanup();
  });

  it('a translator cannot make a pair approved by any hand-written SQL', async () => {
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
    const db = join(tmp.dir, 'anna.sqlite');
    const joined = await cli(['--db', db, 'desk', 'join', pg.url('anna', 'newsroom')], { env: { PGPASSWORD: 'anna-pw' } });
    expect(joined.status, joined.stderr).toBe(0);
    const terms = await cli(['--db', db, 'list', '--json', '--terms']);
    expect(terms.stdout).toMatch(/Kurdish forces/);
    expect(terms.stdout).toMatch(/"status":"approved"/);
    const accepted = await cli(['--db', db, 'lookup', '--json', 'De minister trad af.']);
    expect(JSON.parse(accepted.stdout).matches[0]).toMatchObject({ score: 100, target: 'The minister resigned.' });
  });
});
