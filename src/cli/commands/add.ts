// ntm add: store one approved pair (and, for a term, its forbidden renderings).
import type { Command } from 'commander';
import { InputError, UsageError } from '../../core/errors.js';
import { pairDirection } from '../../core/language.js';
import { unsafeTextReason } from '../../core/text-safety.js';
import { inChangeSet } from '../../store/changes.js';
import { addPair, invalidPairReason } from '../../store/pairs.js';
import { statusOfWrites } from '../../store/reviewers.js';
import { collect, type Context } from '../context.js';
import { pairJson } from '../render/json.js';
import { getPair } from '../../store/pairs.js';
import { hint } from '../render/messages.js';
import { addLine } from '../render/reports.js';

interface AddOptions {
  term?: boolean;
  forbid: string[];
  by?: string;
  ref?: string;
  note?: string;
  tag: string[];
  force?: boolean;
  json?: boolean;
}

export function registerAdd(program: Command, ctx: Context): void {
  program
    .command('add')
    .summary('store an approved Dutch–English pair')
    .description(
      'Store an approved Dutch–English pair. Adding the same pair again changes nothing. Once the TM has ' +
        'reviewers ("ntm reviewers"), a pair added by someone else is stored as proposed until a reviewer ' +
        'accepts it ("ntm review"). A pair whose Dutch reads as English and English as Dutch is refused ' +
        'unless --force.',
    )
    .argument('<nl>', 'the Dutch text (- reads it from standard input)')
    .argument('<en>', 'the approved English text (- reads it from standard input)')
    .option('--term', 'store it as a term, used by "ntm check"')
    .option('--forbid <en>', 'a rejected English rendering of the term (repeatable)', collect, [])
    .option('--by <name>', 'who approved it (default: your user name)')
    .option('--ref <article>', 'the article it was approved for (URL or id)')
    .option('--note <text>', 'a note for colleagues')
    .option('--tag <tag>', 'a tag (repeatable)', collect, [])
    .option('--force', 'store it even though the Dutch reads as English and the English as Dutch')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm add "Koerdische strijdkrachten" "Kurdish forces" --term --forbid "Kurdish armed forces"
  ntm add "De gevangenis werd bestormd." "The prison was stormed." --ref hasaka-2022 --tag syria
  echo "Een lange zin." | ntm add - "A long sentence."`,
    )
    .action(async (nl: string, en: string, o: AddOptions) => {
      if (nl === '-' && en === '-') throw new UsageError('Only one of <nl> and <en> can come from standard input.');
      const source = await ctx.textArg(nl);
      const target = await ctx.textArg(en);
      if (o.forbid.length && !o.term) throw new UsageError('--forbid goes with --term: forbidden renderings belong to terms.');
      const reason = invalidPairReason(source, target);
      if (reason) throw new InputError(`Nothing stored: ${reason}.`);
      for (const f of o.forbid) {
        const r = invalidPairReason(source, f);
        if (r) throw new InputError(`Nothing stored: --forbid "${f}": ${r}.`);
      }
      const by = o.by ?? ctx.defaultUser();
      for (const [text, what] of [[o.note, '--note'], [o.ref, '--ref'], [o.by, '--by'], ...o.tag.map((t) => [t, '--tag'])] as const) {
        const unsafe = text === undefined ? null : unsafeTextReason(text, what);
        if (unsafe) throw new InputError(`Nothing stored: ${unsafe}.`);
      }
      if (!o.force && (await pairDirection(source, target)) === 'reversed') {
        throw new InputError(
          'Nothing stored: the Dutch text reads as English and the English text as Dutch. Give the Dutch first ' +
            '(ntm add <nl> <en>), or add --force if this is right.',
        );
      }
      const kind = o.term ? 'term' : 'segment';
      await ctx.write(({ db }) => {
        const status = statusOfWrites(db, by);
        if (status === 'proposed' && o.forbid.length) {
          throw new InputError(`Nothing stored: only a reviewer may forbid renderings, and ${by} is not one ("ntm reviewers list" names them).`);
        }
        const { result: results } = inChangeSet(db, { command: 'add', by }, () => {
          const main = addPair(db, { kind, source, target, status, by, ref: o.ref, note: o.note, tags: o.tag });
          const forbidden = o.forbid.map((f) =>
            addPair(db, { kind, source, target: f, status: 'forbidden', by, ref: o.ref, note: o.note, tags: o.tag }),
          );
          const conflict = [main, ...forbidden].find((r) => r.outcome === 'conflict');
          if (conflict) {
            throw new InputError(
              `Nothing stored: that rendering is already stored with the opposite status as #${conflict.id}; change it with "ntm edit ${conflict.id}".`,
            );
          }
          return { main, forbidden };
        });
        if (o.json) {
          ctx.json({
            outcome: results.main.outcome,
            pair: pairJson(getPair(db, results.main.id)),
            forbidden: results.forbidden.map((r) => ({ outcome: r.outcome, pair: pairJson(getPair(db, r.id)) })),
          });
          return;
        }
        const c = ctx.c;
        ctx.out(addLine(c, results.main, `${status === 'proposed' ? 'proposed ' : ''}${kind === 'term' ? 'term' : 'pair'}`));
        if (status === 'proposed' && results.main.outcome === 'added') {
          ctx.out(hint(c, `A reviewer approves it with "ntm review accept ${results.main.id}"; until then lookups show it as proposed.`));
        }
        for (const [i, r] of results.forbidden.entries()) ctx.out(addLine(c, r, `forbidden rendering "${o.forbid[i]}"`));
      });
    });
}
