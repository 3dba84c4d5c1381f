// ntm lookup: earlier approved wording for a sentence (or each sentence of a pasted
// paragraph), exact and fuzzy, best first, with the stored terms of the sentence beside the
// matches; filtered, in context, and across reference TMs when asked.
import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import { InputError, UsageError } from '../../core/errors.js';
import { isEmptyFilter, type PairFilter } from '../../core/filter.js';
import { lookupQueries, type LookupQuery } from '../../core/lookup-queries.js';
import { isBlank } from '../../core/normalize.js';
import type { SegmentRules } from '../../core/segment/rules.js';
import type { TermInText } from '../../core/terms.js';
import type { Match } from '../../core/types.js';
import type { Database } from 'better-sqlite3';
import { recordUse } from '../../store/pairs.js';
import { searchWithReferences, type ReferenceTm } from '../../store/reference.js';
import { storedTermsIn } from '../../store/terms.js';
import { loadRules } from '../article.js';
import { type Context, intOption } from '../context.js';
import { filterOf, filterOptions, type FilterOptions } from '../filters.js';
import { lookupJson } from '../render/json.js';
import { heading, hint } from '../render/messages.js';
import { renderMatch, renderTermPane } from '../render/text.js';
import { interactiveLookup } from './lookup-interactive.js';
import { collect } from '../context.js';
import { openReferences } from '../references.js';

interface LookupOptions extends FilterOptions {
  min: number;
  limit: number;
  reverse?: boolean;
  json?: boolean;
  use?: boolean;
  interactive?: boolean;
  prev?: string;
  also: string[] | false;
  rules?: string;
}

export function registerLookup(program: Command, ctx: Context): void {
  const cmd = program
    .command('lookup')
    .summary('find approved wording for a sentence or a paragraph (exact and fuzzy matches, and its terms)')
    .description(
      'Find stored pairs whose Dutch source is like the text, with the match score and the differences, and ' +
        'the stored terms of the text with their approved and forbidden renderings. A text of several ' +
        'sentences is cut as "ntm segment" cuts an article and looked up sentence by sentence.\n' +
        'Score = floor(100 × (1 − edit distance / length of the longer text)); 100 means identical. ' +
        'When a sentence has several 100% matches, the one approved after the same sentence as the one ' +
        'before yours (--prev; in a paragraph, the sentence before it) comes first, marked "context match".',
    )
    .argument('[text]', 'the Dutch text to look up (a sentence or a paragraph); - reads one text a line from standard input')
    .option('--min <score>', 'lowest score shown, 0–100', intOption('--min', 0, 100), 70)
    .option('--limit <n>', 'most matches shown per sentence', intOption('--limit', 1, 1000), 5)
    .option('--reverse', 'look up English text and show the Dutch (en → nl)')
    .option('--prev <sentence>', 'the Dutch sentence before this one in the article: its in-context match comes first')
    .option('--also <file>', 'also look up in this reference TM, read-only (repeatable; adds to "ntm settings also")', collect, [])
    .option('--no-also', 'leave out the default reference TMs of "ntm settings also"');
  filterOptions(cmd)
    .option('--use', 'count the best match as used (you took its wording)')
    .option('-i, --interactive', 'a prompt: paste sentence after sentence (or paragraphs), see matches at once')
    .option('--rules <file>', 'extra segmentation rules for pasted paragraphs (JSON; default: $NTM_SEGMENT_RULES)')
    .option('--json', 'print JSON (one line per sentence when there are several)')
    .addHelpText(
      'after',
      `
Examples:
  ntm lookup "De Koerdische strijdkrachten melden zeventien doden."
  ntm lookup "zelfbenoemde kalifaat" --min 50 --limit 10
  ntm lookup --reverse "Kurdish forces"
  ntm lookup "$(cat paragraph.txt)"           each sentence of the paragraph in turn
  ntm lookup "Het vuur is geblust." --prev "De brandweer rukte uit."
  ntm lookup "De gevangenis werd bestormd." --ref hasaka-2022 --since 2022-01-01
  ntm lookup "De gevangenis werd bestormd." --also ~/archive.sqlite
  ntm lookup - --json < sentences.txt      one JSON line per sentence
  ntm lookup -i                             paste sentences or paragraphs; empty line or Ctrl-D ends`,
    )
    .action(async (text: string | undefined, o: LookupOptions) => {
      if (o.interactive && text !== undefined) throw new UsageError('Give either a text to look up or -i for the prompt, not both.');
      if (!o.interactive && text === undefined) throw new UsageError('Nothing to look up: give a text, - for standard input, or -i for a prompt.');
      if (text !== undefined && text !== '-' && isBlank(text)) throw new InputError('Nothing to look up: the text is empty.');
      if (o.prev !== undefined && o.reverse) throw new UsageError('--prev is the Dutch sentence before; it goes with a Dutch lookup, not --reverse.');
      const filter = filterOf(o);
      const rules = loadRules(ctx, o.rules);
      const session = o.use ? ctx.write.bind(ctx) : ctx.read.bind(ctx);
      await session(async (store) => {
        const refs = openReferences(ctx, store, o.also);
        try {
          const look = new Looker(ctx, store.db, store.path, refs, rules, { ...o, filter });
          if (o.interactive) {
            await interactiveLookup(ctx, (line) => look.text(line, 'prompt'), { json: o.json ?? false, reverse: o.reverse ?? false });
          } else if (text !== '-') {
            look.text(text!, 'one');
          } else {
            const lines = createInterface({ input: ctx.io.stdin, crlfDelay: Infinity });
            for await (const line of lines) if (!isBlank(line)) look.text(line, 'stream');
          }
        } finally {
          for (const r of refs) r.close();
        }
      });
    });
}

