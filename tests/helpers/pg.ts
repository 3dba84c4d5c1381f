// The throwaway PostgreSQL cluster of the desk tests, with types: the implementation is
// scripts/pg-cluster.mjs, which the desk benchmark shares.
import * as impl from '../../scripts/pg-cluster.mjs';

/** Under CI a missing PostgreSQL fails the desk tests; on a developer's machine they are skipped. */
export const PG_REQUIRED: boolean = impl.PG_REQUIRED;

/** The superuser's password in every throwaway cluster (it only ever listens on loopback). */
export const ADMIN_PASSWORD: string = impl.ADMIN_PASSWORD;

/** The folder holding initdb and postgres, or null. */
export const pgBinDir: () => string | null = impl.pgBinDir;

/** Whether the desk tests can run here; under CI they must. */
export const pgAvailable: () => boolean = impl.pgAvailable;

export interface Cluster {
  port: number;
  /** A postgres:// URL without a password (the password goes in PGPASSWORD, as a user would). */
  url(user?: string, database?: string): string;
  /** The environment a client needs to log in as `user` with `password`. */
  env(user: string, password: string): Record<string, string>;
  /** Runs SQL as the superuser (or `as`) and returns the rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], as?: { user: string; password: string; database?: string }): Promise<T[]>;
  /** Runs psql as `user`; the result of the process. */
  psql(sql: string, user: string, password: string, database?: string): { status: number | null; stdout: string; stderr: string };
  /** Runs each statement in one psql as `user`; whether each failed, in order, and what psql said. */
  psqlEach(statements: string[], user: string, password: string, database?: string): { failed: boolean[]; stderr: string };
  /** Creates a login role with a password, member of `role` when given. */
  createLogin(name: string, password: string, role?: string): Promise<void>;
  /** Creates a fresh database. */
  createDatabase(name: string): Promise<void>;
  /** Stops the server (fast shutdown) and starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** Starts a throwaway cluster; throws (with the server's log) if it does not come up. */
export const startCluster: () => Promise<Cluster> = impl.startCluster as () => Promise<Cluster>;
