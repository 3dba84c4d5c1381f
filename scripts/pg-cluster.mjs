// A throwaway PostgreSQL cluster for the desk tests (tests/helpers/pg.ts gives it types) and
// the desk benchmark: initdb in a temp folder (as the `postgres` user when we run as root,
// since the server refuses to run as root), a free port on 127.0.0.1, no Unix socket, and
// everything removed afterwards. Durability is switched off: the cluster lives for one test
// file or one benchmark run.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Under CI (CI set, as every CI service does: "true", "1", …) a missing PostgreSQL fails the
 * desk tests; on a developer's machine they are skipped.
 */
export const PG_REQUIRED = !['', '0', 'false'].includes((process.env.CI ?? '').trim().toLowerCase());

/** The folder holding initdb and postgres: $NTM_PG_BINDIR, else the newest Debian cluster version, else pg_config's. */
export function pgBinDir() {
  const fromEnv = process.env.NTM_PG_BINDIR;
  if (fromEnv) return existsSync(join(fromEnv, 'initdb')) ? fromEnv : null;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v) && existsSync(join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], 'bin');
  }
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = r.status === 0 ? r.stdout.trim() : '';
  return dir && existsSync(join(dir, 'initdb')) ? dir : null;
}

/** Whether the desk tests can run here; under CI they must. */
export function pgAvailable() {
  return pgBinDir() !== null;
}

/** The superuser's password in every throwaway cluster (it only ever listens on loopback). */
export const ADMIN_PASSWORD = 'ntm-test-admin';

/** Who runs the server: the `postgres` user when we are root, else ourselves. */
function serverOwner() {
  if (process.getuid?.() !== 0) return null;
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) throw new Error('running as root, but there is no "postgres" user to run the test server');
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts a throwaway cluster; throws (with the server's log) if it does not come up. */
export async function startCluster() {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (no initdb found); .ci/run installs Debian\'s "postgresql"');
  const owner = serverOwner();
  // The folder must be reachable by the server's user even when the repository (or TMPDIR)
  // sits in a private home folder: as root, /tmp (searchable by all), handed to that user.
  const base = mkdtempSync(join(owner && existsSync('/tmp') ? '/tmp' : tmpdir(), 'ntm-pg-'));
  chmodSync(base, 0o700);
  if (owner) chownSync(base, owner.uid, owner.gid);
  const data = join(base, 'data');
  const pwfile = join(base, 'pw');
  writeFileSync(pwfile, `${ADMIN_PASSWORD}\n`, { mode: 0o600 });
  if (owner) chownSync(pwfile, owner.uid, owner.gid);
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '--no-sync', '-U', 'postgres', `--pwfile=${pwfile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'],
    { cwd: base, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' }, ...asOwner },
  );
  if (init.status !== 0) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  }
  rmSync(pwfile);
  const logFile = join(base, 'server.log');
  let port = 0;
  let server = null;

  const launch = async () => {
    const log = openSync(logFile, 'a');
    if (owner) chownSync(logFile, owner.uid, owner.gid);
    const child = spawn(
      join(bin, 'postgres'),
      [
        '-D',
        data,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'shared_buffers=32MB',
        '-c',
        'max_connections=120',
        '-c',
        'max_wal_size=1GB',
      ],
      { cwd: base, stdio: ['ignore', log, log], env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' }, ...asOwner },
    );
    closeSync(log);
    server = child;
    let exited = false;
    child.once('exit', () => (exited = true));
    for (let i = 0; i < 300; i++) {
      if (exited) break;
      const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: ADMIN_PASSWORD, database: 'postgres' });
      try {
        await c.connect();
        await c.end();
        return;
      } catch {
        await c.end().catch(() => {});
        await sleep(50);
      }
    }
    throw new Error(`the test PostgreSQL did not start:\n${readFileSync(logFile, 'utf8')}`);
  };

  const shutdown = async () => {
    const child = server;
    server = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise((r) => child.once('exit', () => r()));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  };

  // A server left behind by a crashed test worker would hold the port and its folder.
  const onExit = () => {
    const child = server;
    if (child && child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', onExit);

  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (err) {
      await shutdown();
      if (attempt >= 2) {
        rmSync(base, { recursive: true, force: true });
        throw err;
      }
    }
  }

  const connection = (user, password, database = 'postgres') => ({ host: '127.0.0.1', port, user, password, database });

  // The tests' own questions (not ntm's) go through one open connection per login and
  // database: a new connection costs the server a process and the password exchange, more
  // than most of those questions. Connections end before the server stops or restarts; one
  // the server ends on its own is opened again next time.
  const clients = new Map();
  const clientFor = (user, password, database) => {
    const key = JSON.stringify([user, password, database]);
    const open = clients.get(key);
    if (open) return open;
    const client = new pg.Client(connection(user, password, database));
    const forget = () => {
      if (clients.get(key) === ready) clients.delete(key);
    };
    client.on('error', forget);
    client.on('end', forget);
    const ready = client.connect().then(
      () => client,
      (err) => {
        forget();
        throw err;
      },
    );
    clients.set(key, ready);
    return ready;
  };
  const closeClients = async () => {
    const all = [...clients.values()];
    clients.clear();
    await Promise.all(all.map((ready) => ready.then((c) => c.end()).catch(() => {})));
  };

  /** The server's version number (150004 for 15.4), once asked. */
  let serverVersion;
  const cluster = {
    port,
    url: (user = 'postgres', database = 'postgres') => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    env: (user, password) => ({ PGPASSWORD: password, PGUSER: user }),
    async query(sql, params = [], as) {
      const c = await (as ? clientFor(as.user, as.password, as.database ?? 'postgres') : clientFor('postgres', ADMIN_PASSWORD, 'postgres'));
      return (await c.query(sql, params)).rows;
    },
    psql(sql, user, password, database = 'postgres') {
      const r = spawnSync(
        join(bin, 'psql'),
        ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-c', sql],
        {
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' },
          timeout: 30_000,
        },
      );
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    psqlEach(statements, user, password, database = 'postgres') {
      // One psql for many statements: after each, psql's ERROR variable says whether it failed.
      const script = ['\\set ON_ERROR_STOP 0', ...statements.map((sql) => `${sql};\n\\echo ntm-result :ERROR`)].join('\n');
      const r = spawnSync(join(bin, 'psql'), ['-X', '-q', '-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-f', '-'], {
        input: script,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' },
        timeout: 30_000,
      });
      const failed = [...r.stdout.matchAll(/^ntm-result (true|false)$/gm)].map((m) => m[1] === 'true');
      return { failed, stderr: r.stderr };
    },
    async createLogin(name, password, role) {
      const ident = `"${name.replace(/"/g, '""')}"`;
      await cluster.query(`CREATE ROLE ${ident} LOGIN PASSWORD '${password.replace(/'/g, "''")}'${role ? ` IN ROLE ${role}` : ''}`);
    },
    async createDatabase(name) {
      // FILE_COPY (PostgreSQL 15 on, where the default became WAL_LOG): with durability off,
      // copying the template's files beats logging them page by page.
      serverVersion ??= Number((await cluster.query('SHOW server_version_num'))[0].server_version_num);
      const strategy = serverVersion >= 150000 ? ' STRATEGY FILE_COPY' : '';
      await cluster.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"${strategy}`);
    },
    async restart() {
      await closeClients();
      await shutdown();
      await launch();
    },
    async stop() {
      await closeClients();
      await shutdown();
      process.removeListener('exit', onExit);
      rmSync(base, { recursive: true, force: true });
    },
  };
  return cluster;
}
