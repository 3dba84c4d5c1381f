// An article to translate, as paragraphs of plain text. Plain text has one paragraph a line;
// HTML's block elements are paragraphs (tags stripped, entities decoded by htmlparser2);
// Markdown is rendered to HTML by markdown-it first, so soft line breaks join and markup goes.
// markdown-it, not marked: it bounds nesting and stays fast on hostile input (thousands of
// quote levels, emphasis runs), where marked overflowed the stack or grew super-linearly.
// Both libraries are loaded only for such articles: every other command starts faster.
import type { Options as MarkdownOptions } from 'markdown-it';
import { extname } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { textParagraphs } from '../core/segment/segment.js';
import { InputError } from '../core/errors.js';
import { utf8Checker } from './text-input.js';

export const ARTICLE_FORMATS = ['text', 'markdown', 'html'] as const;
export type ArticleFormat = (typeof ARTICLE_FORMATS)[number];

/** The format an article file is in, from its name (plain text when unsure). */
export function articleFormatOf(file: string): ArticleFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') return 'html';
  return 'text';
}

/** Elements whose start or end ends a paragraph. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li',
  'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'td', 'th', 'tr', 'ul',
]);

/** Elements whose text is not part of the article (the <title> in <head> repeats the headline). */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'head']);

/** The paragraphs of an HTML document or fragment: text content only, one per block. */
export async function htmlParagraphs(html: string): Promise<string[]> {
  const { Parser } = await import('htmlparser2');
  const out: string[] = [];
  let current = '';
  let skipping = 0;
  const flush = (): void => {
    const t = current.replace(/\s+/gu, ' ').trim();
    if (t) out.push(t);
    current = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipping++;
        if (BLOCKS.has(name)) flush();
      },
      ontext(text) {
        if (skipping === 0) current += text;
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipping = Math.max(0, skipping - 1);
        if (BLOCKS.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return out;
}

/**
 * How deep Markdown blocks (quotes, lists) may nest. markdown-it stops reading a document at
 * its nesting limit and drops the rest, so reaching it is refused, never a shortened article.
 */
export const MAX_MARKDOWN_NESTING = 64;

/** The paragraphs of a Markdown text; `file` names it in the refusal of a too-deep one. */
export async function markdownParagraphs(markdown: string, file?: string): Promise<string[]> {
  const { default: MarkdownIt } = await import('markdown-it');
  // GFM's tables and strikethrough are on in markdown-it's default preset; raw HTML passes
  // through to htmlParagraphs, which strips its tags as in an HTML article.
  // maxNesting is a preset option that @types/markdown-it leaves out of Options.
  const md = new MarkdownIt('default', { html: true, maxNesting: MAX_MARKDOWN_NESTING } as MarkdownOptions);
  const env = {};
  const tokens = md.parse(markdown, env);
  const deep = tokens.find((t) => t.level >= MAX_MARKDOWN_NESTING - 1);
  if (deep) {
    throw new InputError(
      `quotes or lists are nested more than ${MAX_MARKDOWN_NESTING - 2} levels deep here; ntm does not read Markdown this deep`,
      file,
      deep.map ? deep.map[0] + 1 : undefined,
    );
  }
  return htmlParagraphs(md.renderer.render(tokens, md.options, env));
}

/** The paragraphs of an article in the given format. */
export async function articleParagraphs(text: string, format: ArticleFormat, file?: string): Promise<string[]> {
  switch (format) {
    case 'markdown':
      return markdownParagraphs(text, file);
    case 'html':
      return htmlParagraphs(text);
    default:
      return textParagraphs(text);
  }
}

/** All of a text file, checked to be UTF-8 (binary or other encodings are InputErrors). */
export async function readText(input: Readable, file: string): Promise<string> {
  const checker = utf8Checker(file);
  let failure: unknown = null;
  pipeline(input, checker, (err) => {
    if (err) failure = err;
  });
  let text = '';
  try {
    for await (const chunk of checker as AsyncIterable<string>) text += chunk;
  } catch (err) {
    throw failure ?? err;
  }
  if (failure) throw failure;
  return text;
}
