// An article to translate, as paragraphs of plain text. Plain text has one paragraph a line;
// HTML's block elements are paragraphs (tags stripped, entities decoded by htmlparser2);
// Markdown's blocks are read by marked's lexer, so soft line breaks join and markup goes.
// Both keep the formatting as inline codes for drafts that carry it (article-html.ts,
// article-markdown.ts). The libraries are loaded only for such articles: every other
// command starts faster. A Markdown article is first parsed by markdown-it, which bounds
// nesting, so that one nested too deep is refused before marked reads it.
import type { Options as MarkdownOptions } from 'markdown-it';
import { extname } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { textParagraphs } from '../core/segment/segment.js';
import { InputError } from '../core/errors.js';
import { normalizePieces, piecesText } from '../core/inline.js';
import { readHtmlArticle, type FormattedArticle } from './article-html.js';
import { readMarkdownArticle } from './article-markdown.js';
import { compactCodes } from './skeleton.js';
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

/** The paragraphs of an HTML document or fragment: text content only, one per block (see article-html.ts). */
export async function htmlParagraphs(html: string): Promise<string[]> {
  return plainParagraphs(await readHtmlArticle(html));
}

/**
 * How deep Markdown blocks (quotes, lists) may nest. markdown-it stops reading a document at
 * its nesting limit and drops the rest, so reaching it is refused, never a shortened article.
 */
export const MAX_MARKDOWN_NESTING = 64;

/** Refuses a Markdown text nested too deep; `file` names it in the refusal. */
async function refuseDeepMarkdown(markdown: string, file?: string): Promise<void> {
  const { default: MarkdownIt } = await import('markdown-it');
  // maxNesting is a preset option that @types/markdown-it leaves out of Options.
  const md = new MarkdownIt('default', { html: true, maxNesting: MAX_MARKDOWN_NESTING } as MarkdownOptions);
  const deep = md.parse(markdown, {}).find((t) => t.level >= MAX_MARKDOWN_NESTING - 1);
  if (deep) {
    throw new InputError(
      `quotes or lists are nested more than ${MAX_MARKDOWN_NESTING - 2} levels deep here; ntm does not read Markdown this deep`,
      file,
      deep.map ? deep.map[0] + 1 : undefined,
    );
  }
}

/** The paragraphs of a Markdown text (see article-markdown.ts); `file` names it in the refusal of a too-deep one. */
export async function markdownParagraphs(markdown: string, file?: string): Promise<string[]> {
  await refuseDeepMarkdown(markdown, file);
  return plainParagraphs(await readMarkdownArticle(markdown));
}

/** The plain text of a formatted article's paragraphs: what segmentation and matching see. */
function plainParagraphs(article: FormattedArticle): string[] {
  return article.paragraphs.map((p) => piecesText(normalizePieces(p.pieces)));
}

/** An HTML or Markdown article with its formatting as inline codes; null for plain text. */
export async function formattedArticle(text: string, format: ArticleFormat, file?: string): Promise<FormattedArticle | null> {
  if (format === 'html') return compactCodes(await readHtmlArticle(text));
  if (format === 'markdown') {
    await refuseDeepMarkdown(text, file);
    return compactCodes(await readMarkdownArticle(text));
  }
  return null;
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
