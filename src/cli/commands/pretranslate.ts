// ntm pretranslate: a bilingual draft of an article, each segment starting from the desk's
// approved wording, ready to edit in a spreadsheet and to approve back into the TM.
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DraftMatch, DraftRow } from '../../core/draft.js';
import { InputError } from '../../core/errors.js';
import { norm } from '../../core/normalize.js';
import { draftRow, formattedRow } from '../../core/pretranslate.js';
import type { Match } from '../../core/types.js';
import { bestMatches } from '../../store/best-match.js';
import { storedTermsIn } from '../../store/terms.js';
import { resolveTarget, writeTextWhole } from '../../store/files.js';
import { articleOptions, loadSegments, type ArticleOptions } from '../article.js';
import { type Context, intOption } from '../context.js';
import { draftWriteFormatOf, writeDraft } from '../../formats/draft.js';
import type { XliffDraftHeader } from '../../formats/draft-xliff.js';
import { encodeSkeleton, skeletonOf } from '../../formats/skeleton.js';
import { VERSION } from '../version.js';
import { pretranslateReport } from '../render/reports.js';

interface PretranslateOptions extends ArticleOptions {
  output?: string;
  min: number;
  force?: boolean;
  json?: boolean;
}

/** Exact matches asked for per segment: enough to see whether a sentence has several approved targets. */
const EXACT_PER_SEGMENT = 5;

export function registerPretranslate(program: Command, ctx: Context): void {
  const cmd = program
    .command('pretranslate')
    .summary('a bilingual draft of an article, filled from approved matches')
    .description(
      'Split a Dutch article into segments and write a draft: for each segment the approved English of ' +
        'its best match (100% or fuzzy from --min up) with the score, empty where nothing matches. ' +
        'When a fuzzy match differs from the segment only in its numbers, the numbers in the English ' +
        'are changed to the segment\'s (match "adapted"). Edit the English, then "ntm approve". ' +
        'The draft is TSV (a spreadsheet opens it), or XLIFF 1.2 for a CAT tool with -o draft.xlf. ' +
        'TSV columns: segment, paragraph, nl, en, score, match (exact, fuzzy, adapted, none, copy), ' +
        'tm_id (the pair used), tm_nl (its Dutch, for fuzzy matches), note. In XLIFF the same is in ' +
        'each trans-unit: target state (translated for exact matches, needs-review-translation for ' +
        'fuzzy ones, no target where nothing matched), alt-trans with the match and its score, ' +
        'note, and ntm:* attributes.',
    )
    .argument('<article>', 'the article (.txt, .md, .html; - for standard input)');
  articleOptions(cmd)
    .option('-o, --output <draft>', 'the draft file to write (.tsv, or .xlf for XLIFF 1.2); default: TSV on standard output')
    .option('--min <score>', 'lowest fuzzy score used, 0–100', intOption('--min', 0, 100), 75)
    .option('--force', 'overwrite an existing draft file')
    .option('--json', 'print the draft rows and counts as JSON (with -o, the file is still written)')
    .addHelpText(
      'after',
      `
Examples:
  ntm pretranslate article.txt -o draft.tsv
  ntm pretranslate article.md -o draft.tsv --min 85
  ntm pretranslate article.txt -o draft.xlf      XLIFF 1.2 for a CAT tool
  ntm pretranslate - < article.txt > draft.tsv`,
    )
    .action(async (file: string, o: PretranslateOptions) => {
      const toFile = o.output !== undefined && o.output !== '-';
      const format = draftWriteFormatOf(o.output ?? '-');
      if (toFile) {
        if (!existsSync(dirname(o.output!))) throw new InputError(`${o.output}: the folder ${dirname(o.output!)} does not exist.`);
        if (existsSync(o.output!)) {
          if (statSync(o.output!).isDirectory()) throw new InputError(`${o.output}: is a folder; name a draft file.`);
          if (!o.force) {
            throw new InputError(`${o.output} exists and may hold your edits; choose another name, or --force to overwrite it.`);
          }
        }
      }
      const { name, segments, formatting } = await loadSegments(ctx, file, o);
      const plainRows = await ctx.read(({ db }) => {
        const seen = new Map<string, Match[]>();
        return segments.map((s, i) => {
          if (!s.translatable) return draftRow(s, []);
          // The sentence before it: of several 100 % matches, the one approved after it wins.
          const prev = i > 0 ? segments[i - 1]!.text : null;
          const key = `${norm(s.text)}\n${prev ?? ''}`;
          let matches = seen.get(key);
          if (!matches) {
            matches = bestMatches(db, s.text, { min: o.min, limit: 1, exactLimit: EXACT_PER_SEGMENT, prev });
            seen.set(key, matches);
          }
          return draftRow(s, matches, storedTermsIn(db, s.text));
        });
      });
      const header: XliffDraftHeader = { original: name, toolVersion: VERSION };
      let rows = plainRows;
      let rebuildable = false;
      if (formatting) {
        const bySegment = new Map(formatting.paragraphs.flat().map((s) => [s.number, s.pieces]));
        rows = plainRows.map((r) => formattedRow(r, bySegment.get(r.segment) ?? [], formatting.article.codes));
        const skeleton = skeletonOf(formatting.format, formatting.article, formatting.paragraphs);
        rebuildable = skeleton !== null;
        Object.assign(header, {
          codes: formatting.article.codes,
          datatype: formatting.format === 'html' ? 'html' : 'x-markdown',
          ...(skeleton ? { skeleton: encodeSkeleton(skeleton) } : {}),
        });
      }
      const text = writeDraft(format, rows, header);
      const counts = countMatches(rows);
      if (!toFile) {
        if (o.json) ctx.json({ article: name, draft: null, counts, rows });
        else ctx.io.stdout.write(text);
        return;
      }
      // Whole or not at all, through a symbolic link to its file, keeping the permissions of the one it replaces.
      await writeTextWhole(
        resolveTarget(o.output!, true, (why) => new InputError(`${o.output}: ${why}.`)),
        text,
      );
      if (o.json) {
        ctx.json({ article: name, draft: o.output, counts, rows });
        return;
      }
      const report = {
        output: o.output!,
        article: name,
        segments: rows.length,
        counts,
        xliff: format === 'xliff',
        formatting: formatting ? (rebuildable ? ('rebuildable' as const) : ('unplaced' as const)) : null,
      };
      for (const line of pretranslateReport(ctx.c, report)) ctx.out(line);
    });
}

/** Rows per kind of match. */
function countMatches(rows: readonly DraftRow[]): Record<DraftMatch, number> {
  const counts: Record<DraftMatch, number> = { exact: 0, fuzzy: 0, adapted: 0, none: 0, copy: 0 };
  for (const r of rows) counts[r.match]++;
  return counts;
}
