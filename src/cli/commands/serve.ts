// ntm serve: the TM as a web page on this computer (127.0.0.1 only), for translators who do
// not live in a terminal. The TM stays open while it runs, so a lookup costs no start-up.
import type { Command } from 'commander';
import { startServer } from '../../serve/server.js';
import type { ReferenceTm } from '../../store/reference.js';
import { loadRules } from '../article.js';
import { collect, type Context, intOption } from '../context.js';
import { openReferences } from '../references.js';

interface ServeOptions {
  port?: number;
  by?: string;
  log?: boolean;
  also: string[] | false;
  rules?: string;
}

export function registerServe(program: Command, ctx: Context): void {
  program
    .command('serve')
    .summary('a web page for lookup, concordance, check and adding pairs (this computer only)')
    .description(
      'Serve the TM to your browser at http://127.0.0.1 (never to other computers). Prints one line, ' +
        'the address to open, with a token: only someone who has that address can use the page or its ' +
        'API (GET /api/lookup?q=…, GET /api/concordance?q=…, POST /api/check, POST /api/pairs). ' +
        'Runs until Ctrl-C. Pairs added on the page are stored as "ntm add" stores them, in your name (or --by): ' +
        'approved, or proposed when the TM has reviewers and that name is not one.',
    )
    .option('--port <n>', 'the port to listen on (default: a free one)', intOption('--port', 0, 65535))
    .option('--by <name>', 'who adds the pairs added on the page (default: your user name)')
    .option('--also <file>', 'also look up in this reference TM, read-only (repeatable; adds to "ntm settings also")', collect, [])
    .option('--no-also', 'leave out the default reference TMs of "ntm settings also"')
    .option('--rules <file>', 'extra segmentation rules for pasted paragraphs (JSON; default: $NTM_SEGMENT_RULES)')
    .option('--log', 'print one line per request on standard error (method, path, status, time; never the query or token)')
    .addHelpText(
      'after',
      `
Examples:
  ntm serve                      then open the address it prints
  ntm serve --port 8377          the same port every time
  curl -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:8377/api/lookup?q=De%20gevangenis"`,
    )
    .action(async (o: ServeOptions) => {
      const rules = loadRules(ctx, o.rules);
      const store = ctx.openForReading();
      let refs: ReferenceTm[] = [];
      try {
        refs = openReferences(ctx, store, o.also);
        const server = await startServer({
          store,
          refs,
          rules,
          port: o.port ?? 0,
          by: o.by ?? ctx.defaultUser(),
          log: o.log ? (line) => ctx.err(line) : undefined,
          onError: (message) => ctx.err(`ntm serve: ${message}`),
        });
        ctx.out(`ntm serve: ${server.url}`);
        await stopped(ctx.io.stop);
        await server.close();
      } finally {
        for (const r of refs) r.close();
        store.close();
      }
    });
}

/** Resolves when the stop signal fires (never, without one: the server then runs until killed). */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
