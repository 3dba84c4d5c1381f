// ntm sync between local TMs through a real desk: changes travel, the later edit in the
// desk's order wins and the other TM is told, nothing is duplicated, offline writes wait.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { ADMIN_PASSWORD, PG_REQUIRED, pgAvailable, startCluster, type Cluster } from '../helpers/pg.js';
import { cli } from '../helpers/run.js';

describe.skipIf(!pgAvailable() && !PG_REQUIRED)('ntm sync', () => {
  let pg: Cluster;
  let tmp: ReturnType<typeof tempDir>;
  let n = 0;

  /** A fresh desk database with two editors' TMs joined to it. */
  async function desk(): Promise<{ erik: (args: string[], env?: Record<string, string>) => ReturnType<typeof cli>; eva: (args: string[], env?: Record<string, string>) => ReturnType<typeof cli>; dbs: string[] }> {
    const name = `room${++n}`;
    await pg.createDatabase(name);
    expect((await cli(['desk', 'init', pg.url('postgres', name)], { env: { PGPASSWORD: ADMIN_PASSWORD } })).status).toBe(0);
    // The roles belong to the cluster: made by the first init, then shared by every desk here.
    if (n === 1) {
      await pg.createLogin('erik', 'erik-pw', 'ntm_desk');
      await pg.createLogin('eva', 'eva-pw', 'ntm_desk');
    }
    const people = ['erik', 'eva'] as const;
    const dbs = people.map((p) => join(tmp.dir, `${name}-${p}.sqlite`));
    const run = (i: number) => (args: string[], env: Record<string, string> = {}) =>
      cli(['--db', dbs[i]!, ...args], { env: { PGPASSWORD: `${people[i]}-pw`, NTM_USER: people[i]!, ...env } });
    for (const [i, p] of people.entries()) {
      const r = await cli(['--db', dbs[i]!, 'desk', 'join', pg.url(p, name)], { env: { PGPASSWORD: `${p}-pw` } });
      expect(r.status, r.stderr).toBe(0);
    }
    return { erik: run(0), eva: run(1), dbs };
  }
  const offline = { NTM_SYNC_TIMEOUT: '0' };
  const live = (db: string) => {
    const d = new Database(db, { readonly: true });
    try {
      return d.prepare(`SELECT uuid, kind, source, target, status, approved_by FROM pairs WHERE deleted_at IS NULL ORDER BY uuid`).all();
    } finally {
      d.close();
    }
  };

  beforeAll(async () => {
    tmp = tempDir();
    pg = await startCluster();
  });
  afterAll(async () => {
    await pg?.stop();
    tmp?.cleanup();
  });

  it('a write syncs at once; the other TM pulls it; syncing again moves nothing', async () => {
    const { erik, eva, dbs } = await desk();
    const add = await erik(['add', 'De burgemeester trad af.', 'The mayor resigned.']);
    expect(add.status, add.stderr).toBe(0);
    expect(add.stderr).toBe('');
    const pulled = await eva(['sync', '--json']);
    expect(pulled.status, pulled.stderr).toBe(0);
    expect(JSON.parse(pulled.stdout)).toEqual({ pushed: 0, pulled: 1, conflicts: [] });
    const look = JSON.parse((await eva(['lookup', '--json', 'De burgemeester trad af.'])).stdout);
    expect(look.matches[0]).toMatchObject({ score: 100, target: 'The mayor resigned.', approvedBy: 'erik' });
    expect(JSON.parse((await eva(['sync', '--json'])).stdout)).toEqual({ pushed: 0, pulled: 0, conflicts: [] });
    expect(JSON.parse((await erik(['sync', '--json'])).stdout)).toEqual({ pushed: 0, pulled: 0, conflicts: [] });

    // Edits and deletes travel too.
    const id = look.matches[0].id;
    expect((await eva(['edit', String(id), '--target', 'The mayor stepped down.'])).status).toBe(0);
    expect(JSON.parse((await erik(['sync', '--json'])).stdout)).toMatchObject({ pulled: 1, conflicts: [] });
    expect(live(dbs[0]!)).toEqual(live(dbs[1]!));
    expect(live(dbs[0]!)).toMatchObject([{ target: 'The mayor stepped down.' }]);
    const erikId = (JSON.parse((await erik(['list', '--json'])).stdout).pairs ?? JSON.parse((await erik(['list', '--json'])).stdout))[0].id;
    expect((await erik(['delete', String(erikId)])).status).toBe(0);
    await eva(['sync']);
    expect(live(dbs[1]!)).toEqual([]);
  });

  it('two edits of one pair: the later in the desk order wins everywhere, the other editor is told', async () => {
    const { erik, eva, dbs } = await desk();
    await erik(['add', 'Het kabinet is gevallen.', 'The cabinet has fallen.']);
    await eva(['sync']);
    const id = (db: string) => (new Database(db, { readonly: true }).prepare(`SELECT id FROM pairs`).pluck().get() as number);
    expect((await erik(['edit', String(id(dbs[0]!)), '--target', 'The government has fallen.'], offline)).status).toBe(0);
    expect((await eva(['edit', String(id(dbs[1]!)), '--target', 'The cabinet has collapsed.'], offline)).status).toBe(0);
    expect(JSON.parse((await erik(['sync', '--json'])).stdout)).toMatchObject({ pushed: 1, conflicts: [] });
    const evaSync = JSON.parse((await eva(['sync', '--json'])).stdout);
    expect(evaSync).toMatchObject({ pushed: 1, pulled: 1, conflicts: [] });
    const erikSync = await erik(['sync', '--json']);
    expect(JSON.parse(erikSync.stdout)).toMatchObject({
      pushed: 0,
      pulled: 1,
      conflicts: [{ kind: 'replaced', yours: 'The government has fallen.', theirs: 'The cabinet has collapsed.', by: 'eva' }],
    });
    expect(live(dbs[0]!)).toEqual(live(dbs[1]!));
    expect(live(dbs[0]!)).toMatchObject([{ target: 'The cabinet has collapsed.' }]);
    // Told once.
    expect(JSON.parse((await erik(['sync', '--json'])).stdout).conflicts).toEqual([]);
  });

  it('the same pair added on two TMs is one pair after sync; two English renderings are both kept and listed with who approved each', async () => {
    const { erik, eva, dbs } = await desk();
    await erik(['add', 'Goedemorgen.', 'Good morning.'], offline);
    await eva(['add', 'Goedemorgen.', 'Good morning.'], offline);
    await erik(['add', 'Het regent.', 'It is raining.'], offline);
    await eva(['add', 'Het regent.', 'It rains.'], offline);
    for (const run of [erik, eva, erik]) expect((await run(['sync'])).status).toBe(0);
    expect(live(dbs[0]!)).toEqual(live(dbs[1]!));
    expect(live(dbs[0]!).map((p) => (p as { target: string }).target).sort()).toEqual(['Good morning.', 'It is raining.', 'It rains.']);
    const conflicts = JSON.parse((await eva(['conflicts', '--json'])).stdout);
    expect(conflicts.conflicts).toHaveLength(1);
    expect(conflicts.conflicts[0].targets.map((t: { target: string; approvedBy: string }) => [t.target, t.approvedBy]).sort()).toEqual([
      ['It is raining.', 'erik'],
      ['It rains.', 'eva'],
    ]);
  });

  it('offline, a write is kept and waits; status says so; the next sync sends it once', async () => {
    const { erik, eva, dbs } = await desk();
    const d = new Database(dbs[0]!);
    const url = d.prepare(`SELECT url FROM desk`).pluck().get() as string;
    d.prepare(`UPDATE desk SET url = ?`).run(url.replace(/:\d+\//, ':1/'));
    d.close();
    const add = await erik(['add', 'Er is brand.', 'There is a fire.']);
    expect(add.status).toBe(0);
    expect(add.stderr).toMatch(/cannot be reached now; your change is kept here/);
    const status = JSON.parse((await erik(['desk', 'status', '--json'])).stdout);
    expect(status).toMatchObject({ pending: 1, reachable: false });
    const back = new Database(dbs[0]!);
    back.prepare(`UPDATE desk SET url = ?`).run(url);
    // As if the first push reached the desk but its answer was lost: pushed twice, stored once.
    back.close();
    expect(JSON.parse((await erik(['sync', '--json'])).stdout)).toMatchObject({ pushed: 1 });
    const again = new Database(dbs[0]!);
    again.prepare(`UPDATE desk_changes SET state = 'pending', seq = NULL WHERE origin = 'here'`).run();
    again.close();
    expect(JSON.parse((await erik(['sync', '--json'])).stdout)).toMatchObject({ pushed: 1, pulled: 0 });
    const rows = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM ntm.changes`, [], { user: 'postgres', password: ADMIN_PASSWORD, database: `room${n}` });
    expect(rows[0]!.n).toBe('1');
    await eva(['sync']);
    expect(live(dbs[1]!)).toEqual(live(dbs[0]!));
    expect(live(dbs[1]!)).toHaveLength(1);
  });
});
