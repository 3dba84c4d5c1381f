// Change sets written by hand, pushed straight to a test desk through its push function, as
// another TM (or a hand-written client) would.
import { randomUUID } from 'node:crypto';
import type { Cluster } from './pg.js';

export interface HandChange {
  uuid: string;
  command: string;
  author: string;
  made_at: string;
  ops: { pair: string; action: string; base: number | null; state: Record<string, unknown> }[];
}

/** A one-op change set: `action` on a pair (a new pair unless `pair` is given). */
export function statePair(
  action: 'add' | 'edit' | 'delete' | 'restore',
  source: string,
  target: string,
  o: { kind?: string; status?: string; pair?: string; base?: number | null; by?: string } = {},
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

/** Pushes change sets as `user`; returns their seqs. */
export async function pushAs(cluster: Cluster, database: string, user: string, password: string, changes: HandChange[]): Promise<number[]> {
  const rows = await cluster.query<{ seq: string }>(`SELECT seq FROM ntm.push($1::jsonb)`, [JSON.stringify(changes)], { user, password, database });
  return rows.map((r) => Number(r.seq));
}
