// Reaching the desk's PostgreSQL server: the URL (kept without its password), the password
// from the usual places (PGPASSWORD, ~/.pgpass), and every way a connection can fail turned
// into one line a translator can act on.
import pg from 'pg';
import { parse, parseIntoClientConfig } from 'pg-connection-string';
import pgpass from 'pgpass';
import { DeskError } from '../core/errors.js';

/** Where the desk is: the URL as stored (never with a password) and how to name it to a person. */
export interface DeskAddress {
  /** postgres://user@host:port/database, without a password. */
  url: string;
  /** "user@host:port/database", for messages. */
  label: string;
  /** A password that came in the URL the user typed: used for this run, never stored. */
  passwordFromUrl?: string;
}

/** Parses a postgres:// URL; the password, if the user put one in, is kept apart. */
export function parseDeskUrl(raw: string, env: Record<string, string | undefined>): DeskAddress {
  const text = raw.trim();
  if (!/^postgres(ql)?:\/\//i.test(text)) {
    throw new DeskError(`"${raw}" is not a desk address; give a PostgreSQL URL such as postgres://anna@desk.example.org/newsroom`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DeskError(`"${redact(raw)}" is not a valid PostgreSQL URL.`);
  }
  const passwordFromUrl = url.password ? decodeURIComponent(url.password) : undefined;
  url.password = '';
  if (!url.username && env.PGUSER) url.username = encodeURIComponent(env.PGUSER);
  const clean = url.toString();
  const o = parse(clean);
  const user = o.user || env.PGUSER || env.USER || '';
  const host = o.host || env.PGHOST || 'localhost';
  const port = o.port || env.PGPORT || '5432';
  const database = o.database || env.PGDATABASE || user;
  return { url: clean, label: `${user}@${host}:${port}/${database}`, passwordFromUrl };
}

/** A URL with any password replaced, for messages. */
export function redact(raw: string): string {
  return raw.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

export interface ConnectOptions {
  /** Give up connecting after this long (the sync after a write uses a short one). */
  timeoutMs: number;
  /** The password typed in the URL for this run, if any. */
  password?: string;
}

/** The connection settings for `url`, with the environment filling what the URL leaves out. */
export function clientConfig(url: string, env: Record<string, string | undefined>, opts: ConnectOptions): pg.ClientConfig {
  const o = parseIntoClientConfig(url);
  const user = o.user || env.PGUSER || env.USER || undefined;
  const host = o.host || env.PGHOST || 'localhost';
  const port = Number(o.port || env.PGPORT || 5432);
  const database = o.database || env.PGDATABASE || user;
  return {
    ...o,
    user,
    host,
    port,
    database,
    connectionTimeoutMillis: opts.timeoutMs,
    application_name: 'ntm',
    keepAlive: true,
    // PGPASSWORD, else ~/.pgpass (or $PGPASSFILE), as psql does; never anything stored by ntm.
    password: async () => opts.password ?? env.PGPASSWORD ?? (await fromPgpass({ host, port: String(port), database, user })),
  };
}

function fromPgpass(info: { host: string; port: string; database?: string; user?: string }): Promise<string> {
  return new Promise((resolve) => pgpass(info, (password) => resolve(password ?? '')));
}

/** Connects to the desk, or throws a DeskError that says in one line what went wrong. */
export async function connectDesk(address: DeskAddress, env: Record<string, string | undefined>, opts: ConnectOptions): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(address.url, env, { ...opts, password: opts.password ?? address.passwordFromUrl }));
  // A server going away between queries is reported through the query that fails; without a
  // listener the client's 'error' event would end the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw deskError(err, address);
  }
  return client;
}

/** The SQLSTATE (or Node error code) of a failure, if it has one. */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the failure means the server could not be reached or went away (worth retrying later). */
export function isOffline(err: unknown): boolean {
  const code = errorCode(err);
  const message = (err as Error).message ?? '';
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'EPIPE',
      '57P01',
      '57P02',
      '57P03',
      '08006',
      '08003',
      '08001',
    ].includes(code ?? '') || /timeout|terminated|Connection terminated|not queryable|ended/i.test(message)
  );
}

/** A connection or query failure as one line for the user. */
export function deskError(err: unknown, address: DeskAddress): DeskError {
  if (err instanceof DeskError) return err;
  const code = errorCode(err);
  const message = ((err as Error).message ?? String(err)).split('\n')[0]!;
  const at = `the desk at ${address.label}`;
  const nothing = 'nothing was changed';
  switch (code) {
    case '28P01':
      return new DeskError(`${at} refused the login: wrong password (set PGPASSWORD or a line in ~/.pgpass); ${nothing}.`);
    case '28000':
      return new DeskError(`${at} refused the login: ${message}; ${nothing}.`);
    case '3D000':
      return new DeskError(`${at} does not exist: ${message}; ${nothing}.`);
    case '42501':
      return new DeskError(`${at} refused: ${message}; ${nothing}.`);
    case '57P03':
      return new DeskError(`${at} is starting up or shutting down; try again in a moment (${nothing}).`);
    case 'ECONNREFUSED':
      return new DeskError(`cannot reach ${at}: connection refused (is the server running?); ${nothing}.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DeskError(`cannot reach ${at}: the host name is unknown; ${nothing}.`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new DeskError(`cannot reach ${at}: no answer from the network; ${nothing}.`);
  }
  if (/password must be a (non-empty )?string|no password/i.test(message)) {
    return new DeskError(`${at} asks for a password: set PGPASSWORD or add a line to ~/.pgpass (ntm never stores it); ${nothing}.`);
  }
  if (/timeout/i.test(message)) return new DeskError(`cannot reach ${at}: no answer in time; ${nothing}.`);
  if (isOffline(err)) return new DeskError(`lost the connection to ${at} (${message}); ${nothing} that was not finished.`);
  return new DeskError(`${at}: ${message}`);
}
