// ntm desk init|join|status: set up the desk's PostgreSQL server, link this TM to it, and
// see how the link stands.
import type { Command } from 'commander';
import type { Context } from '../context.js';

interface JsonOption {
  json?: boolean;
}

/** How long `desk status` waits for the server before saying it is unreachable. */
const STATUS_TIMEOUT_MS = 3000;

export function registerDesk(program: Command, ctx: Context): void {
  const desk = program
    .command('desk')
    .summary('share this TM with the desk through its PostgreSQL server')
    .description(
      "Work as a desk: the desk's PostgreSQL server keeps the shared history; every translator keeps a\n" +
        'local TM that syncs with it. Passwords come from PGPASSWORD or ~/.pgpass, never from the TM.',
    )
    .addHelpText(
      'after',
      `
Examples:
  ntm desk init postgres://admin@desk.example.org/newsroom     (IT, once: schema and roles)
  ntm desk join postgres://anna@desk.example.org/newsroom      (each translator, once)
  ntm desk status
  ntm sync`,
    );

  desk
    .command('init')
    .summary("create the desk's schema and roles on a PostgreSQL server (IT, once)")
    .description(
      "Create (or upgrade) the desk's schema and its two roles on the server: ntm_desk (may approve,\n" +
        'forbid, review) and ntm_translator (may propose). Running it again changes nothing. Log in as\n' +
        'an administrator who may create roles.',
    )
    .argument('<url>', 'the server and database, e.g. postgres://admin@desk.example.org/newsroom')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  PGPASSWORD=… ntm desk init postgres://postgres@localhost/newsroom
  Then add people:  CREATE ROLE anna LOGIN PASSWORD '…' IN ROLE ntm_translator;
                    CREATE ROLE erik LOGIN PASSWORD '…' IN ROLE ntm_desk;`,
    )
    .action(async (url: string, o: JsonOption) => {
      const { initServer } = await import('../../desk/session.js');
      const { initReport } = await import('../render/desk.js');
      const r = await initServer(url, ctx.io.env);
      if (o.json) {
        ctx.json({ desk: r.address.label, schema: r.to, from: r.from, rolesCreated: r.rolesCreated, changed: r.from !== r.to || r.rolesCreated.length > 0 });
        return;
      }
      for (const line of initReport(ctx.c, r)) ctx.out(line);
    });

  desk
    .command('join')
    .summary("link this TM to the desk and copy the desk's TM into it")
    .description(
      'Link this TM to the desk and copy everything the desk holds into it (one transaction: an\n' +
        'interrupted join leaves the TM as it was). The TM must be new or empty. The URL is stored\n' +
        'without a password; the password comes from PGPASSWORD or ~/.pgpass at every sync.',
    )
    .argument('<url>', 'the desk, e.g. postgres://anna@desk.example.org/newsroom')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm desk join postgres://anna@desk.example.org/newsroom
  ntm --db ~/desk.sqlite desk join postgres://anna@desk.example.org/newsroom`,
    )
    .action(async (url: string, o: JsonOption) => {
      const { hello, joinDesk } = await import('../../desk/session.js');
      const { joinReport } = await import('../render/desk.js');
      // The server is asked first: an unreachable desk or a refused login leaves no TM file behind.
      const h = await hello(url, ctx.io.env);
      try {
        const progress = !o.json && ctx.io.stderr.isTTY === true ? (await import('../render/progress.js')).startProgress(ctx.io.stderr) : null;
        let started = false;
        const r = await ctx.write(
          ({ db }) =>
            joinDesk(
              db,
              h,
              progress
                ? (done, total) => {
                    if (!started) {
                      progress.file('joining the desk', total);
                      started = true;
                    }
                    progress.update(done, done);
                  }
                : undefined,
              ctx.step,
            ).finally(() => progress?.stop()),
          { deskSync: false },
        );
        if (h.address.passwordFromUrl !== undefined) {
          ctx.err('ntm: the password in the URL was used once and not stored; put it in ~/.pgpass (or PGPASSWORD) for the next syncs.');
        }
        if (o.json) {
          ctx.json({ desk: r.address.label, login: r.login, role: r.role, already: r.already, changes: r.changes, pairs: r.pairs });
          return;
        }
        for (const line of joinReport(ctx.c, r)) ctx.out(line);
      } finally {
        await h.close();
      }
    });

  desk
    .command('status')
    .summary('which desk this TM syncs with, when it last did, what waits')
    .option('--json', 'print the result as JSON')
    .action(async (o: JsonOption) => {
      const { deskStatus } = await import('../../desk/session.js');
      const { statusReport } = await import('../render/desk.js');
      const s = await ctx.read(({ db }) => deskStatus(db, ctx.io.env, STATUS_TIMEOUT_MS));
      if (o.json) {
        if (!s) {
          ctx.json({ joined: false });
          return;
        }
        ctx.json({
          joined: true,
          desk: s.link.label,
          url: s.link.url,
          login: s.link.login,
          role: s.server.reachable && s.server.role ? s.server.role : s.link.role,
          lastSync: s.link.lastSyncAt,
          lastError: s.link.lastError,
          pending: s.pending,
          reachable: s.server.reachable,
          ahead: s.server.reachable ? s.server.ahead : null,
          reason: s.server.reachable ? null : s.server.reason,
        });
        return;
      }
      for (const line of statusReport(ctx.c, s)) ctx.out(line);
    });
}