/** Looks texts up one after another, carrying each sentence's context to the next. */
class Looker {
  private prev: string | null;
  private printed = 0;

  constructor(
    private readonly ctx: Context,
    private readonly db: Database,
    private readonly tm: string,
    private readonly refs: readonly ReferenceTm[],
    private readonly rules: SegmentRules,
    private readonly o: Omit<LookupOptions, 'also'> & { filter: PairFilter },
  ) {
    this.prev = o.prev ?? null;
  }

  /**
   * Looks up a text: the only one, one line of many (standard input), or one pasted at the
   * prompt. Of many, each sentence is the context of the next, as in the article they come from.
   */
  text(text: string, from: 'one' | 'stream' | 'prompt'): void {
    const queries = lookupQueries(text, this.rules, this.o.reverse ? null : this.prev);
    // A heading over each sentence when there are several (the prompt shows what was pasted).
    const headed = from === 'stream' || queries.length > 1;
    if (from === 'prompt') this.printed = 0;
    for (const q of queries) {
      this.answer(q, headed);
      if (from !== 'one' && !this.o.reverse) this.prev = q.text;
    }
  }

  private answer(q: LookupQuery, many: boolean): void {
    const { ctx, o } = this;
    let matches: Match[] = [];
    let terms: TermInText[] = [];
    if (q.notTranslated === undefined) {
      matches = searchWithReferences({ db: this.db, path: this.tm }, this.refs, q.text, {
        min: o.min,
        limit: o.limit,
        reverse: o.reverse,
        filter: o.filter,
        prev: q.prev,
      });
      if (o.use && matches[0] && matches[0].tm === this.tm) recordUse(this.db, matches[0].pair.id);
      if (!o.reverse) terms = storedTermsIn(this.db, q.text);
    }
    if (o.json) {
      ctx.json(lookupJson(q, matches, terms));
      return;
    }
    if (many) {
      if (this.printed++ > 0) ctx.out();
      ctx.out(heading(ctx.c, `› ${q.text}`));
    }
    if (q.notTranslated !== undefined) {
      ctx.out(hint(ctx.c, `Not looked up: ${q.notTranslated} (copied, not translated).`));
      return;
    }
    if (matches.length === 0) {
      const among = isEmptyFilter(o.filter) ? '' : ' among the pairs the filter admits';
      ctx.out(hint(ctx.c, `No approved wording scores ${o.min}% or more${among}. Lower --min to see weaker matches.`));
    }
    for (const m of matches) for (const line of renderMatch(ctx.c, q.text, m, o.reverse ?? false, this.tm)) ctx.out(line);
    for (const line of renderTermPane(ctx.c, terms)) ctx.out(line);
  }
}
