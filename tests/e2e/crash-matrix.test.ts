// The crash matrix: commands that replace a file or a TM's contents, each killed with SIGKILL
// at 20 seeded moments. Every time: the TM passes integrity_check and is the old or the new
// one, a kept copy under its real name is complete or absent, the target file (export) is
// the old or the new one, and anything else left beside it carries a temporary name.
//
// A moment is one of the command's steps (ctx.step announces them with NTM_TEST_STEPS): half
// the trials hold the command there (NTM_TEST_PAUSE) and kill it exactly at that step, the
// other half kill it a seeded few milliseconds after it announced the step, inside the work
// that follows. Either way the kills land in the work, not while Node starts. Adding a command
// is one entry in SCENARIOS.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { tempDir } from '../helpers/cli.js';
import { writeOldSchema } from '../helpers/old-schema.js';
import { start, sleep } from '../helpers/proc.js';
import { cli } from '../helpers/run.js';

const TRIALS = 20;
// Enough pairs that a kill a few milliseconds after a step still lands in the work that
// follows it; each trial's process costs mostly Node's start, the rest grows with the TM.
const PAIRS = 500;
/** The pairs of base's second import (what the backup lacks). */
const LATER = PAIRS / 5;

let dir: string;
let cleanup: () => void;
/** A TM of PAIRS pairs, and a backup of it taken before its LATER pairs. */
let base: string;
let bk: string;
/** A TM of PAIRS pairs in the schema before this ntm's, as an older ntm left it. */
let oldSchema: string;
/** The change set of base's first import (all but its LATER pairs). */
let firstImport: number;

/** A small seeded generator (mulberry32): the same kill moments on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What a user could lose: every row of every table but the lookup index (match_*, derived
 * from the pairs and checked by integrity_check and doctor), and the schema version; hashed.
 * `volatile` names columns left out (by table): what differs between two whole runs.
 */
