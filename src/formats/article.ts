// An article to translate, as paragraphs of plain text. Plain text has one paragraph a line;
// HTML's block elements are paragraphs (tags stripped, entities decoded by htmlparser2);
// Markdown is rendered to HTML by marked first, so soft line breaks join and markup goes.
// Both libraries are loaded only for such articles: every other command starts faster.
import { extname } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { textParagraphs } from '../core/segment/segment.js';
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

/** The paragraphs of a Markdown text. */
export async function markdownParagraphs(markdown: string): Promise<string[]> {
  const { marked } = await import('marked');
  return htmlParagraphs(marked.parse(markdown, { async: false, gfm: true }));
}

/** The paragraphs of an article in the given format. */
export async function articleParagraphs(text: string, format: ArticleFormat): Promise<string[]> {
  switch (format) {
    case 'markdown':
      return markdownParagraphs(text);
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
