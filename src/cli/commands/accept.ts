// ntm accept: a finding of `ntm check` the editor judged fine, kept in the TM so that it is
// not reported again for that sentence, in any draft (Xbench's ignore list, but shared).
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { isFindingId } from '../../core/findings.js';
import { acceptFindings, listAccepted, withdrawFindings } from '../../store/accepted.js';
import { inChangeSet } from '../../store/changes.js';
import { now } from '../../store/pairs.js';
import { assertMayDecide } from '../../store/reviewers.js';
import { ACCEPT_REFUSED } from '../check-accept.js';
import type { Context } from '../context.js';
import { acceptedList, acceptReport, withdrawReport } from '../render/accept.js';

interface AcceptOptions {
  note?: string;
  by?: string;
  withdraw?: boolean;
  list?: boolean;
  json?: boolean;
}

export function registerAccept(program: Command, ctx: Context): void {
  program
    .command('accept')
    .summary('accept findings of "ntm check" that are fine, so they are not reported again')
    .description(
      'Accept findings of "ntm check" by their id (shown after each finding, and as "id" in --json). ' +
        'An accepted finding is not reported again for the same sentence, in any draft: the id stays the ' +
        'same for the same kind, Dutch sentence, term (or number) and found text. Who accepted it, when ' +
        'and why are kept ("ntm check --show-accepted" shows them); --withdraw undoes an acceptance. Each run is a ' +
        'change set ("ntm changes", "ntm undo"); once the TM has reviewers, only a reviewer accepts or withdraws.',
    )
    .argument('[ids...]', 'finding ids, as ntm check prints them (12 characters)')
    .option('--note <why>', 'why the finding is fine, for colleagues')
    .option('--by <name>', 'who accepts them (default: your user name)')
    .option('--withdraw', 'withdraw the acceptance of these findings: they are reported again')
    .option('--list', 'list every accepted finding, newest first')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm accept 3f9a2c41b07e --note "trainers: the shoes, not the coach"
  ntm accept 3f9a2c41b07e 9c0d11e2a4f6 --note "quoted as spoken"
  ntm accept --withdraw 3f9a2c41b07e
  ntm accept --list
  ntm check draft.tsv --accept          go through the findings of a draft one by one`,
    )
    .action(async (ids: string[], o: AcceptOptions) => {
      if (o.list) {
        if (ids.length > 0 || o.withdraw) throw new UsageError('--list takes no finding ids.');
        await ctx.read(({ db }) => {
          const list = listAccepted(db);
          if (o.json) ctx.json({ accepted: list });
          else for (const line of acceptedList(ctx.c, list)) ctx.out(line);
        });
        return;
      }
      if (ids.length === 0) throw new UsageError('Give the id of a finding to accept (ntm check prints it after each finding), or --list.');
      const wanted = [...new Set(ids.map((id) => id.trim().toLowerCase().replace(/^#/, '')))];
      const bad = wanted.filter((id) => !isFindingId(id));
      if (bad.length > 0) {
        throw new UsageError(`Not a finding id: ${bad.map((b) => `"${b}"`).join(', ')}. Copy the 12 characters ntm check prints after the finding.`);
      }
      const by = o.by ?? ctx.defaultUser();
      if (o.withdraw) {
        const gone = await ctx.write(({ db }) => {
          assertMayDecide(db, by, ACCEPT_REFUSED);
          return inChangeSet(db, { command: 'accept', by }, () => withdrawFindings(db, wanted)).result;
        });
        const withdrawn = gone.map((g) => g.id);
        const notAccepted = wanted.filter((id) => !withdrawn.includes(id));
        if (o.json) ctx.json({ withdrawn, notAccepted });
        else for (const line of withdrawReport(ctx.c, withdrawn, notAccepted)) ctx.out(line);
        return;
      }
      const r = await ctx.write(({ db }) => {
        assertMayDecide(db, by, ACCEPT_REFUSED);
        return inChangeSet(db, { command: 'accept', by }, () =>
          acceptFindings(
            db,
            wanted.map((id) => ({ id })),
            { by, at: now(), note: o.note ?? null },
          ),
        ).result;
      });
      if (o.json) {
        ctx.json({ accepted: r.added, already: r.already });
        return;
      }
      for (const line of acceptReport(ctx.c, r, o.note !== undefined)) ctx.out(line);
    });
}
