#!/usr/bin/env node
// The desk on a throwaway PostgreSQL cluster (scripts/pg-cluster.mjs):
//   1. first join of a desk holding 100k and 1M pairs (`ntm desk join`, COPY into the local
//      TM in one transaction): time and peak RSS of the joining process;
//   2. a sync of 1,000 new change sets: pushing 1,000 made here, and pulling 1,000 made
//      elsewhere (target ≤ 2 s each);
//   3. 20 clients syncing 100 change sets each at the same moment, then once more each:
//      time, and whether all 20 TMs converged (same digest).
// Pairs come from ../shared/corpora (real sentences and variants of them, see bench/corpus.js).
// Usage: node scripts/bench-desk.mjs [--sizes 100000,1000000]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadRealPairs, tmPairs } from './bench/corpus.js';
import { ADMIN_PASSWORD, startCluster } from './pg-cluster.mjs';
import { openStore } from '../dist/store/open.js';
import { addPair } from '../dist/store/pairs.js';
import { inChangeSet } from '../dist/store/changes.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const sizesAt = args.indexOf('--sizes');
const sizes = (sizesAt >= 0 ? args[sizesAt + 1] : '100000,1000000').split(',').map(Number);
const work = mkdtempSync(join(tmpdir(), 'ntm-bench-desk-'));
const MEASURED = join(root, 'scripts', 'bench', 'measured.js');
const BIN = join(root, 'bin', 'ntm.js');

/** Runs ntm in a child process; resolves with wall ms, peak RSS MiB, CPU s, exit code, output. */
function ntm(argv, env, measured = true) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [measured ? MEASURED : BIN, ...argv], { env: { PATH: process.env.PATH, HOME: work, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      const m = /BENCH (\{.*\})/.exec(err);
      const bench = m ? JSON.parse(m[1]) : null;
      resolve({ ms, code, out, err, rssMiB: bench ? bench.maxRssKiB / 1024 : null, cpuS: bench?.cpuMs != null ? bench.cpuMs / 1000 : null });
    });
  });
}

/** Fills a desk with `n` pairs as change sets of 10,000 adds, written straight into its tables. */
async function fillDesk(cluster, database, n, pairs) {
  const c = new pg.Client({ host: '127.0.0.1', port: cluster.port, user: 'postgres', password: ADMIN_PASSWORD, database });
  c.on('error', () => {});
  await c.connect();
  const at = '2024-01-01T00:00:00.000Z';
  const per = 10_000;
  const esc = (s) => s.replace(/\\/g, '\\\\');
  let i = 0;
  const changes = [];
  function* opsRows() {
    for (const p of tmPairs(pairs, n)) {
      // A variant cut inside a character (a lone surrogate): no TM could hold it.
      if (/\p{Cs}/u.test(p.source + p.target)) continue;
      const seq = Math.floor(i / per) + 1;
      const nOp = (i % per) + 1;
      if (nOp === 1) changes.push(seq);
      const state = {
        kind: 'segment',
        source: p.source,
        target: p.target,
        status: 'approved',
        approvedBy: 'desk',
        approvedAt: at,
        changedBy: 'desk',
        changedAt: at,
        ref: null,
        note: null,
        tags: [],
      };
      const uuid = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      i++;
      yield `${seq}\t${nOp}\t${uuid}\tadd\t${esc(JSON.stringify(state))}\t\\N\n`;
    }
  }
  await c.query('BEGIN');
  await c.query(
    `INSERT INTO ntm.changes (seq, uuid, command, author, login, role, made_at)
    SELECT s, gen_random_uuid(), 'import', 'desk', 'postgres', 'desk', now() FROM generate_series(1, $1::int) s`,
    [Math.ceil(n / per)],
  );
  await pipeline(Readable.from(opsRows()), c.query(copyFrom(`COPY ntm.ops (seq, n, pair, action, state, overrode) FROM STDIN`)));
  await c.query(`INSERT INTO ntm.pairs (pair, status, deleted, last_seq, last_change)
    SELECT o.pair, 'approved', false, o.seq, c.uuid FROM ntm.ops o JOIN ntm.changes c ON c.seq = o.seq`);
  await c.query('COMMIT');
  await c.end();
  return i;
}

/** Live pairs and the desk's history as a TM holds them, as one hash (see tests/helpers/desk.ts). */
function digest(path) {
  const db = new Database(path, { readonly: true });
  const live = db.prepare(`SELECT uuid, kind, source, target, status, approved_by FROM pairs WHERE deleted_at IS NULL ORDER BY uuid`).all();
  const history = db
    .prepare(
      `SELECT d.seq, c.uuid, (SELECT count(DISTINCT pair_id) FROM pair_history h WHERE h.change_id = c.id) AS pairs
       FROM desk_changes d JOIN change_sets c ON c.id = d.change_id WHERE d.seq IS NOT NULL ORDER BY d.seq`,
    )
    .all();
  db.close();
  return createHash('sha256').update(JSON.stringify({ live, history })).digest('hex');
}

