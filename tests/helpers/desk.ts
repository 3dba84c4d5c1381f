// What the desk tests share: the one throwaway cluster (started by tests/desk/desk.test.ts
// for all of them), a fresh desk database per test, local TMs joined to it, a digest of a TM
// as the desk shares it, and change sets written by hand, pushed straight through the desk's
// push function as another TM (or a hand-written client) would.
import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunResult } from './cli.js';
import { ADMIN_PASSWORD, type Cluster } from './pg.js';
import { cli } from './run.js';

/** The cluster of this run, set by tests/desk/desk.test.ts before any case runs. */
export const shared: { cluster: Cluster | null; dir: string } = { cluster: null, dir: '' };

export function cluster(): Cluster {
  if (!shared.cluster) throw new Error('the desk cluster is not running (run the desk tests through tests/desk/desk.test.ts)');
  return shared.cluster;
}

export const admin = { PGPASSWORD: ADMIN_PASSWORD };

/** The people every desk database knows: logins made once per cluster. */
export const PEOPLE = {
  erik: { password: 'erik-pw', role: 'ntm_desk' },
  eva: { password: 'eva-pw', role: 'ntm_desk' },
  anna: { password: 'anna-pw', role: 'ntm_translator' },
  bob: { password: 'bob-pw', role: null },
} as const;
export type Person = keyof typeof PEOPLE;

let databases = 0;

/** A new desk database (schema made by `ntm desk init`); returns its name. */
export async function newDesk(prefix = 'room'): Promise<string> {
  const name = `${prefix}${++databases}`;
  await cluster().createDatabase(name);
  const init = await cli(['desk', 'init', cluster().url('postgres', name)], { env: admin });
  expect(init.status, init.stderr).toBe(0);
  return name;
}

/** Creates the logins of PEOPLE (after the first init made the roles). */
export async function createPeople(): Promise<void> {
  for (const [name, p] of Object.entries(PEOPLE)) await cluster().createLogin(name, p.password, p.role ?? undefined);
}

/** The environment `who` runs ntm with: their password, their name as the writer. */
export function envOf(who: Person, more: Record<string, string> = {}): Record<string, string> {
  return { PGPASSWORD: PEOPLE[who].password, NTM_USER: who, ...more };
}

/** A local TM of `who`, joined to desk `name`; `run` runs ntm on it in-process. */
export interface Tm {
  db: string;
  who: Person;
  run(args: string[], env?: Record<string, string>): Promise<RunResult>;
}

let tms = 0;

/** Joins a new TM of `who` to desk `name`. */
export async function joinedTm(name: string, who: Person): Promise<Tm> {
  const db = join(shared.dir, `${name}-${who}-${++tms}.sqlite`);
  const r = await cli(['--db', db, 'desk', 'join', cluster().url(who, name)], { env: envOf(who) });
  expect(r.status, r.stderr).toBe(0);
  return { db, who, run: (args, env = {}) => cli(['--db', db, ...args], { env: envOf(who, env) }) };
}

/** No sync after a write: the change waits, as when the desk cannot be reached. */
export const OFFLINE = { NTM_SYNC_TIMEOUT: '0' };

/** Runs ntm and expects success; returns stdout parsed as JSON when asked for --json. */
// biome-ignore lint/suspicious/noExplicitAny: each command's --json has its own shape; the tests read the fields they assert
export async function ok(tm: Tm, args: string[], env: Record<string, string> = {}): Promise<any> {
  const r = await tm.run(args, env);
  expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return args.includes('--json') ? JSON.parse(r.stdout) : r;
}

/** Points a TM's desk link at another URL (as if the server moved, or went away); returns the old one. */
export function setDeskUrl(path: string, url: (old: string) => string): string {
  const db = new Database(path);
  try {
    const old = db.prepare(`SELECT url FROM desk`).pluck().get() as string;
    db.prepare(`UPDATE desk SET url = ?`).run(url(old));
    return old;
  } finally {
    db.close();
  }
}

