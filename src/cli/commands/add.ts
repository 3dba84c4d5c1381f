// ntm add: store one approved pair (and, for a term, its forbidden renderings).
import type { Command } from 'commander';
import { InputError, UsageError } from '../../core/errors.js';
import { pairDirection } from '../../core/language.js';
import { COMPOUND_SCOPES, type CompoundScope } from '../../core/terms.js';
import { unsafeTextReason } from '../../core/text-safety.js';
import { addAsDesk } from '../../store/add.js';
import { invalidPairReason } from '../../store/pairs.js';
import type { TermRules } from '../../store/terms.js';
import { collect, type Context } from '../context.js';
import { pairJson } from '../render/json.js';
import { getPair } from '../../store/pairs.js';
import { hint } from '../render/messages.js';
import { addLine } from '../render/reports.js';
import { doNotTranslateLine, termRulesLine } from '../render/terms.js';

interface AddOptions {
  term?: boolean;
  forbid: string[];
  by?: string;
  ref?: string;
  note?: string;
  tag: string[];
  force?: boolean;
  json?: boolean;
  matchCase?: boolean;
  inCompounds?: string;
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
    .option('--forbid <en>', 'a rejected English rendering of the term (repeatable; may be the Dutch itself)', collect, [])
    .option('--match-case', 'a term found only in the case given ("Rijk", the State; not "rijk", rich), also in compounds')
    .option('--no-match-case', 'a term found in any case again')
    .option('--in-compounds <where>', `where a term may stand inside a longer Dutch word: ${COMPOUND_SCOPES.join(', ')} (default both)`)
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
  ntm add --term Rijkswaterstaat Rijkswaterstaat      a name the desk does not translate
  ntm add --term trainer coach --forbid trainer       a false friend
  ntm add --term Rijk State --match-case              "Rijksoverheid", not "rijke landen"
  ntm add --term raad council --in-compounds last     "gemeenteraad", not "raadpleging"
  ntm add "De gevangenis werd bestormd." "The prison was stormed." --ref hasaka-2022 --tag syria
  echo "Een lange zin." | ntm add - "A long sentence."`,
    )
    .action(async (nl: string, en: string, o: AddOptions) => {
      if (nl === '-' && en === '-') throw new UsageError('Only one of <nl> and <en> can come from standard input.');
      const source = await ctx.textArg(nl);
      const target = await ctx.textArg(en);
      if (o.forbid.length && !o.term) throw new UsageError('--forbid goes with --term: forbidden renderings belong to terms.');
      const rules = termRulesOption(o);
      const kind = o.term ? 'term' : 'segment';
      const reason = invalidPairReason(source, target, kind);
      if (reason)
        throw new InputError(
          `Nothing stored: ${reason}.${kind === 'segment' && source.trim() === target.trim() ? ' A name the desk never translates is a term: ntm add --term.' : ''}`,
        );
      for (const f of o.forbid) {
        const r = invalidPairReason(source, f, 'term');
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
      await ctx.write(({ db }) => {
        const { status, ...results } = addAsDesk(db, { kind, source, target, forbid: o.forbid, rules, by, ref: o.ref, note: o.note, tags: o.tag });
        if (o.json) {
          ctx.json({
            outcome: results.main.outcome,
            pair: pairJson(getPair(db, results.main.id)),
            forbidden: results.forbidden.map((r) => ({ outcome: r.outcome, pair: pairJson(getPair(db, r.id)) })),
            ...(results.ruled ? { rules: results.ruled.rules } : {}),
          });
          return;
        }
        const c = ctx.c;
        ctx.out(addLine(c, results.main, `${status === 'proposed' ? 'proposed ' : ''}${kind === 'term' ? 'term' : 'pair'}`));
        if (status === 'proposed' && results.main.outcome === 'added') {
          ctx.out(hint(c, `A reviewer approves it with "ntm review accept ${results.main.id}"; until then lookups show it as proposed.`));
        }
        if (kind === 'term' && results.main.outcome === 'added' && source.trim() === target.trim()) {
          ctx.out(doNotTranslateLine(c, source.trim()));
        }
        for (const [i, r] of results.forbidden.entries()) ctx.out(addLine(c, r, `forbidden rendering "${o.forbid[i]}"`));
        if (results.ruled?.changed) ctx.out(termRulesLine(c, source.trim(), results.ruled.rules));
      });
    });
}

/** The term rules asked for on the command line, or null when none. */
function termRulesOption(o: AddOptions): Partial<TermRules> | null {
  const rules: Partial<TermRules> = {};
  if (o.matchCase !== undefined) rules.matchCase = o.matchCase;
  if (o.inCompounds !== undefined) {
    if (!COMPOUND_SCOPES.includes(o.inCompounds as CompoundScope)) {
      throw new UsageError(`--in-compounds takes ${COMPOUND_SCOPES.join(', ')}, not "${o.inCompounds}".`);
    }
    rules.compounds = o.inCompounds as CompoundScope;
  }
  if (Object.keys(rules).length === 0) return null;
  if (!o.term) throw new UsageError('--match-case and --in-compounds go with --term: they say how a term is found.');
  return rules;
}
