// Readers during an import (#14 item 8): lookups, backups and stats go on while any import
// runs, also the first import into a new, empty TM, and see the TM as it was before it.
// (The import's own outcome, whole or none, is the crash tests' subject.)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { runAsync, start } from '../helpers/proc.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

it('lookup, backup and stats work while the first import into a new TM runs', async () => {
  const db = join(dir, 'tm.sqlite');
  const file = join(dir, 'first.tsv');
  writeFileSync(file, Array.from({ length: 3000 }, (_, i) => `Zin ${i} over de gevangenis.\tSentence ${i} about the prison.\n`).join(''));
  // Held inside its transaction once it has written its first thousand pairs, until killed.
  const importing = start(['--db', db, 'import', file], { env: { NTM_TEST_STEPS: '1', NTM_TEST_PAUSE: 'import:writing=60000' } });
  await importing.waitFor(/ntm-step: import:writing/);
  const env = { NTM_BUSY_TIMEOUT: '1000' };
  const [look, backup, stats] = await Promise.all([
    runAsync(['--db', db, 'lookup', 'Zin 5 over de gevangenis.', '--json'], { env }),
    runAsync(['--db', db, 'backup', join(dir, 'during.sqlite')], { env }),
    runAsync(['--db', db, 'stats', '--json'], { env }),
  ]);
  expect(look.status, look.stderr).toBe(0);
  expect(JSON.parse(look.stdout).matches).toEqual([]);
  expect(backup.status, backup.stderr).toBe(0);
  expect(stats.status, stats.stderr).toBe(0);
  expect(JSON.parse(stats.stdout).pairs).toBe(0);
  // Cut off there, it leaves the TM as the readers saw it, whole.
  importing.child.kill('SIGKILL');
  expect((await importing.done).signal).toBe('SIGKILL');
  const after = await cli(['--db', db, 'stats', '--json']);
  expect(after.status, after.stderr).toBe(0);
  expect(JSON.parse(after.stdout).pairs).toBe(0);
  expect((await cli(['--db', db, 'doctor'])).status).toBe(0);
});