/** Makes `count` change sets of one new pair each in a joined TM, as `count` add commands would (without their syncs). */
function makeChanges(path, count, tag) {
  const s = openStore(path, { create: false });
  for (let k = 0; k < count; k++) {
    const pair = { kind: 'segment', source: `Bericht ${k} van ${tag} over de haven.`, target: `Report ${k} from ${tag} about the port.`, by: tag };
    inChangeSet(s.db, { command: 'add', by: tag }, () => addPair(s.db, pair));
  }
  s.close();
}

const loadBefore = loadavg()[0];
const cluster = await startCluster();
const rows = [];
try {
  const { pairs } = loadRealPairs(root);
  await cluster.query(`CREATE DATABASE desk0`);
  const init = await ntm(['desk', 'init', cluster.url('postgres', 'desk0')], { PGPASSWORD: ADMIN_PASSWORD }, false);
  if (init.code !== 0) throw new Error(init.err);
  await cluster.createLogin('anna', 'anna-pw', 'ntm_desk');
  const env = { PGPASSWORD: 'anna-pw', NTM_USER: 'anna' };

  // 1. First join.
  for (const size of sizes) {
    const name = `join${size}`;
    await cluster.query(`CREATE DATABASE ${name}`);
    await ntm(['desk', 'init', cluster.url('postgres', name)], { PGPASSWORD: ADMIN_PASSWORD }, false);
    const stored = await fillDesk(cluster, name, size, pairs);
    const db = join(work, `${name}.sqlite`);
    const r = await ntm(['--db', db, 'desk', 'join', '--json', cluster.url('anna', name)], env);
    if (r.code !== 0) throw new Error(r.err);
    const j = JSON.parse(r.out);
    rows.push(
      `| first join of ${stored.toLocaleString('en')} pairs | ${(r.ms / 1000).toFixed(1)} s (ntm's CPU ${r.cpuS?.toFixed(1)} s) | ${r.rssMiB?.toFixed(0)} MiB | ${j.pairs.toLocaleString('en')} pairs live in the TM |`,
    );
    rmSync(db, { force: true });
  }

  // 2. A sync of 1,000 new change sets each way.
  const a = join(work, 'a.sqlite');
  const b = join(work, 'b.sqlite');
  for (const db of [a, b]) {
    const r = await ntm(['--db', db, 'desk', 'join', cluster.url('anna', 'desk0')], env, false);
    if (r.code !== 0) throw new Error(r.err);
  }
  makeChanges(a, 1000, 'a');
  const push = await ntm(['--db', a, 'sync', '--json'], env);
  const pull = await ntm(['--db', b, 'sync', '--json'], env);
  rows.push(`| sync pushing 1,000 new change sets | ${(push.ms / 1000).toFixed(2)} s | ${push.rssMiB?.toFixed(0)} MiB | ${push.out.trim()} |`);
  rows.push(`| sync pulling 1,000 new change sets | ${(pull.ms / 1000).toFixed(2)} s | ${pull.rssMiB?.toFixed(0)} MiB | ${pull.out.trim()} |`);

  // 3. 20 clients, 100 change sets each, syncing at the same moment.
  const clients = Array.from({ length: 20 }, (_, k) => join(work, `c${k}.sqlite`));
  for (const db of clients) {
    const r = await ntm(['--db', db, 'desk', 'join', cluster.url('anna', 'desk0')], env, false);
    if (r.code !== 0) throw new Error(r.err);
  }
  clients.forEach((db, k) => {
    makeChanges(db, 100, `c${k}`);
  });
  const t0 = performance.now();
  const first = await Promise.all(clients.map((db) => ntm(['--db', db, 'sync', '--json'], env)));
  const firstMs = performance.now() - t0;
  const second = await Promise.all(clients.map((db) => ntm(['--db', db, 'sync', '--json'], env)));
  const allMs = performance.now() - t0;
  const failed = [...first, ...second].filter((r) => r.code !== 0).length;
  const digests = new Set(clients.map(digest));
  const pushed = first.reduce((s, r) => s + (r.code === 0 ? JSON.parse(r.out).pushed : 0), 0);
  rows.push(
    `| 20 clients × 100 change sets, syncing at once | ${(firstMs / 1000).toFixed(1)} s (all converged after a second round: ${(allMs / 1000).toFixed(1)} s) | ${Math.max(...first.map((r) => r.rssMiB ?? 0)).toFixed(0)} MiB per client | pushed ${pushed}; failed syncs ${failed}; ${digests.size === 1 ? 'all 20 TMs identical' : `${digests.size} different TMs`} |`,
  );
} catch (err) {
  process.stderr.write(`bench-desk failed: ${err.stack ?? err}\n`);
  process.exitCode = 1;
} finally {
  await cluster.stop();
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(
  `\nDesk (${cpus().length} cores, load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after):\n\n| what | time | peak RSS | result |\n|---|---|---|---|\n${rows.join('\n')}\n`,
);
