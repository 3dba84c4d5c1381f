// ntm finish: a translated XLIFF draft of an HTML or Markdown article back into the article,
// with its formatting (bold, italic, links, images) where the translator put the tags.
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { InputError, ProblemsFound, UsageError } from '../../core/errors.js';
import { codeRefs, compareCodes, normalizePieces, type CodeRef, type Piece } from '../../core/inline.js';
import { markdownToHtml } from '../../formats/article-markdown.js';
import { readFinishedDraft } from '../../formats/finished-draft.js';
import { fillSkeleton, type ArticleSyntax } from '../../formats/skeleton.js';
import type { Context } from '../context.js';
import { draftName, openDraftInput } from '../draft.js';
import { resolveTarget, writeTextWhole } from '../../store/files.js';
import { heading, warning } from '../render/messages.js';

interface FinishOptions {
  output?: string;
  force?: boolean;
  json?: boolean;
}

/** Something that keeps the article from being finished as the translator meant it. */
interface Problem {
  segment: number;
  line: number;
  message: string;
}

const OUTPUTS: Record<string, ArticleSyntax> = { '.html': 'html', '.htm': 'html', '.xhtml': 'html', '.md': 'markdown', '.markdown': 'markdown' };

export function registerFinish(program: Command, ctx: Context): void {
  program
    .command('finish')
    .summary('the translated article from an XLIFF draft, formatting included')
    .description(
      'Write the English article from an XLIFF draft that "ntm pretranslate" made of an HTML or Markdown ' +
        'article and a translator (or a CAT tool) filled in: the original document with every segment ' +
        'in English, bold, italic, links and images where the tags are in the English. The draft must be ' +
        'complete: a segment without English, or with a formatting tag missing or added, is listed and ' +
        'nothing is written (exit 1), unless --force (then the Dutch stays where there is no English, and ' +
        'tags the article does not have are left out). A Markdown article can be written as HTML too.',
    )
    .argument('<draft>', 'the translated XLIFF draft (- for standard input)')
    .option('-o, --output <article>', "the article to write (.html or .md); default: standard output, in the article's own format")
    .option('--force', 'write even with untranslated segments or mismatched tags; overwrite an existing file')
    .option('--json', 'print a report as JSON (with -o)')
    .addHelpText(
      'after',
      `
Examples:
  ntm pretranslate article.html -o draft.xlf   then translate draft.xlf in a CAT tool
  ntm finish draft.xlf -o article-en.html
  ntm finish draft.xlf -o article-en.md        a Markdown article
  ntm finish draft.xlf -o article-en.html      a Markdown article, written as HTML`,
    )
    .action(async (file: string, o: FinishOptions) => {
      const name = draftName(file);
      const toFile = o.output !== undefined && o.output !== '-';
      if (toFile) {
        const out = o.output!;
        if (!OUTPUTS[extname(out).toLowerCase()]) throw new UsageError(`${out}: write the article as .html or .md.`);
        if (!existsSync(dirname(out))) throw new InputError(`${out}: the folder ${dirname(out)} does not exist.`);
        if (existsSync(out) && statSync(out).isDirectory()) throw new InputError(`${out}: is a folder; name the article file.`);
        if (existsSync(out) && !o.force) throw new InputError(`${out} exists; choose another name, or --force to overwrite it.`);
      }
      const draft = await readFinishedDraft(openDraftInput(ctx, file), name);
      const skeleton = draft.skeleton;
      if (!skeleton) {
        throw new InputError(
          'has no article skeleton: only an XLIFF draft that "ntm pretranslate" wrote from an HTML or Markdown article can be finished',
          name,
        );
      }
      const syntax = toFile ? OUTPUTS[extname(o.output!).toLowerCase()]! : skeleton.format;
      if (syntax === 'markdown' && skeleton.format === 'html') throw new UsageError(`${name} is a draft of an HTML article: write it as .html.`);

      const problems: Problem[] = [];
      const pieces = new Map<number, Piece[]>();
      for (const n of skeleton.paragraphs.flat()) {
        const unit = draft.units.get(String(n));
        if (!unit) throw new InputError(`segment ${n} of the article is not in the draft; it cannot be finished`, name);
        if (unit.target === null) {
          problems.push({ segment: n, line: unit.line, message: 'has no English yet' });
          pieces.set(n, unit.source);
          continue;
        }
        const { missing, extra } = compareCodes(codeRefs(unit.source), codeRefs(unit.target));
        for (const ref of missing) problems.push({ segment: n, line: unit.line, message: `lacks ${describe(ref)} of the Dutch` });
        for (const ref of extra) problems.push({ segment: n, line: unit.line, message: `has ${describe(ref)}, which the Dutch does not have` });
        const known = new Set(codeRefs(unit.source).map((r) => r.key.slice(r.key.indexOf(':') + 1)));
        pieces.set(n, normalizePieces(unit.target.filter((p) => p.kind === 'text' || known.has(p.id))));
      }
      if (problems.length > 0 && !o.force) {
        for (const p of problems) ctx.err(`${name}:${p.line}: segment ${p.segment} ${p.message}`);
        throw new ProblemsFound(
          `Nothing written: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${name}. Translate or fix ${problems.length === 1 ? 'it' : 'them'} (ntm check ${file} shows the tags), or write anyway with --force.`,
        );
      }
      let article = fillSkeleton(skeleton, (n) => pieces.get(n) ?? []);
      if (syntax === 'html' && skeleton.format === 'markdown') {
        article = await markdownToHtml(article, name);
      }
      const segments = skeleton.paragraphs.flat().length;
      if (!toFile) {
        ctx.io.stdout.write(article);
        for (const p of problems) ctx.err(`${name}:${p.line}: segment ${p.segment} ${p.message} (written anyway: --force)`);
        return;
      }
      // Whole or not at all, through a symbolic link to its file, keeping the permissions of the one it replaces.
      await writeTextWhole(
        resolveTarget(o.output!, true, (why) => new InputError(`${o.output}: ${why}.`)),
        article,
      );
      if (o.json) {
        ctx.json({ draft: name, article: o.output, format: syntax, segments, problems });
        return;
      }
      ctx.out(`Wrote ${heading(ctx.c, o.output!)}: ${segments} segments of ${name}, formatting in place.`);
      for (const p of problems) ctx.out(warning(ctx.c, `  segment ${p.segment} (line ${p.line}) ${p.message}: written anyway (--force)`));
    });
}

function describe(ref: CodeRef): string {
  const id = ref.key.slice(ref.key.indexOf(':') + 1);
  const what = ref.label?.replace(/^x-/, '') ?? 'formatting';
  return ref.text ? `the ${what} tag ${id} (on “${ref.text}”)` : `the ${what} tag ${id}`;
}
