// ntm reviewers: who on the desk may approve. Without reviewers every write is approved;
// with them, what anyone else writes is proposed until a reviewer accepts it ("ntm review").
import type { Command } from 'commander';
import { inChangeSet } from '../../store/changes.js';
import { deskRole } from '../../store/desk.js';
import { addReviewer, listReviewers, removeReviewer } from '../../store/reviewers.js';
import type { Context } from '../context.js';
import { done as doneLine, hint, warning } from '../render/messages.js';
import { reviewerLine } from '../render/review.js';

export function registerReviewers(program: Command, ctx: Context): void {
  const reviewers = program
    .command('reviewers')
    .summary('the desk members who may approve (list, add, remove)')
    .description(
      'The reviewers kept in the TM. Without any, every write is approved, as before. Once there is one, ' +
        'what anyone else adds, imports or approves (their --by, default the user name) is stored as proposed, ' +
        'and only a reviewer accepts or rejects it ("ntm review"), forbids renderings, or changes approved ' +
        'wording. The first reviewer anyone may add; after that only a reviewer adds or removes one.\n' +
        'On a TM that has joined a desk ("ntm desk join"), the desk\'s server decides instead: members of its\n' +
        'role ntm_desk approve, translators propose.',
    )
    .addHelpText(
      'after',
      `
Examples:
  ntm reviewers add eindredactie --by eindredactie     the desk's first reviewer
  ntm reviewers add anna --by eindredactie
  ntm reviewers list
  ntm reviewers remove anna --by eindredactie`,
    );

  reviewers
    .command('list')
    .summary('list the reviewers')
    .option('--json', 'print JSON: {"reviewers": [{"name", "addedBy", "addedAt"}]}')
    .action(async (o: { json?: boolean }) => {
      await ctx.read(({ db }) => {
        const list = listReviewers(db);
        const desk = deskRole(db);
        if (o.json) {
          ctx.json(desk ? { reviewers: list, desk: { desk: desk.label, login: desk.login, role: desk.role } } : { reviewers: list });
          return;
        }
        if (desk) {
          // Joined: the server's roles decide, and this list is kept only for when the TM works alone.
          ctx.out(
            `This TM syncs with the desk at ${desk.label}: its server decides who approves (the members of ntm_desk). ` +
              `You log in as ${desk.login}, ${desk.role === 'desk' ? 'a member of ntm_desk: what you write is approved' : 'a translator: what you write is proposed until the desk accepts it'}.`,
          );
          return;
        }
        if (list.length === 0) {
          ctx.out(hint(ctx.c, 'No reviewers: every write is approved. "ntm reviewers add <name>" names the first.'));
          return;
        }
        for (const r of list) ctx.out(reviewerLine(ctx.c, r));
      });
    });

  for (const action of ['add', 'remove'] as const) {
    reviewers
      .command(action)
      .summary(action === 'add' ? 'make someone a reviewer' : 'stop someone being a reviewer')
      .argument('<name...>', 'the name(s), as --by gives them')
      .option('--by <name>', 'who makes the change: a reviewer (default: your user name)')
      .option('--json', 'print JSON')
      .action(async (names: string[], o: { by?: string; json?: boolean }) => {
        const by = o.by ?? ctx.defaultUser();
        await ctx.write(({ db }) => {
          const done: string[] = [];
          for (const name of names) {
            // One change set per reviewer, so that each can be undone on its own.
            inChangeSet(db, { command: `reviewers ${action}`, by }, () => {
              if (action === 'remove') {
                removeReviewer(db, name, by);
                done.push(name);
              } else if (addReviewer(db, name, by)) done.push(name);
            });
          }
          if (o.json) {
            ctx.json({ [action === 'add' ? 'added' : 'removed']: done, reviewers: listReviewers(db).map((r) => r.name) });
            return;
          }
          const c = ctx.c;
          for (const name of names) {
            if (done.includes(name)) ctx.out(doneLine(c, `${action === 'add' ? 'Added' : 'Removed'} reviewer ${name}.`));
            else ctx.out(warning(c, `${name} is a reviewer already. Nothing changed.`));
          }
          if (action === 'remove' && listReviewers(db).length === 0) ctx.out(hint(c, 'No reviewers left: every write is approved again.'));
        });
      });
  }
}
