// ntm approve: an edited draft goes back into the TM as approved pairs, after a check.
import type { Command } from 'commander';
import { InputError, ProblemsFound } from '../../core/errors.js';
import { approveUnits } from '../../store/approve.js';
import { collect, type Context } from '../context.js';
import { checkUnits, draftName, printCheck, readDraftFile } from '../draft.js';
import { checkJson } from '../render/check.js';
import { approveReport } from '../render/reports.js';
import { writeTransaction } from '../../store/transaction.js';

interface ApproveOptions {
  by?: string;
  ref?: string;
  tag: string[];
  force?: boolean;
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
        'printed) unless --force. All or nothing: one malformed line and nothing is stored.',
    )
    .argument('<draft>', 'the edited draft (.tsv, .csv, .xlf, .tmx; - for standard input)')
    .option('--by <name>', 'who approved the translations (default: your user name)')
    .option('--ref <article>', 'the article they belong to (URL or id)')
    .option('--tag <tag>', 'tag every new pair (repeatable)', collect, [])
    .option('--force', 'approve even when the check finds issues')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Examples:
  ntm approve draft.tsv --ref hasaka-2022
  ntm approve draft.xlf --ref hasaka-2022   the XLIFF a CAT tool saved
  ntm approve draft.tsv --by "eindredactie" --tag syria
  ntm approve draft.tsv --force           approve despite check issues`,
    )
    .action(async (file: string, o: ApproveOptions) => {
      const name = draftName(file);
      const units = await readDraftFile(ctx, file);
      if (units.length === 0) throw new InputError('has no segments to approve', name);
      const by = o.by ?? ctx.defaultUser();
      await ctx.write(({ db }) => {
        // The check and the store in one write transaction: a forbidden rendering or a term
        // another process adds meanwhile is either seen by the check or comes after the store.
        const { check, report } = writeTransaction(db, () => {
          const check = checkUnits(db, units);
          ctx.step('approve:checked');
          if (check.issues.length > 0 && !o.force) return { check, report: null };
          return { check, report: approveUnits(db, units, { by, ref: o.ref, tags: o.tag }) };
        });
        const issues = check.issues.length;
        if (!report) {
          printCheck(ctx, check, o.json === true, { draft: name, approved: false });
          throw new ProblemsFound(
            `Nothing approved: the check found ${issues} issue${issues === 1 ? '' : 's'} in ${name}. Fix ${issues === 1 ? 'it' : 'them'}, or approve anyway with --force.`,
          );
        }
        if (o.json) {
          const { issues: found, summary } = checkJson(check);
          ctx.json({ draft: name, approved: true, issues: found, check: summary, ...report });
          return;
        }
        if (issues) printCheck(ctx, check, false);
        for (const line of approveReport(ctx.c, name, report, issues)) ctx.out(line);
      });
    });
}
