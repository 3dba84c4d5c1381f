// The reference TMs of a lookup: the TM's default list ("ntm settings also") and --also,
// opened read-only. A default that is missing (an archive on a drive not mounted today) is
// left out with a warning; a file named by --also must be there.
import { realpathSync } from 'node:fs';
import { StoreError, UsageError } from '../core/errors.js';
import type { Store } from '../store/open.js';
import { openReference, type ReferenceTm } from '../store/reference.js';
import { referenceTms } from '../store/settings.js';
import type { Context } from './context.js';
import { warning } from './render/messages.js';

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** Opens the reference TMs: the defaults (unless `also` is false: --no-also), then those of --also. */
export function openReferences(ctx: Context, main: Store, also: readonly string[] | false): ReferenceTm[] {
  const named = (also === false ? [] : also).map((f) => ctx.path(f, '--also'));
  const defaults = also === false ? [] : referenceTms(main.db);
  const out: ReferenceTm[] = [];
  try {
    for (const path of [...new Set([...defaults, ...named])]) {
      if (sameFile(path, main.path)) {
        if (named.includes(path)) throw new UsageError(`--also ${path}: that is the TM itself; name another one.`);
        continue;
      }
      try {
        out.push(openReference(path));
      } catch (err) {
        if (named.includes(path) || !(err instanceof StoreError)) throw err;
        ctx.err(warning(ctx.c, `ntm: the default reference TM is left out: ${err.message}`));
      }
    }
  } catch (err) {
    for (const r of out) r.close();
    throw err;
  }
  return out;
}
