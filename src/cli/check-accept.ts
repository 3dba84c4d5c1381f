// ntm check --accept: the editor goes through the findings one by one and accepts the ones
// that are fine, with a reason; they are stored when the session ends (q, end of input or
// the last finding) in one transaction, and not reported again for their sentences.
import { createInterface } from 'node:readline';
import type { CheckResult, Issue } from '../core/check.js';
import { acceptFindings } from '../store/accepted.js';
import { inChangeSet } from '../store/changes.js';
import { now } from '../store/pairs.js';
import { assertMayDecide } from '../store/reviewers.js';
import type { Context } from './context.js';
import { acceptSession } from './render/accept.js';
import { renderSegment } from './render/check.js';

/** An accepted finding is not reported again for anyone: once the TM has reviewers, their call. */
export const ACCEPT_REFUSED = 'Nothing accepted: only a reviewer may accept findings or withdraw them';

/** Asks about each finding of `result`; stores the accepted ones and returns the check run again. */
export async function acceptInteractively(ctx: Context, result: CheckResult, by: string, recheck: () => Promise<CheckResult>): Promise<CheckResult> {
  // Refused before the first question, not after the last answer.
  await ctx.read(({ db }) => assertMayDecide(db, by, ACCEPT_REFUSED));
  const c = ctx.c;
  const terminal = ctx.io.stdin.isTTY === true && ctx.io.stdout.isTTY === true;
  const rl = createInterface({ input: ctx.io.stdin, terminal, crlfDelay: Infinity });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string | null> => {
    ctx.io.stdout.write(prompt);
    const next = await lines.next();
    if (next.done) {
      ctx.out();
      return null;
    }
    // A terminal echoes what was typed; piped answers are echoed so the transcript reads the same.
    if (!terminal) ctx.out(next.value);
    return next.value.trim();
  };
  const chosen: { issue: Issue; note: string | null }[] = [];
  const segments = new Map(result.segments.map((s) => [s.segment, s]));
  ctx.out(acceptSession.intro(c, result.issues.length));
  try {
    let n = 0;
    outer: for (const issue of result.issues) {
      n++;
      ctx.out();
      for (const line of renderSegment(c, segments.get(issue.segment)!, [issue])) ctx.out(line);
      for (;;) {
        const answer = await ask(acceptSession.prompt(c, n, result.issues.length));
        if (answer === null || /^q(uit)?$/i.test(answer)) break outer;
        if (answer === '' || /^no?$/i.test(answer)) break;
        if (/^y(es)?$/i.test(answer)) {
          const note = await ask('Why is it fine (a note for colleagues, Enter for none)? ');
          chosen.push({ issue, note: note ? note : null });
          if (note === null) break outer;
          break;
        }
        ctx.out(acceptSession.again(c));
      }
    }
  } finally {
    rl.close();
  }
  ctx.out();
  if (chosen.length === 0) {
    ctx.out('Nothing accepted.');
    return result;
  }
  const at = now();
  await ctx.write(({ db }) =>
    inChangeSet(db, { command: 'check --accept', by }, () => {
      assertMayDecide(db, by, ACCEPT_REFUSED);
      for (const { issue, note } of chosen) {
        const source = segments.get(issue.segment)!.source;
        acceptFindings(db, [{ id: issue.id, kind: issue.kind, source, term: issue.term ?? issue.number, found: issue.found }], { by, at, note });
      }
    }),
  );
  const after = await recheck();
  ctx.out(acceptSession.stored(c, chosen.length, after.issues.length));
  return after;
}