function contents(db: string, volatile: Record<string, readonly string[]> = {}): string {
  const raw = new Database(db, { readonly: true });
  try {
    const hash = createHash('sha1');
    hash.update(String(raw.pragma('user_version', { simple: true })));
    const tables = raw
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'match\\_%' ESCAPE '\\' ORDER BY name`)
      .pluck()
      .all() as string[];
    for (const name of tables) {
      hash.update(`\n${name}\n`);
      const rows = raw.prepare(`SELECT * FROM "${name}"`).raw();
      const skip = new Set(volatile[name] ?? []);
      const keep = rows.columns().flatMap((c, i) => (skip.has(c.name) ? [] : [i]));
      for (const row of rows.iterate() as Iterable<unknown[]>) hash.update(JSON.stringify(keep.map((i) => row[i])));
    }
    return hash.digest('hex');
  } finally {
    raw.close();
  }
}

function integrity(db: string): unknown {
  // Read-write, as ntm opens it: a hot journal or WAL left by the kill is recovered first.
  const raw = new Database(db);
  try {
    return raw.pragma('integrity_check', { simple: true });
  } finally {
    raw.close();
  }
}

/** One trial's folder: the TM (and whatever the scenario puts beside it). */
interface Trial {
  folder: string;
  db: string;
}

interface Scenario {
  name: string;
  /** The steps (ctx.step names) the kills are seeded at. */
  steps: string[];
  /** Fills a trial's folder; returns the command line (after --db). */
  prepare(t: Trial): string[];
  /** Kept copies, by file name, that must be complete (equal to the TM before) when present. */
  kept: RegExp;
  /** A file other than the TM that must be old or new: its name, and how to read it. */
  target?: { name: string };
  /** Columns (by table) that two whole runs fill differently (a new change set's uuid, the time). */
  volatile?: Record<string, readonly string[]>;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'restore-backup',
    steps: ['restore:checked', 'restore:staged', 'restore:locked', 'restore:kept', 'restore:replaced'],
    prepare: (t) => {
      copyFileSync(base, t.db);
      return ['restore-backup', bk];
    },
    kept: /^tm\.sqlite\.before-restore-.*\.bak$/,
  },
  {
    name: 'schema upgrade',
    steps: ['upgrade:locked', 'upgrade:kept', 'upgrade:migrated'],
    prepare: (t) => {
      copyFileSync(oldSchema, t.db);
      return ['stats'];
    },
    kept: /^tm\.sqlite\.before-schema-\d+(-\d+)?\.bak$/,
  },
  {
    name: 'export --force',
    steps: ['export:writing', 'export:written', 'export:renamed'],
    prepare: (t) => {
      copyFileSync(base, t.db);
      writeFileSync(join(t.folder, 'out.tmx'), 'the export before\n');
      return ['export', join(t.folder, 'out.tmx'), '--force'];
    },
    kept: /^$/,
    target: { name: 'out.tmx' },
  },
  {
    // The first import's pairs (four fifths of the TM) go, and their postings out of the fuzzy index.
    name: 'undo (of an import)',
    steps: ['undo:checked', 'undo:bulk', 'undo:indexed'],
    prepare: (t) => {
      copyFileSync(base, t.db);
      return ['undo', String(firstImport)];
    },
    kept: /^$/,
    volatile: { change_sets: ['uuid', 'at'], pair_history: ['at'], pairs: ['deleted_at'] },
  },
];

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  base = join(dir, 'base.sqlite');
  bk = join(dir, 'bk.sqlite');
  const rows = Array.from({ length: PAIRS }, (_, i) => `Zin ${i} over de gevangenis in Hasaka.\tSentence ${i} about the prison in Hasaka.\n`);
  writeFileSync(join(dir, 'a.tsv'), rows.slice(0, PAIRS - LATER).join(''));
  writeFileSync(join(dir, 'b.tsv'), rows.slice(PAIRS - LATER).join(''));
  expect((await cli(['--db', base, 'import', join(dir, 'a.tsv')])).status).toBe(0);
  expect((await cli(['--db', base, 'backup', bk])).status).toBe(0);
  expect((await cli(['--db', base, 'import', join(dir, 'b.tsv')])).status).toBe(0);
  const changes = JSON.parse((await cli(['--db', base, 'changes', '--json'])).stdout).changes as { id: number; command: string }[];
  firstImport = Math.min(...changes.filter((c) => c.command === 'import').map((c) => c.id));
  // Written once; each trial of the upgrade gets a copy.
  oldSchema = join(dir, 'old-schema.sqlite');
  writeOldSchema(oldSchema, SCHEMA_VERSION - 1, (raw) => {
    const insert = raw.prepare(
      `INSERT INTO pairs (kind, source, target, source_norm, target_norm, source_len, target_len, status,
                          approved_by, approved_at, changed_by, changed_at)
       VALUES ('segment', ?, ?, ?, ?, ?, ?, 'approved', 'anna', '2024-01-01T00:00:00.000Z', 'anna', '2024-01-01T00:00:00.000Z')`,
    );
    for (let i = 0; i < PAIRS; i++) {
      const nl = `zin ${i} over de gevangenis in hasaka.`;
      const en = `sentence ${i} about the prison in hasaka.`;
      insert.run(nl, en, nl, en, nl.length, en.length);
    }
  });
});
afterAll(() => cleanup());

interface Kill {
  step: string;
  /** Held at the step and killed there, or killed `delay` ms after it. */
  held: boolean;
  delay: number;
}

/** Runs one trial: the command, killed at or after `kill.step` (or run whole, in-process: no kill, so no process needed). */
async function trial(s: Scenario, folder: string, kill: Kill | null) {
  mkdirSync(folder);
  const t: Trial = { folder, db: join(folder, 'tm.sqlite') };
  const args = s.prepare(t);
  const old = { tm: contents(t.db, s.volatile), target: s.target ? readFileSync(join(folder, s.target.name), 'utf8') : '' };
  if (!kill) {
    const whole = await cli(['--db', t.db, ...args]);
    expect(whole.status, whole.stderr).toBe(0);
    return { t, old, killed: false };
  }
  const env: Record<string, string> = { NTM_TEST_STEPS: '1' };
  if (kill?.held) env.NTM_TEST_PAUSE = `${kill.step}=20000`;
  const p = start(['--db', t.db, ...args], { env });
  void p.waitFor(new RegExp(`ntm-step: ${kill.step}\\n`)).then(async () => {
    if (!kill.held) await sleep(kill.delay);
    p.child.kill('SIGKILL');
  });
  const end = await p.done;
  return { t, old, killed: end.signal === 'SIGKILL' };
}

it(`SIGKILL at ${TRIALS} seeded moments of each of ${SCENARIOS.map((s) => s.name).join(', ')}: old or new, kept copies whole`, async () => {
  const results = await Promise.all(
    SCENARIOS.map(async (s, n) => {
      const sub = join(dir, `scenario-${n}`);
      mkdirSync(sub);
      // The outcome of a run that is not killed.
      const whole = await trial(s, join(sub, 'whole'), null);
      const next = { tm: contents(whole.t.db, s.volatile), target: s.target ? readFileSync(join(whole.t.folder, s.target.name), 'utf8') : '' };
      // The command changes something, or old and new could not be told apart.
      if (s.target) expect(next.target).not.toBe(whole.old.target);
      else expect(next.tm).not.toBe(whole.old.tm);
      const random = seeded(0x14c0de + n);
      const tally = { old: 0, new: 0, killed: 0 };
      for (let i = 0; i < TRIALS; i++) {
        const kill = { step: s.steps[Math.floor(random() * s.steps.length)]!, held: i % 2 === 0, delay: Math.floor(random() * 20) };
        const what = `${s.name}, trial ${i}: killed ${kill.held ? 'at' : `${kill.delay} ms after`} ${kill.step}`;
        const { t, old, killed } = await trial(s, join(sub, `trial-${i}`), kill);
        if (killed) tally.killed++;
        expect(integrity(t.db), what).toBe('ok');
        const tm = contents(t.db, s.volatile);
        expect([old.tm, next.tm], what).toContain(tm);
        if (s.target) {
          const target = readFileSync(join(t.folder, s.target.name), 'utf8');
          expect([old.target, next.target], what).toContain(target);
          if (target === next.target) tally.new++;
          else tally.old++;
        } else if (tm === next.tm && tm !== old.tm) tally.new++;
        else tally.old++;
        for (const f of readdirSync(t.folder)) {
          if (/^tm\.sqlite(-wal|-shm|-journal)?$/.test(f) || f === s.target?.name) continue;
          if (s.kept.test(f)) {
            expect(integrity(join(t.folder, f)), `${what}: ${f}`).toBe('ok');
            expect(contents(join(t.folder, f), s.volatile), `${what}: ${f} is not the TM as it was`).toBe(old.tm);
            continue;
          }
          // Anything else is visibly temporary, never a file the user might take for a copy.
          expect(f, `${what}: left ${f}`).toMatch(/\.partial-\d+(-journal|-wal|-shm)?$|\.restoring-\d+(-journal|-wal|-shm)?$|^\.out\.tmx\.ntm-[0-9a-f]+\.tmp$/);
        }
      }
      return { name: s.name, ...tally };
    }),
  );
  console.log(`crash matrix: ${results.map((r) => `${r.name}: ${r.killed} killed, ${r.old} old, ${r.new} new`).join('; ')}`);
  for (const r of results) {
    // Kills must land inside the work, or the matrix proves little.
    expect(r.killed, r.name).toBeGreaterThanOrEqual(TRIALS / 2);
    expect(r.old, r.name).toBeGreaterThan(0);
  }
}, 120_000);
