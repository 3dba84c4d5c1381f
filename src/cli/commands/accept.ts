// ntm accept: a finding of `ntm check` the editor judged fine, kept in the TM so that it is
// not reported again for that sentence, in any draft (Xbench's ignore list, but shared).
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { isFindingId } from '../../core/findings.js';
import { acceptFindings, listAccepted, withdrawFindings, type AcceptedFinding } from '../../store/accepted.js';
import { now } from '../../store/pairs.js';
import type { Context } from '../context.js';

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
        'and why are kept ("ntm check --show-accepted" shows them); --withdraw undoes an acceptance.',
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
        await ctx.read(({ db }) => printList(ctx, listAccepted(db), o.json === true));
        return;
      }
      if (ids.length === 0) throw new UsageError('Give the id of a finding to accept (ntm check prints it after each finding), or --list.');
      const wanted = [...new Set(ids.map((id) => id.trim().toLowerCase().replace(/^#/, '')))];
      const bad = wanted.filter((id) => !isFindingId(id));
      if (bad.length > 0) {
        throw new UsageError(`Not a finding id: ${bad.map((b) => `"${b}"`).join(', ')}. Copy the 12 characters ntm check prints after the finding.`);
      }
      if (o.withdraw) {
        const gone = await ctx.write(({ db }) => db.transaction(() => withdrawFindings(db, wanted)).immediate());
        if (o.json) ctx.json({ withdrawn: gone.map((g) => g.id), notAccepted: wanted.filter((id) => !gone.some((g) => g.id === id)) });
        else {
          for (const g of gone) ctx.out(ctx.c.green(`Withdrawn: ${g.id} is reported again.`));
          for (const id of wanted.filter((w) => !gone.some((g) => g.id === w))) ctx.out(ctx.c.yellow(`${id} was not accepted. Nothing changed.`));
        }
        return;
      }
      const by = o.by ?? ctx.defaultUser();
      const r = await ctx.write(({ db }) =>
        db.transaction(() => acceptFindings(db, wanted.map((id) => ({ id })), { by, at: now(), note: o.note ?? null })).immediate(),
      );
      if (o.json) {
        ctx.json({ accepted: r.added, already: r.already });
        return;
      }
      const c = ctx.c;
      for (const id of r.added) ctx.out(c.green(`Accepted ${id}: not reported again for its sentence.`));
      for (const a of r.already) ctx.out(c.yellow(`Already accepted: ${a.id}, by ${a.by} on ${a.at.slice(0, 10)}${a.note ? ` (${a.note})` : ''}. Nothing changed.`));
      if (r.added.length > 0 && o.note === undefined) ctx.out(c.dim('Tip: --note "why" tells colleagues why it is fine.'));
    });
}

function printList(ctx: Context, list: readonly AcceptedFinding[], json: boolean): void {
  if (json) {
    ctx.json({ accepted: list });
    return;
  }
  const c = ctx.c;
  if (list.length === 0) {
    ctx.out(c.dim('No accepted findings. Accept one with: ntm accept <id> --note "why"'));
    return;
  }
  for (const a of list) {
    const what = [a.kind, a.term ? `“${a.term}”` : '', a.found ? `found “${a.found}”` : ''].filter(Boolean).join(' ');
    ctx.out(`${c.bold(a.id)}  ${c.dim(`${a.by}, ${a.at.slice(0, 10)}`)}${what ? `  ${what}` : ''}`);
    if (a.source) ctx.out(`  ${c.dim('nl')}  ${a.source}`);
    if (a.note) ctx.out(`  ${c.dim(`why: ${a.note}`)}`);
  }
  ctx.out(c.dim(`${list.length} accepted finding${list.length === 1 ? '' : 's'}.`));
}
