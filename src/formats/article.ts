// An article to translate, as paragraphs of plain text. Plain text has one paragraph a line;
// HTML's block elements are paragraphs (tags stripped, entities decoded by htmlparser2);
// Markdown's blocks are read by markdown-it, so soft line breaks join and markup goes.
// markdown-it, not marked: it bounds nesting and stays fast on hostile input (thousands of
// quote levels, emphasis runs), where marked overflowed the stack or grew super-linearly.
// Both keep the formatting as inline codes for drafts that carry it (article-html.ts,
// article-markdown.ts). The libraries are loaded only for such articles: every other
// command starts faster.
import { extname } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { textParagraphs } from '../core/segment/segment.js';
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

/** The paragraphs of a Markdown text (see article-markdown.ts); `file` names it in the refusal of a too-deep one. */
export async function markdownParagraphs(markdown: string, file?: string): Promise<string[]> {
  return plainParagraphs(await readMarkdownArticle(markdown, file));
}

/** The plain text of a formatted article's paragraphs: what segmentation and matching see. */
function plainParagraphs(article: FormattedArticle): string[] {
  return article.paragraphs.map((p) => piecesText(normalizePieces(p.pieces)));
}

/** An HTML or Markdown article with its formatting as inline codes; null for plain text. */
export async function formattedArticle(text: string, format: ArticleFormat, file?: string): Promise<FormattedArticle | null> {
  if (format === 'html') return compactCodes(await readHtmlArticle(text));
  if (format === 'markdown') return compactCodes(await readMarkdownArticle(text, file));
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
