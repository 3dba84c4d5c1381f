// ntm approve: an edited draft goes back into the TM as approved pairs, after a check.
import type { Command } from 'commander';
import type { DraftUnit } from '../../core/draft.js';
import { InputError, ProblemsFound } from '../../core/errors.js';
import { FileDirection } from '../../core/language.js';
import { unsafeTextReason } from '../../core/text-safety.js';
import { approveUnits } from '../../store/approve.js';
import { inChangeSet } from '../../store/changes.js';
import { reversedFileMessage } from '../../store/import.js';
import { statusOfWrites } from '../../store/reviewers.js';
import { collect, type Context } from '../context.js';
import { checkUnits, draftName, printCheck, readDraftFile } from '../draft.js';
import { checkJson } from '../render/check.js';
import { hint } from '../render/messages.js';
import { approveReport } from '../render/reports.js';
import { writeTransaction } from '../../store/transaction.js';

interface ApproveOptions {
  by?: string;
  ref?: string;
  tag: string[];
  force?: boolean;
  acceptFuzzy?: boolean;
  swap?: boolean;
  json?: boolean;
}

export function registerApprove(program: Command, ctx: Context): void {
  program
    .command('approve')
    .summary('store the translations of an edited draft as approved pairs')
    .description(
      'Store every translated segment of a draft (from "ntm pretranslate" as TSV or XLIFF, any TSV ' +
        'or CSV with nl and en columns, an XLIFF 1.2/2.0 or TMX file) as an approved pair. In XLIFF ' +
        'every segment with an English target counts, whatever its state: approving the draft is ' +
        'the approval. Unchanged 100% matches are counted as uses of the stored pair, not stored ' +
        'twice; segments left empty are skipped and counted. The draft is checked first, exactly as ' +
        '"ntm check" does: a draft with issues is refused (exit 1, nothing stored, the check report ' +
        'printed) unless --force. A segment whose English is still the fuzzy suggestion pretranslate ' +
        'filled in, unedited, is never approved without --accept-fuzzy (exit 1, nothing stored). ' +
        'All or nothing: one malformed line, or a control character, and nothing is stored. Once the ' +
        'TM has reviewers, what someone else approves is stored as proposed.',
    )
    .argument('<draft>', 'the edited draft (.tsv, .csv, .xlf, .tmx; - for standard input)')
    .option('--by <name>', 'who approved the translations (default: your user name)')
    .option('--ref <article>', 'the article they belong to (URL or id)')
    .option('--tag <tag>', 'tag every new pair (repeatable)', collect, [])
    .option('--force', 'approve even when the check finds issues (not unedited fuzzy suggestions: see --accept-fuzzy)')
    .option('--accept-fuzzy', 'approve segments whose English is still the fuzzy suggestion, as they are')
    .option('--swap', 'read the draft the other way round: its first (or source) side is the English')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm approve draft.tsv --ref hasaka-2022
  ntm approve draft.xlf --ref hasaka-2022   the XLIFF a CAT tool saved
  ntm approve draft.tsv --by "eindredactie" --tag syria
  ntm approve draft.tsv --force           approve despite check issues
  ntm approve draft.xlsx                  a draft saved from Excel
  ntm approve draft.tsv --accept-fuzzy    fuzzy suggestions left as they are were checked and are right`,
    )
    .action(async (file: string, o: ApproveOptions) => {
      const name = draftName(file);
      const read = await readDraftFile(ctx, file);
      const units = o.swap ? read.map(swapUnit) : read;
      if (units.length === 0) throw new InputError('has no segments to approve', name);
      await refuseUnsafe(units, name);
      const by = o.by ?? ctx.defaultUser();
      await ctx.write(({ db }) => {
        // The check and the store in one write transaction: a forbidden rendering or a term
        // another process adds meanwhile is either seen by the check or comes after the store.
        const { check, blockingFuzzy, fuzzy, others, stored } = writeTransaction(db, () => {
          const check = checkUnits(db, units);
          ctx.step('approve:checked');
          // Accepting an unedited-fuzzy finding quiets check, not this door: only --accept-fuzzy opens it.
          const fuzzy = [...check.issues, ...check.accepted]
            .filter((i) => i.kind === 'unedited-fuzzy')
            .map((i) => i.segment)
            .sort((a, b) => a - b);
          const others = check.issues.filter((i) => i.kind !== 'unedited-fuzzy').length;
          const blockingFuzzy = fuzzy.length > 0 && !o.acceptFuzzy;
          if (blockingFuzzy || (others > 0 && !o.force)) return { check, blockingFuzzy, fuzzy, others, stored: null };
          const writes = statusOfWrites(db, by);
          const stored = inChangeSet(db, { command: 'approve', by, detail: { draft: name } }, () =>
            approveUnits(db, units, { by, ref: o.ref, tags: o.tag, writes }),
          );
          return { check, blockingFuzzy, fuzzy, others, stored };
        });
        const issues = check.issues.length;
        if (!stored) {
          printCheck(ctx, check, o.json === true, { draft: name, approved: false });
          throw new ProblemsFound(refusal(name, blockingFuzzy ? fuzzy : [], o.force ? 0 : others));
        }
        const { result: report, change } = stored;
        if (o.json) {
          const { issues: found, summary } = checkJson(check);
          ctx.json({ draft: name, approved: true, issues: found, check: summary, ...report, change });
          return;
        }
        if (issues) printCheck(ctx, check, false);
        for (const line of approveReport(ctx.c, name, report, issues)) ctx.out(line);
        if (change !== null) ctx.out(hint(ctx.c, `Change set #${change}; "ntm undo ${change}" takes it back.`));
      });
    });
}

/** The draft read the other way round (--swap). */
function swapUnit(u: DraftUnit): DraftUnit {
  return { segment: u.segment, line: u.line, source: u.target, target: u.source };
}

/**
 * Refuses a draft with a character no stored text may hold (exit 2, its line), or one whose
 * Dutch reads as English and English as Dutch (naming --swap).
 */
async function refuseUnsafe(units: readonly DraftUnit[], name: string): Promise<void> {
  for (const u of units) {
    const unsafe = unsafeTextReason(u.source, 'the Dutch text') ?? unsafeTextReason(u.target, 'the English text');
    if (unsafe) throw new InputError(`segment ${u.segment}: ${unsafe}; nothing was approved`, name, u.line);
  }
  const direction = new FileDirection();
  for (const u of units) direction.offer(u.source, u.target);
  const v = await direction.verdict();
  if (v.reversedFile) throw new InputError(reversedFileMessage('approve', v.reversed, v.normal + v.reversed), name);
}

/** Why nothing was approved: unedited fuzzy suggestions (--accept-fuzzy), other issues (--force). */
function refusal(name: string, fuzzy: number[], others: number): string {
  const them = (n: number) => (n === 1 ? 'it' : 'them');
  const issues = `the check found ${others} ${fuzzy.length ? 'other ' : ''}issue${others === 1 ? '' : 's'} in ${name}. Fix ${them(others)}, or approve anyway with --force.`;
  if (!fuzzy.length) return `Nothing approved: ${issues}`;
  const which = fuzzy.length === 1 ? `segment ${fuzzy[0]} still holds` : `segments ${fuzzy.join(', ')} still hold`;
  const first = `Nothing approved: in ${name}, ${which} the fuzzy suggestion pretranslate filled in, unedited. Edit ${them(fuzzy.length)}, or approve ${them(fuzzy.length)} as ${fuzzy.length === 1 ? 'it is' : 'they are'} with --accept-fuzzy.`;
  return others ? `${first} Also, ${issues}` : first;
}
