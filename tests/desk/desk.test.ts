// The desk against a real PostgreSQL server: one throwaway cluster (initdb in a temp folder,
// a free port on 127.0.0.1, removed afterwards) for all the desk's cases, which live in the
// *.cases.ts files beside this one and run here one after the other: starting a cluster costs
// more than most cases, and the convergence case restarts it. Without PostgreSQL the cases
// are skipped, except under CI (CI set, not "false" or "0"), where beforeAll fails them.
import { afterAll, beforeAll, describe } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { admin, createPeople, shared } from '../helpers/desk.js';
import { PG_REQUIRED, pgAvailable, startCluster } from '../helpers/pg.js';
import { cli } from '../helpers/run.js';
import { convergenceCases } from './convergence.cases.js';
import { decisionCases } from './decisions.cases.js';
import { faultCases } from './faults.cases.js';
import { joinCases } from './join.cases.js';
import { roleCases } from './roles.cases.js';
import { setupCases } from './setup.cases.js';
import { syncCases } from './sync.cases.js';

describe.skipIf(!pgAvailable() && !PG_REQUIRED)('the desk on PostgreSQL', () => {
  let tmp: ReturnType<typeof tempDir> | undefined;
  beforeAll(async () => {
    tmp = tempDir();
    shared.dir = tmp.dir;
    shared.cluster = await startCluster();
    // The first init makes the two roles; the people of every case log in with them.
    await shared.cluster.createDatabase('first');
    const init = await cli(['desk', 'init', shared.cluster.url('postgres', 'first')], { env: admin });
    if (init.status !== 0) throw new Error(init.stderr);
    await createPeople();
  });
  afterAll(async () => {
    await shared.cluster?.stop();
    shared.cluster = null;
    tmp?.cleanup();
  });

  setupCases();
  joinCases();
  roleCases();
  syncCases();
  decisionCases();
  faultCases();
  convergenceCases();
});
