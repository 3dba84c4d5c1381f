// ntm check: where a draft translation leaves the desk's approved wording.
import type { Command } from 'commander';
import { ISSUE_KINDS, SEVERITY, type IssueKind } from '../../core/check.js';
import type { DraftUnit } from '../../core/draft.js';
import { InputError, ProblemsFound, UsageError } from '../../core/errors.js';
import { failsOn, SEVERITIES, type Severity } from '../../core/findings.js';
import { DRAFT_FORMATS, type DraftFormat } from '../../formats/draft.js';
import { collect, type Context } from '../context.js';
import { checkUnits, draftName, printCheck, readAlignedDraft, readDraftFile } from '../draft.js';
import { acceptInteractively } from '../check-accept.js';

interface CheckOptions {
  source?: string;
  target?: string;
  format?: string;
  ignore?: string[];
  json?: boolean;
  exitCode: boolean;
  failOn?: string;
  showAccepted?: boolean;
  accept?: boolean;
  by?: string;
}

const FAIL_ON = [...SEVERITIES, 'none'] as const;

export function registerCheck(program: Command, ctx: Context): void {
  program
    .command('check')
    .summary('check a draft translation against the approved terms, TM and numbers')
    .description(
      'Check a draft translation: terms missing or rendered in a rejected way, sentences the TM has ' +
        'approved wording for, the same Dutch translated two ways, numbers, times and dates that do not ' +
        'match, Dutch left untranslated. The draft is a draft from "ntm pretranslate" (TSV or XLIFF), any ' +
        'TSV or CSV with nl and en columns (or Dutch<TAB>English a line), an XLIFF 1.2/2.0 or TMX file ' +
        '(every segment with an English target is checked, whatever its state), or two line-aligned text files.\n\n' +
        `Issue kinds: ${ISSUE_KINDS.map((k) => `${k} (${SEVERITY[k]})`).join(', ')}.`,
    )
    .argument('[draft]', 'the draft: TSV, CSV, XLIFF or TMX with Dutch and English; - reads standard input')
    .option('--source <file>', 'the Dutch text, one segment a line (with --target)')
    .option('--target <file>', 'the English text, line-aligned with --source')
    .option('--format <format>', `force the draft format (${DRAFT_FORMATS.join(', ')}); default: from the file name`)
    .option('--ignore <kind>', 'leave one kind of issue out of this run (repeatable)', collect)
    .option('--fail-on <severity>', `which findings make the exit status 1: ${FAIL_ON.join(', ')} (default warning: any)`)
    .option('--show-accepted', 'also list the findings of this draft that were accepted earlier, with who, when and why')
    .option('--accept', 'go through the findings one by one and accept those that are fine (asks on the terminal)')
    .option('--by <name>', 'who accepts findings with --accept (default: your user name)')
    .option('--json', 'print the issues as JSON')
    .option('--no-exit-code', 'exit 0 even when there are issues (as --fail-on none)')
    .addHelpText(
      'after',
      `
Examples:
  ntm check draft.tsv
  ntm check draft.xlf
  ntm check --source article-nl.txt --target article-en.txt
  ntm check draft.tsv --json > issues.json
  ntm check draft.tsv --fail-on error           exit 1 only for errors, not warnings
  ntm check draft.tsv --accept                  judge the findings one by one
  paste nl.txt en.txt | ntm check -

Silencing a false alarm:
  ntm accept 3f9a2c41b07e --note "trainers: shoes here"
                                               that finding, for that sentence, in every draft
  ntm add --term "autobom" "vehicle bomb"      another approved rendering of a term
  ntm add --term Rijk State --match-case       a term found only in its case
  ntm add --term raad council --in-compounds last
                                               only as the last part of a compound
  ntm add "<Dutch sentence>" "<English>"        approve a whole segment: it is not checked again
  ntm check draft.tsv --ignore number-mismatch  leave a kind out of one run

Exit status: 0 no findings (at --fail-on's level), 1 findings, 2 bad input.`,
    )
    .action(async (draft: string | undefined, o: CheckOptions) => {
      const ignore = parseKinds(o.ignore ?? []);
      const failOn = parseFailOn(o);
      if (o.accept && (draft === '-' || o.source === '-' || o.target === '-')) {
        throw new UsageError('--accept reads your answers from standard input: give the draft as a file, not -.');
      }
      if (o.accept && o.json) throw new UsageError('--accept asks questions; it does not go with --json.');
      const units = await readUnits(ctx, draft, o);
      if (units.length === 0) throw new InputError('the draft has no segments to check', nameOf(draft, o));
      let result = await ctx.read(({ db }) => checkUnits(db, units, ignore));
      if (o.accept && result.issues.length > 0) {
        result = await acceptInteractively(ctx, result, o.by ?? ctx.defaultUser(), () => ctx.read(({ db }) => checkUnits(db, units, ignore)));
      } else {
        printCheck(ctx, result, o.json === true, {}, { showAccepted: o.showAccepted === true });
      }
      // The report already says what was found; the exit status is for scripts.
      if (result.issues.some((i) => failsOn(i.severity, failOn))) throw new ProblemsFound('');
    });
}

function parseKinds(values: string[]): Set<IssueKind> {
  for (const v of values) {
    if (!ISSUE_KINDS.includes(v as IssueKind)) {
      throw new UsageError(`--ignore takes an issue kind (${ISSUE_KINDS.join(', ')}), not "${v}".`);
    }
  }
  return new Set(values as IssueKind[]);
}

function parseFailOn(o: CheckOptions): Severity | 'none' {
  if (o.failOn === undefined) return o.exitCode ? 'warning' : 'none';
  if (!FAIL_ON.includes(o.failOn as Severity | 'none')) throw new UsageError(`--fail-on takes ${FAIL_ON.join(', ')}, not "${o.failOn}".`);
  return o.exitCode ? (o.failOn as Severity | 'none') : 'none';
}

function nameOf(draft: string | undefined, o: CheckOptions): string {
  if (draft !== undefined) return draftName(draft);
  return `${o.source} + ${o.target}`;
}

async function readUnits(ctx: Context, draft: string | undefined, o: CheckOptions): Promise<DraftUnit[]> {
  if (o.format !== undefined && !DRAFT_FORMATS.includes(o.format as DraftFormat)) {
    throw new UsageError(`--format takes one of ${DRAFT_FORMATS.join(', ')}, not "${o.format}".`);
  }
  if (draft !== undefined) {
    if (o.source !== undefined || o.target !== undefined) {
      throw new UsageError('Give either a draft file or --source and --target, not both.');
    }
    return readDraftFile(ctx, draft, o.format as DraftFormat | undefined);
  }
  if (o.source === undefined || o.target === undefined) {
    throw new UsageError('Nothing to check: give a draft file (TSV, CSV, XLIFF or TMX), or both --source and --target.');
  }
  if (o.source === '-' && o.target === '-') throw new UsageError('Only one of --source and --target can be standard input.');
  return readAlignedDraft(ctx, o.source, o.target);
}
