// The sync after every write command on a TM that has joined a desk: seal the change, then
// push and pull if the desk answers within a short time. It never fails the command.
import type { Database } from 'better-sqlite3';
import { sealChanges } from '../store/desk-seal.js';
import { describeConflict } from './conflicts.js';
import { offline, syncDesk } from './sync.js';

/** Default wait for the desk after a write, in milliseconds ($NTM_SYNC_TIMEOUT; 0 = do not sync). */
export const AUTO_SYNC_TIMEOUT_MS = 2000;

/** Seals what `command` wrote and syncs when the desk is reachable; notes go to `note`. */
export async function afterWrite(db: Database, env: Record<string, string | undefined>, command: string, note: (line: string) => void): Promise<void> {
  sealChanges(db, command);
  const raw = env.NTM_SYNC_TIMEOUT;
  const timeoutMs = raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : AUTO_SYNC_TIMEOUT_MS;
  if (timeoutMs === 0) return;
  try {
    const r = await syncDesk(db, env, timeoutMs);
    for (const c of r.conflicts) note(`ntm: ${describeConflict(c)}`);
  } catch (err) {
    const why = (err as Error).message ?? String(err);
    note(
      offline(err)
        ? 'ntm: the desk cannot be reached now; your change is kept here and goes with the next sync ("ntm desk status").'
        : `ntm: stored here, but not synced: ${why}`,
    );
  }
}
