// The lookup prompt: the translator pastes sentence after sentence and sees matches at once,
// with the database opened once for the whole session.
import { createInterface } from 'node:readline';
import { isBlank } from '../../core/normalize.js';
import type { Context } from '../context.js';
import { heading, hint } from '../render/messages.js';

/** Runs the prompt until an empty line, end of input (Ctrl-D) or Ctrl-C; `answer` shows one query's matches. */
export async function interactiveLookup(ctx: Context, answer: (query: string) => void, o: { json: boolean; reverse: boolean }): Promise<void> {
  const terminal = ctx.io.stdin.isTTY === true && ctx.io.stdout.isTTY === true;
  // JSON Lines stay clean for scripts: no greeting, prompt or goodbye on stdout.
  const talk = (text: string) => {
    if (!o.json) ctx.out(text);
  };
  const rl = createInterface({
    input: ctx.io.stdin,
    output: o.json ? undefined : ctx.io.stdout,
    terminal,
    prompt: o.json ? '' : heading(ctx.c, o.reverse ? 'en› ' : 'nl› '),
    crlfDelay: Infinity,
  });
  rl.on('SIGINT', () => rl.close());
  talk(hint(ctx.c, `Paste a ${o.reverse ? 'English' : 'Dutch'} sentence and press Enter. An empty line or Ctrl-D ends.`));
  let count = 0;
  let emptyLine = false;
  if (!o.json) rl.prompt();
  for await (const line of rl) {
    // A terminal echoes what was typed; piped input is echoed here so the transcript reads the same.
    if (!terminal && !o.json) ctx.out(line);
    if (isBlank(line)) {
      emptyLine = true;
      break;
    }
    answer(line);
    count++;
    if (!o.json) {
      ctx.out();
      rl.prompt();
    }
  }
  rl.close();
  // Ctrl-D or the end of piped input leaves the cursor after the prompt.
  if (!emptyLine && !o.json) ctx.out();
  talk(hint(ctx.c, count === 0 ? 'Nothing looked up. Bye.' : `${count} sentence${count === 1 ? '' : 's'} looked up. Bye.`));
}
