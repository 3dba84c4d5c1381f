// What the desk commands do, between a local TM and the desk's server: init, join, status.
// The commands in src/cli/ open the TM, render, and call these.
import type { Database } from 'better-sqlite3';
import { DeskError } from '../core/errors.js';
import { deskLink, deskTransaction, livePairCount, moveDeskLink, pendingCount, saveDeskLink, tmIsEmpty, type DeskLink } from '../store/desk.js';
import { connectDesk, deskError, isOffline, parseDeskUrl, type DeskAddress } from './connect.js';
import { countOpsAfter, pullAfter } from './pull.js';
import { checkDesk, initDesk, SERVER_SCHEMA_VERSION, whoIsThere, type InitResult } from './server-schema.js';

type Env = Record<string, string | undefined>;

/** How long an explicit desk command waits to connect. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Creates or upgrades the desk on the server at `rawUrl` (as an administrator). */
export async function initServer(rawUrl: string, env: Env): Promise<InitResult & { address: DeskAddress }> {
  const address = parseDeskUrl(rawUrl, env);
  const client = await connectDesk(address, env, { timeoutMs: CONNECT_TIMEOUT_MS });
  try {
    return { ...(await initDesk(client, undefined, address.label)), address };
  } catch (err) {
    throw deskError(err, address);
  } finally {
    await client.end().catch(() => {});
  }
}

/** What a join found and did. */
export interface JoinResult {
  address: DeskAddress;
  already: boolean;
  role: 'desk' | 'translator';
  login: string;
  changes: number;
  pairs: number;
}

/** The server side of a join, checked before the local TM is touched. */
export interface DeskHello {
  address: DeskAddress;
  deskId: string;
  login: string;
  role: 'desk' | 'translator';
  close(): Promise<void>;
  client: import('pg').Client;
}

/** Connects to a desk and checks its schema and this login's role. */
export async function hello(rawUrl: string | DeskAddress, env: Env, timeoutMs = CONNECT_TIMEOUT_MS): Promise<DeskHello> {
  const address = typeof rawUrl === 'string' ? parseDeskUrl(rawUrl, env) : rawUrl;
  const client = await connectDesk(address, env, { timeoutMs });
  try {
    const { login, role, desk } = await whoIsThere(client);
    // A login without a role cannot read the desk's tables: say that, unless there is no
    // desk there at all.
    if (!role) {
      if (!desk) await checkDesk(client, address.label, false);
      throw new DeskError(
        `${login} may not use the desk at ${address.label}: ask IT to run GRANT ntm_translator TO "${login}" (or ntm_desk for an editor). Nothing was changed.`,
      );
    }
    const deskId = await checkDesk(client, address.label, desk);
    // Closing does not wait for the server to see the connection go: the work is committed
    // by then, and a sync after each write should not wait a round trip longer for nothing.
    const close = async () => void client.end().catch(() => {});
    return { address, deskId, login, role, client, close };
  } catch (err) {
    await client.end().catch(() => {});
    throw deskError(err, address);
  }
}

/**
 * Links the TM to the desk and copies the desk's whole history into it, in one local
 * transaction: an interrupted join leaves the TM as it was.
 */
export async function joinDesk(
  db: Database,
  desk: DeskHello,
  onProgress?: (done: number, total: number) => void,
  step?: (name: string) => void,
): Promise<JoinResult> {
  const { address, client } = desk;
  const link = deskLink(db);
  if (link) {
    if (link.deskId !== desk.deskId) {
      throw new DeskError(`this TM belongs to another desk (${link.label}); join ${address.label} with a new TM (--db). Nothing was changed.`);
    }
    if (link.url !== address.url) moveDeskLink(db, address.url, address.label);
    return { address, already: true, role: link.role, login: link.login, changes: 0, pairs: 0 };
  }
  if (!tmIsEmpty(db)) {
    throw new DeskError(
      'this TM already holds pairs of its own; join the desk with a new, empty TM (--db new.sqlite), then bring your pairs in with "ntm import" so that they reach the desk as your changes. Nothing was changed.',
    );
  }
  const total = onProgress ? await countOpsAfter(client, 0) : 0;
  try {
    const pulled = await deskTransaction(db, async () => {
      saveDeskLink(db, {
        url: address.url,
        label: address.label,
        deskId: desk.deskId,
        login: desk.login,
        role: desk.role,
        joinedAt: new Date().toISOString(),
        lastSeq: 0,
      });
      return pullAfter(db, client, 0, { fresh: true, onProgress: onProgress ? (n) => onProgress(n, total) : undefined, step });
    });
    const pairs = livePairCount(db);
    return { address, already: false, role: desk.role, login: desk.login, changes: pulled.changes, pairs };
  } catch (err) {
    throw deskError(err, address);
  }
}

/** What `ntm desk status` reports. */
export interface DeskStatus {
  link: DeskLink;
  pending: number;
  server: { reachable: true; ahead: number; role: 'desk' | 'translator' | null } | { reachable: false; reason: string };
}

/** The link, what waits to be pushed, and (if the desk answers in time) what waits to be pulled. */
export async function deskStatus(db: Database, env: Env, timeoutMs: number): Promise<DeskStatus | null> {
  const link = deskLink(db);
  if (!link) return null;
  const pending = pendingCount(db);
  const address: DeskAddress = { url: link.url, label: link.label };
  let server: DeskStatus['server'];
  try {
    const h = await hello(address, env, timeoutMs);
    try {
      const r = await h.client.query(`SELECT count(*)::bigint AS n FROM ntm.changes WHERE seq > $1`, [link.lastSeq]);
      server = { reachable: true, ahead: Number(r.rows[0].n), role: h.role };
    } finally {
      await h.close();
    }
  } catch (err) {
    if (!(err instanceof DeskError) && !isOffline(err)) throw err;
    server = { reachable: false, reason: (err as Error).message };
  }
  return { link, pending, server };
}

export { SERVER_SCHEMA_VERSION };
