// ntm approve: an edited draft goes back into the TM as approved pairs, after a check.
import type { Command } from 'commander';
import { InputError, ProblemsFound } from '../../core/errors.js';
import type { DraftIssue } from '../../core/draft.js';
import { approveUnits, type ApproveReport } from '../../store/approve.js';
import { checkDraft } from '../draft-check.js';
import { readDraft } from '../draft-files.js';
import { collect, type Context } from '../context.js';

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
      'Store every translated segment of a draft (from "ntm pretranslate", or any TSV with nl and en ' +
        'columns) as an approved pair. Unchanged 100% matches are counted as uses of the stored pair, ' +
        'not stored twice; segments left empty are skipped and counted. The draft is checked first: ' +
        'a draft with issues is refused (exit 1, nothing stored) unless --force. All or nothing: one ' +
        'malformed line and nothing is stored.',
    )
    .argument('<draft>', 'the edited draft (.tsv; - for standard input)')
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
  ntm approve draft.tsv --by "eindredactie" --tag syria
  ntm approve draft.tsv --force           approve despite check issues`,
    )
    .action(async (file: string, o: ApproveOptions) => {
      const { name, units } = await readDraft(ctx, file);
      if (units.length === 0) throw new InputError('has no segments to approve', name);
      const by = o.by ?? ctx.defaultUser();
      await ctx.write(({ db }) => {
        const issues = checkDraft(db, units);
        if (issues.length > 0 && !o.force) {
          if (o.json) ctx.json({ draft: name, approved: false, issues });
          else printIssues(ctx, issues);
          throw new ProblemsFound(
            `Nothing approved: the check found ${issues.length} issue${issues.length === 1 ? '' : 's'} in ${name}. Fix ${issues.length === 1 ? 'it' : 'them'}, or approve anyway with --force.`,
          );
        }
        const report = db.transaction(() => approveUnits(db, units, { by, ref: o.ref, tags: o.tag })).immediate();
        if (o.json) {
          ctx.json({ draft: name, approved: true, issues, ...report });
          return;
        }
        if (issues.length) printIssues(ctx, issues);
        printReport(ctx, name, report, issues.length);
      });
    });
}

function printIssues(ctx: Context, issues: readonly DraftIssue[]): void {
  const c = ctx.c;
  for (const i of issues) ctx.out(`${c.dim(`segment ${i.segment}`)}  ${c.yellow(i.kind)}  ${i.message}`);
}

function printReport(ctx: Context, name: string, r: ApproveReport, forcedIssues: number): void {
  const c = ctx.c;
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const parts = [
    c.green(`${plural(r.added, 'new pair')} approved`),
    `${plural(r.uses, 'use')} of stored pairs`,
    `${r.empty} left empty`,
  ];
  if (r.repetitions) parts.push(plural(r.repetitions, 'repetition'));
  if (r.copied) parts.push(`${r.copied} copied (not translated)`);
  if (r.skipped.length) parts.push(c.yellow(`${r.skipped.length} skipped`));
  ctx.out(`${c.bold(name)}: ${parts.join(', ')}.`);
  if (forcedIssues) ctx.out(c.yellow(`Approved despite ${plural(forcedIssues, 'issue')} (--force).`));
  for (const a of r.alternatives) {
    ctx.out(
      c.dim(`  segment ${a.segment}: #${a.id} is new wording for a sentence the TM already had (${plural(a.others, 'other translation')})`),
    );
  }
  for (const s of r.skipped) ctx.out(c.yellow(`  segment ${s.segment} (line ${s.line}): ${s.reason}`));
}
