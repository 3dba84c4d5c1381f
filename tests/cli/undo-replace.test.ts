// Change sets, ntm undo and ntm replace, through the CLI; and the undo of a large import at
// the store, where the fuzzy index is built again instead of taken apart.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inChangeSet } from '../../src/store/changes.js';
import { examine } from '../../src/store/doctor.js';
import { asyncTransaction, importUnits } from '../../src/store/import.js';
import { findMatchIds, findMatchIdsExhaustive } from '../../src/store/lookup.js';
import { setRebuildFrom } from '../../src/store/match-index/index.js';
import { SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open.js';
import { addPair } from '../../src/store/pairs.js';
import { replayRows } from '../../src/store/replay.js';
import { undoChange } from '../../src/store/undo.js';
import { expectRefusal, tempDir } from '../helpers/cli.js';
import { cli } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

let n = 0;
async function tm(...commands: string[][]) {
  const db = join(dir, `tm-${++n}.sqlite`);
  for (const c of commands) {
    const r = await cli(['--db', db, ...c]);
    expect(r.status, `${c.join(' ')}: ${r.stderr}`).toBe(0);
  }
  const run = (...args: string[]) => cli(['--db', db, ...args]);
  const json = async (...args: string[]) => {
    const r = await run(...args, '--json');
    expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return JSON.parse(r.stdout);
  };
  return { db, run, json };
}

describe('ntm changes and ntm undo', () => {
  it("lists change sets newest first in SPEC's shape, and undoes an edit, a delete and an undo", async () => {
    const t = await tm(['add', 'De brand is geblust.', 'The fire is out.'], ['edit', '1', '--target', 'The fire has been put out.'], ['delete', '1']);
    const { changes } = await t.json('changes');
    expect(changes.map((c: object) => Object.keys(c).slice(0, 5))).toEqual(Array(3).fill(['id', 'command', 'by', 'at', 'pairs']));
    expect(changes.map((c: { command: string; pairs: number }) => [c.command, c.pairs])).toEqual([
      ['delete', 1],
      ['edit', 1],
      ['add', 1],
    ]);
    expect(changes[0].uuid).toMatch(/^[0-9a-f-]{36}$/);
    // The edit cannot be undone while the delete after it stands.
    expectRefusal(await t.run('undo', String(changes[1].id)), /pair #1 was changed after change set #2, by change set #3; undo that first/);
    const undoDelete = await t.json('undo', String(changes[0].id));
    expect((await t.json('show', '1')).deletedAt).toBeNull();
    await t.json('undo', String(changes[1].id));
    expect((await t.json('show', '1')).target).toBe('The fire is out.');
    // An undo is a change set too, and can be undone; an undone one cannot be undone twice.
    expectRefusal(await t.run('undo', String(changes[0].id)), /was undone already, by #4/);
    await t.json('undo', String(undoDelete.change));
    expect((await t.json('show', '1')).deletedAt).not.toBeNull();
    const history = (await t.json('history', '1')).history.map((h: { action: string }) => h.action);
    expect(history).toEqual(['add', 'edit', 'delete', 'restore', 'edit', 'delete']);
  });

  it("undoes a reviewer change, and refuses an undo of the desk's wording by someone else", async () => {
    const t = await tm(['add', 'Het regent.', 'It is raining.'], ['reviewers', 'add', 'desk', '--by', 'desk']);
    const [reviewer, add] = (await t.json('changes')).changes;
    expectRefusal(await t.run('undo', String(add.id), '--by', 'junior'), /only a reviewer may undo it/);
    await t.json('undo', String(reviewer.id), '--by', 'desk');
    expect((await t.json('reviewers', 'list')).reviewers).toEqual([]);
  });
});

describe('ntm replace', () => {
  it('shows each change with the words marked and writes nothing with --dry-run, then replaces in one change set', async () => {
    const t = await tm(
      ['add', 'De Koerdische strijdkrachten rukten op.', 'The Kurdish armed forces advanced.'],
      ['add', 'Koerdische strijdkrachten', 'Kurdish armed forces', '--term'],
      ['add', 'Koerdisch leger', 'Kurdish army', '--term', '--forbid', 'Kurdish armed forces'],
      ['add', 'Ze zijn ontwapend.', 'The Kurdish ARMED FORCES were disarmed; the nonkurdish armed forcesX stayed.'],
      ['add', 'Koerdische troepen', 'Kurdish forces', '--term'],
      ['add', 'Koerdische troepen', 'Kurdish armed forces', '--term'],
    );
    const dry = await t.run('replace', 'Kurdish armed forces', 'Kurdish forces', '--dry-run');
    expect(dry.stdout).toMatch(/#1 {2}The Kurdish \[-armed -\]forces advanced\./);
    expect(dry.stdout).toMatch(/#7 left as it is: it would become the same pair as #6/);
    expect(dry.stdout).toMatch(/Would change 2 pairs\. Nothing was written/);
    expect((await t.json('changes')).changes).toHaveLength(6);
    const done = await t.json('replace', 'Kurdish armed forces', 'Kurdish forces');
    expect(done.changes.map((c: { id: number; after: string }) => [c.id, c.after])).toEqual([
      [1, 'The Kurdish forces advanced.'],
      [2, 'Kurdish forces'],
    ]);
    // Whole words, case as given; a forbidden rendering stays what the desk rejected.
    expect((await t.json('show', '5')).target).toBe('The Kurdish ARMED FORCES were disarmed; the nonkurdish armed forcesX stayed.');
    expect(await t.json('show', '4')).toMatchObject({ status: 'forbidden', target: 'Kurdish armed forces' });
    expect((await t.json('history', '1')).history.at(-1)).toMatchObject({
      action: 'edit',
      before: { target: 'The Kurdish armed forces advanced.' },
      change: done.change,
    });
    await t.json('undo', String(done.change));
    expect((await t.json('show', '1')).target).toBe('The Kurdish armed forces advanced.');
    const source = await t.json('replace', 'Koerdische', 'Koerdisch', '--source', '--segments');
    expect(source.changes.map((c: { after: string }) => c.after)).toEqual(['De Koerdisch strijdkrachten rukten op.']);
  });
});

describe('undo of a large import (store)', () => {
  it('builds the fuzzy index again for what stays, and lookups stay exact', async () => {
    const store = openStore(join(dir, 'large.sqlite'), { create: true });
    setRebuildFrom(50);
    try {
      const db = store.db;
      inChangeSet(db, { command: 'add', by: 't' }, () => {
        for (let i = 0; i < 20; i++)
          addPair(db, { kind: 'segment', source: `Blijvende zin ${i} over de stad.`, target: `Staying sentence ${i} about the city.`, by: 't' });
      });
      const units = Array.from({ length: 120 }, (_, i) => ({
        line: i + 1,
        source: `Zin nummer ${i} over de stad.`,
        target: `Sentence number ${i} about the city.`,
      }));
      const { change } = await asyncTransaction(db, () =>
        import('../../src/store/changes.js').then(({ inChangeSetAsync }) =>
          inChangeSetAsync(db, { command: 'import', by: 't' }, () => importUnits(db, units, { kind: 'segment', by: 't' })),
        ),
      );
      // Every row of the import can be replayed: an 'add' row's pair is filled in.
      expect(replayRows(db, change!)[0]).toMatchObject({ action: 'add', after: { source: 'Zin nummer 0 over de stad.', status: 'approved' } });
      inChangeSet(db, { command: 'undo', by: 't', undoes: change! }, () => undoChange(db, change!, 't'));
      expect(db.prepare(`SELECT count(*) FROM pairs WHERE deleted_at IS NULL`).pluck().get()).toBe(20);
      expect(examine(db, { knownSchemaVersion: SCHEMA_VERSION }).derived.every((d) => d.stale === 0)).toBe(true);
      for (const q of ['Zin nummer 7 over de stad.', 'Blijvende zin 7 over de stad.']) {
        expect(findMatchIds(db, q, { min: 50, limit: 5 })).toEqual(findMatchIdsExhaustive(db, q, { min: 50, limit: 5 }));
      }
      const deleted = replayRows(db, change! + 1);
      expect(deleted).toHaveLength(120);
      expect(deleted[0]).toMatchObject({ action: 'delete', before: { source: 'Zin nummer 0 over de stad.' }, after: null });
    } finally {
      setRebuildFrom();
      store.close();
    }
  });
});