/** A desk URL on a port where nothing listens. */
export const unreachable = (url: string): string => url.replace(/:\d+\//, ':1/');

/** Reads a TM with SQL (read-only). */
export function query<T = Record<string, unknown>>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The live pairs as the desk shares them (local ids and usage left out). */
export function livePairs(path: string): Record<string, unknown>[] {
  return query(
    path,
    `SELECT p.uuid, p.kind, p.source, p.target, p.status, p.approved_by, p.approved_at, p.changed_by, p.changed_at, p.ref, p.note,
            (SELECT json_group_array(tag) FROM (SELECT tag FROM pair_tags t WHERE t.pair_id = p.id ORDER BY tag)) AS tags
     FROM pairs p WHERE p.deleted_at IS NULL ORDER BY p.uuid`,
  );
}

/**
 * The TM as the desk shares it: its live pairs, and its history as (change set in the desk's
 * order, the pairs it touched); with a hash of both.
 */
export function digest(path: string): { live: unknown[]; history: unknown[]; hash: string } {
  const live = livePairs(path);
  const changes = query<{ seq: number; change: string; command: string; by: string }>(
    path,
    `SELECT d.seq, c.uuid AS change, c.command, c.by FROM desk_changes d JOIN change_sets c ON c.id = d.change_id
     WHERE d.seq IS NOT NULL ORDER BY d.seq`,
  );
  const touched = query<{ change: string; pair: string }>(
    path,
    `SELECT DISTINCT c.uuid AS change, p.uuid AS pair FROM pair_history h JOIN change_sets c ON c.id = h.change_id
     JOIN desk_changes d ON d.change_id = c.id JOIN pairs p ON p.id = h.pair_id WHERE d.seq IS NOT NULL ORDER BY p.uuid`,
  );
  const pairsOf = new Map<string, string[]>();
  for (const t of touched) pairsOf.set(t.change, [...(pairsOf.get(t.change) ?? []), t.pair]);
  const history = changes.map((c) => ({ ...c, pairs: pairsOf.get(c.change) ?? [] }));
  const hash = createHash('sha256').update(JSON.stringify({ live, history })).digest('hex');
  return { live, history, hash };
}

/** What tells TMs' digests apart (each against the first), as lines a person can read. */
export function difference(names: string[], digests: ReturnType<typeof digest>[]): string {
  const lines: string[] = [];
  const key = (x: unknown) => JSON.stringify(x);
  for (let i = 1; i < digests.length; i++) {
    for (const what of ['live', 'history'] as const) {
      const a = new Set(digests[0]![what].map(key));
      const b = new Set(digests[i]![what].map(key));
      for (const x of a) if (!b.has(x)) lines.push(`${what} only in ${names[0]}'s TM, not ${names[i]}'s: ${x}`);
      for (const x of b) if (!a.has(x)) lines.push(`${what} only in ${names[i]}'s TM, not ${names[0]}'s: ${x}`);
    }
  }
  return lines.join('\n');
}

/** Expects the TMs to hold the same live pairs and history; says how they differ if not. */
export function expectSameTms(...tms: Tm[]): void {
  const digests = tms.map((t) => digest(t.db));
  const names = tms.map((t) => t.who);
  for (const d of digests.slice(1)) expect(d.hash, difference(names, digests)).toBe(digests[0]!.hash);
}

export interface HandChange {
  uuid: string;
  command: string;
  author: string;
  made_at: string;
  ops: { pair: string; action: string; base: string | null; state: Record<string, unknown> }[];
}

/** A one-op change set: `action` on a pair (a new pair unless `pair` is given). */
export function statePair(
  action: 'add' | 'edit' | 'delete' | 'restore',
  source: string,
  target: string,
  o: { kind?: string; status?: string; pair?: string; base?: string | null; by?: string } = {},
): HandChange {
  const at = new Date().toISOString();
  const by = o.by ?? 'hand';
  return {
    uuid: randomUUID(),
    command: action,
    author: by,
    made_at: at,
    ops: [
      {
        pair: o.pair ?? randomUUID(),
        action,
        base: o.base ?? null,
        state: {
          kind: o.kind ?? 'segment',
          source,
          target,
          status: o.status ?? 'approved',
          approvedBy: by,
          approvedAt: at,
          changedBy: by,
          changedAt: at,
          ref: null,
          note: null,
          tags: [],
        },
      },
    ],
  };
}

/** Pushes change sets as `who`; returns their seqs. */
export async function pushAs(database: string, who: Person, changes: HandChange[]): Promise<number[]> {
  const rows = await cluster().query<{ seq: string }>(`SELECT seq FROM ntm.push($1::jsonb)`, [JSON.stringify(changes)], {
    user: who,
    password: PEOPLE[who].password,
    database,
  });
  return rows.map((r) => Number(r.seq));
}

/** Runs SQL on desk `database` as the administrator. */
export function asAdmin<T = Record<string, unknown>>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return cluster().query<T>(sql, params, { user: 'postgres', password: ADMIN_PASSWORD, database });
}
