// The review prompt: each proposed pair with what the desk already has for its Dutch (the
// best approved match, the stored terms in it), and one key per decision. Decisions are
// written as they are made, each in its own transaction, all in one change set: a session
// cut short keeps what was decided, and "ntm undo" takes the whole session back.
import type { Database } from 'better-sqlite3';
import { createInterface } from 'node:readline';
import { InputError } from '../../core/errors.js';
import { buildTermIndex, findTerms } from '../../core/terms.js';
import type { Pair } from '../../core/types.js';
import { inChangeSet } from '../../store/changes.js';
import { findMatches } from '../../store/lookup.js';
import { acceptProposed, listProposed, rejectProposed } from '../../store/review.js';
import { mayApprove } from '../../store/reviewers.js';
import { loadTermEntries } from '../../store/terms.js';
import type { Context } from '../context.js';
import { hint } from '../render/messages.js';
import { decisionLine, proposalCard, reviewKeys } from '../render/review.js';

/** The card of one proposed pair, with the desk's best approved match and the stored terms in its Dutch. */
function card(ctx: Context, db: Database, p: Pair, terms: ReturnType<typeof buildTermIndex>, n: number, total: number): string[] {
  const best = findMatches(db, p.source, { min: 50, limit: 1 })[0];
  return proposalCard(ctx.c, p, n, total, best, findTerms(terms, p.source));
}

/** Reads one decision key a pair: raw keys on a terminal, else the first letter of each line. */
function keys(ctx: Context): { next: () => Promise<string | null>; close: () => void } {
  const stdin = ctx.io.stdin as NodeJS.ReadStream;
  if (stdin.isTTY && typeof stdin.setRawMode === 'function') {
    stdin.setRawMode(true);
    stdin.resume();
    return {
      next: () =>
        new Promise((resolve) => {
          stdin.once('data', (b: Buffer) => {
            const k = b.toString('utf8');
            resolve(k === '\u0003' || k === '\u0004' ? null : k.toLowerCase());
          });
        }),
      close: () => {
        stdin.setRawMode(false);
        stdin.pause();
      },
    };
  }
  const rl = createInterface({ input: ctx.io.stdin, crlfDelay: Infinity, terminal: false });
  const it = rl[Symbol.asyncIterator]();
  return {
    next: async () => {
      const r = await it.next();
      return r.done ? null : (r.value as string).trim().toLowerCase().slice(0, 1);
    },
    close: () => rl.close(),
  };
}

/** Goes through the proposed pairs with the reviewer `by`; returns when all are seen or the reviewer stops. */
export async function reviewInteractively(ctx: Context, db: Database, by: string): Promise<void> {
  const c = ctx.c;
  if (!mayApprove(db, by)) throw new InputError(`only a reviewer may accept or reject proposed pairs, and ${by} is not one (give --by <reviewer>).`);
  const { pairs, total } = listProposed(db, { limit: 10_000 });
  if (total === 0) {
    ctx.out(hint(c, 'Nothing to review: no proposed pairs.'));
    return;
  }
  const terms = buildTermIndex(loadTermEntries(db));
  const input = keys(ctx);
  let change: number | undefined;
  const tally = { accepted: 0, rejected: 0, skipped: 0 };
  try {
    for (const [i, p] of pairs.entries()) {
      for (const line of card(ctx, db, p, terms, i + 1, total)) ctx.out(line);
      ctx.io.stdout.write(reviewKeys(c));
      let key: string | null;
      do key = await input.next();
      while (key !== null && !['a', 'r', 's', 'q'].includes(key));
      ctx.out(key ?? '');
      if (key === null || key === 'q') break;
      if (key === 's') {
        tally.skipped++;
        ctx.out();
        continue;
      }
      const decision = key === 'a' ? 'accept' : 'reject';
      const r = inChangeSet(
        db,
        { command: 'review', by },
        () => (decision === 'accept' ? acceptProposed(db, [p.id], by) : rejectProposed(db, [p.id], by)),
        change,
      );
      change = r.change ?? change;
      if (decision === 'accept') tally.accepted++;
      else tally.rejected++;
      ctx.out(decisionLine(c, decision, p.id));
      ctx.out();
    }
  } finally {
    input.close();
  }
  const left = total - tally.accepted - tally.rejected;
  ctx.out(`${tally.accepted} approved, ${tally.rejected} rejected, ${tally.skipped} skipped; ${left} proposed pair${left === 1 ? '' : 's'} left.`);
  if (change !== undefined) ctx.out(hint(c, `Change set #${change}; "ntm undo ${change}" takes this session back.`));
}
