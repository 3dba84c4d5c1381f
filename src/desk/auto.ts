// The sync after every write command on a TM that has joined a desk: push and pull if the
// desk answers within a short time. It never fails the command: offline, the change set waits
// in the TM (it is one of those `ntm desk status` counts) and goes with the next sync.
import type { Database } from 'better-sqlite3';
import { describeConflict } from './conflicts.js';
import { offline, syncDesk } from './sync.js';

/** Default wait for the desk after a write, in milliseconds ($NTM_SYNC_TIMEOUT; 0 = do not sync). */
export const AUTO_SYNC_TIMEOUT_MS = 2000;

/** Syncs when the desk is reachable; what the user should know goes to `note`. */
export async function afterWrite(
  db: Database,
  env: Record<string, string | undefined>,
  note: (line: string) => void,
  step?: (name: string) => void,
): Promise<void> {
  const raw = env.NTM_SYNC_TIMEOUT;
  const timeoutMs = raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : AUTO_SYNC_TIMEOUT_MS;
  if (timeoutMs === 0) return;
  try {
    const r = await syncDesk(db, env, timeoutMs, step);
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
