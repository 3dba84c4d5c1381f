// Loose types for scripts/pg-cluster.mjs; tests/helpers/pg.ts states the precise ones.
export const PG_REQUIRED: boolean;
export const ADMIN_PASSWORD: string;
export function pgBinDir(): string | null;
export function pgAvailable(): boolean;
export function startCluster(): Promise<unknown>;
