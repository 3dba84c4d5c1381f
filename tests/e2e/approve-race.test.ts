// approve checks the draft and stores it in one write transaction (#14 item 12): a forbidden
// rendering another process adds meanwhile is either seen by the check or added after the
// approval, never slipped in between.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { runAsync, start } from '../helpers/proc.js';
import Database from 'better-sqlite3';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

it('a forbidden rendering added while approve runs is not slipped in between its check and its store', async () => {
  const db = join(dir, 'tm.sqlite');
  expect((await cli(['--db', db, 'add', 'Koerdische strijdkrachten', 'Kurdish forces', '--term'])).status).toBe(0);
  const draft = join(dir, 'draft.tsv');
  writeFileSync(draft, 'nl\ten\nHet zelfbenoemde kalifaat viel in 2019.\tThe so-called caliphate fell in 2019.\n');
  // Held right after its check: another translator forbids the wording the draft uses.
  const approve = start(['--db', db, 'approve', draft, '--json'], { env: { NTM_TEST_STEPS: '1', NTM_TEST_PAUSE: 'approve:checked=1500' } });
  await approve.waitFor(/ntm-step: approve:checked/);
  const forbid = await runAsync(['--db', db, 'add', '--term', 'zelfbenoemde kalifaat', 'self-proclaimed caliphate', '--forbid', 'so-called caliphate'], {
    env: { NTM_BUSY_TIMEOUT: '20000' },
  });
  const approved = await approve.done;
  expect(forbid.status, forbid.stderr).toBe(0);
  expect([0, 1], approved.stderr).toContain(approved.status);
  const raw = new Database(db, { readonly: true });
  const id = (sql: string) => (raw.prepare(sql).pluck().get() as number | undefined) ?? null;
  const stored = id(`SELECT id FROM pairs WHERE target = 'The so-called caliphate fell in 2019.'`);
  const forbidden = id(`SELECT id FROM pairs WHERE status = 'forbidden' AND target = 'so-called caliphate'`);
  raw.close();
  expect(forbidden).not.toBeNull();
  // Approved without --force: the forbidden rendering did not exist yet when the pair was stored.
  if (approved.status === 0) expect(stored!, 'approved after the forbidden rendering was stored, unchecked').toBeLessThan(forbidden!);
  else expect(stored).toBeNull();
});
