// What analyze, pretranslate and segment share: reading an article (file or stdin, text,
// Markdown or HTML) and the segmentation rules (shipped, extended by --rules or
// $NTM_SEGMENT_RULES), and the options that choose them.
import type { Command } from 'commander';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { InputError, UsageError } from '../core/errors.js';
import { compileRules, dutchRules, SHIPPED_RULES, validateRulesSpec, type SegmentRules } from '../core/segment/rules.js';
import { segmentParagraphs, type Segment } from '../core/segment/segment.js';
import { ARTICLE_FORMATS, articleFormatOf, articleParagraphs, readText, type ArticleFormat } from '../formats/article.js';
import type { Context } from './context.js';

export interface ArticleOptions {
  rules?: string;
  format?: string;
}

/** Adds --rules and --format to a command that reads an article. */
export function articleOptions(cmd: Command): Command {
  return cmd
    .option('--rules <file>', 'extra segmentation rules (JSON; default: $NTM_SEGMENT_RULES); see the README')
    .option('--format <format>', `the article's format (${ARTICLE_FORMATS.join(', ')}); default: from the file name`);
}

/** A JSON error's character offset as a line number, when the message gives one. */
function jsonErrorLine(text: string, message: string): number | undefined {
  const at = /position (\d+)/.exec(message);
  if (!at) return undefined;
  return text.slice(0, Number(at[1])).split('\n').length;
}

/** The rules in force: the shipped Dutch rules, extended by the user's file if there is one. */
export function loadRules(ctx: Context, option?: string): SegmentRules {
  const file = option ?? (ctx.io.env.NTM_SEGMENT_RULES || undefined);
  if (!file) return dutchRules();
  if (!existsSync(file)) {
    const from = option ? '--rules' : '$NTM_SEGMENT_RULES';
    throw new InputError(`${file}: no such rules file (named by ${from}).`);
  }
  if (statSync(file).isDirectory()) throw new InputError(`${file}: is a folder, not a rules file.`);
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    throw new InputError(`not valid JSON (${message.replace(/^.*?: /, '')})`, file, jsonErrorLine(text, message));
  }
  return compileRules([validateRulesSpec(parsed, file), SHIPPED_RULES], file);
}

/** The article's segments; `file` may be `-` for standard input. */
export async function loadSegments(ctx: Context, file: string, o: ArticleOptions): Promise<{ name: string; segments: Segment[] }> {
  if (o.format && !ARTICLE_FORMATS.includes(o.format as ArticleFormat)) {
    throw new UsageError(`--format takes one of ${ARTICLE_FORMATS.join(', ')}, not "${o.format}".`);
  }
  const rules = loadRules(ctx, o.rules);
  const name = file === '-' ? '<stdin>' : file;
  if (file !== '-') {
    if (!existsSync(file)) throw new InputError(`${file}: no such file.`);
    if (statSync(file).isDirectory()) throw new InputError(`${file}: is a folder, not an article.`);
  }
  const text = await readText(file === '-' ? ctx.io.stdin : createReadStream(file), name);
  const format = (o.format as ArticleFormat | undefined) ?? (file === '-' ? 'text' : articleFormatOf(file));
  const segments = segmentParagraphs(await articleParagraphs(text, format, name), rules);
  if (segments.length === 0) throw new InputError('has no text to translate', name);
  return { name, segments };
}
