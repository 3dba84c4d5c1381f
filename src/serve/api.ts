// The routes of ntm serve: each validates what it is given, calls store and core as a command
// would, and answers with the command's JSON (lookup, concordance, check, add), so a script
// and the page see the same shapes.
import type { Database } from 'better-sqlite3';
import type { DraftUnit } from '../core/draft.js';
import { wordDiff } from '../core/diff.js';
import { pairDirection } from '../core/language.js';
import { isBlank, norm } from '../core/normalize.js';
import { describeCharacter, findUnsafe } from '../core/text-safety.js';
import { addAsDesk, PairConflictError } from '../store/add.js';
import { NtmError } from '../core/errors.js';
import { sinceValue, statusValue, type PairFilter } from '../core/filter.js';
import { lookupQueries, type LookupQuery } from '../core/lookup-queries.js';
import { phraseNeedle, phraseSpans } from '../core/phrase.js';
import type { SegmentRules } from '../core/segment/rules.js';
import type { TermInText } from '../core/terms.js';
import type { Match } from '../core/types.js';
import { concordance } from '../store/concordance.js';
import { searchWithReferences, type ReferenceTm } from '../store/reference.js';
import { getPair, invalidPairReason } from '../store/pairs.js';
import { storedTermsIn } from '../store/terms.js';
import { checkUnits } from '../cli/draft.js';
import { checkJson } from '../cli/render/check.js';
import { lookupJson, pairJson } from '../cli/render/json.js';

/** What every route works with: the open TM (and its file), who adds pairs, the reference TMs, the segmentation rules. */
export interface ApiContext {
  db: Database;
  path: string;
  by: string;
  refs: readonly ReferenceTm[];
  rules: SegmentRules;
}

/** A request the route refuses, with the HTTP status and a message for the page. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A route's answer: the JSON body and its status (200 unless said). */
export interface Answer {
  status?: number;
  body: unknown;
}

/** One API path: its method and the function that answers it. */
export interface Route {
  method: 'GET' | 'POST';
  handle(api: ApiContext, params: URLSearchParams, body: unknown): Answer | Promise<Answer>;
}

/** The longest text looked up or searched (a long paragraph). */
export const MAX_QUERY = 4_000;
/** The longest text of one pair or one draft segment. */
export const MAX_TEXT = 10_000;
/** The most segments one check takes (a very long article). */
export const MAX_SEGMENTS = 2_000;
/** The most sentences one lookup answers (a long pasted paragraph or two). */
export const MAX_SENTENCES = 50;

// SPEC refuses control characters (other than tab and line breaks, which are white space)
// and lone surrogates at the door: core/text-safety.ts says which.
function checkedText(value: string, name: string, max: number): string {
  if (value.length > max) throw new ApiError(400, `${name} is longer than ${max} characters`);
  const unsafe = findUnsafe(value);
  if (unsafe)
    throw new ApiError(400, `${name} contains a control character or broken text, ${describeCharacter(unsafe.code)}, at character ${unsafe.index + 1}`);
  return value;
}

function queryText(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || isBlank(value)) throw new ApiError(400, `${name} is missing: give the text to look for`);
  return checkedText(value, name, MAX_QUERY);
}

function intParam(params: URLSearchParams, name: string, lo: number, hi: number, fallback: number): number {
  const value = params.get(name);
  if (value === null || value === '') return fallback;
  if (!/^\d{1,4}$/.test(value) || Number(value) < lo || Number(value) > hi) {
    throw new ApiError(400, `${name} takes a whole number from ${lo} to ${hi}`);
  }
  return Number(value);
}

function boolParam(params: URLSearchParams, name: string): boolean {
  const value = params.get(name);
  if (value === null || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ApiError(400, `${name} takes true or false`);
}

function isRecord(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function field(body: Record<string, unknown>, name: string, o: { required: boolean; max?: number }): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || (!o.required && value === '')) {
    if (o.required) throw new ApiError(400, `${name} is missing`);
    return undefined;
  }
  if (typeof value !== 'string') throw new ApiError(400, `${name} must be text`);
  return checkedText(value, name, o.max ?? MAX_TEXT);
}

function lines(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (!Array.isArray(value)) throw new ApiError(400, `${name} must be a list of segments (an array of strings)`);
  if (value.length > MAX_SEGMENTS) throw new ApiError(400, `${name} has more than ${MAX_SEGMENTS} segments`);
  return value.map((v, i) => {
    if (typeof v !== 'string') throw new ApiError(400, `${name}[${i}] must be text`);
    return checkedText(v, `${name}[${i}]`, MAX_TEXT);
  });
}

/** The filter a request asks for (ref, by, tag, since, status), checked as the CLI checks its options. */
function filterParams(params: URLSearchParams): PairFilter {
  const f: PairFilter = {};
  for (const name of ['ref', 'by', 'tag'] as const) {
    const v = params.get(name);
    if (v !== null && v !== '') f[name] = checkedText(v, name, 500);
  }
  try {
    const since = params.get('since');
    if (since !== null && since !== '') f.since = sinceValue(since, 'since');
    const status = params.get('status');
    if (status !== null && status !== '') f.status = statusValue(status, undefined, 'status');
  } catch (err) {
    if (err instanceof NtmError) throw new ApiError(400, err.message);
    throw err;
  }
  return f;
}

/** One looked-up sentence as lookup's JSON, each match with its word diff against the sentence. */
function sentenceJson(q: LookupQuery, matches: Match[], terms: TermInText[], reverse: boolean) {
  const json = lookupJson(q, matches, terms);
  return {
    ...json,
    matches: json.matches.map((m, i) => ({
      ...m,
      // How the stored text differs from the sentence, word by word (as lookup shows it).
      diff: wordDiff(norm(q.text), norm(reverse ? matches[i]!.pair.target : matches[i]!.pair.source)),
    })),
  };
}

/**
 * GET /api/lookup?q=…&min=&limit=&reverse=&prev=&ref=&by=&tag=&since=&status=: lookup's JSON,
 * with `terms` and each match's word diff. A text of several sentences is looked up sentence
 * by sentence: `{"query", "sentences": [<lookup's JSON of each>]}`.
 */
function lookup(api: ApiContext, params: URLSearchParams): Answer {
  const query = queryText(params, 'q');
  const min = intParam(params, 'min', 0, 100, 70);
  const limit = intParam(params, 'limit', 1, 50, 5);
  const reverse = boolParam(params, 'reverse');
  const prevText = params.get('prev');
  const prev = prevText === null || isBlank(prevText) || reverse ? null : checkedText(prevText, 'prev', MAX_QUERY);
  const filter = filterParams(params);
  const queries = lookupQueries(query, api.rules, prev);
  if (queries.length > MAX_SENTENCES) throw new ApiError(400, `q has more than ${MAX_SENTENCES} sentences; look up a paragraph at a time`);
  const sentences = queries.map((q) => {
    if (q.notTranslated !== undefined) return sentenceJson(q, [], [], reverse);
    const matches = searchWithReferences({ db: api.db, path: api.path }, api.refs, q.text, { min, limit, reverse, filter, prev: q.prev });
    return sentenceJson(q, matches, reverse ? [] : storedTermsIn(api.db, q.text), reverse);
  });
  return { body: sentences.length === 1 ? sentences[0] : { query, sentences } };
}

/** GET /api/concordance?q=…&target=&whole=&case=&limit=&ref=…: concordance's JSON, with where the phrase stands. */
function concordanceRoute(api: ApiContext, params: URLSearchParams): Answer {
  const phrase = queryText(params, 'q');
  const target = boolParam(params, 'target');
  const mode = { wholeWord: boolParam(params, 'whole'), matchCase: boolParam(params, 'case') };
  const limit = intParam(params, 'limit', 1, 500, 50);
  const pairs = concordance(api.db, phrase, { target, limit, ...mode, filter: filterParams(params) });
  const needle = phraseNeedle(phrase, mode);
  return {
    body: {
      phrase,
      side: target ? 'target' : 'source',
      ...mode,
      pairs: pairs.map((p) => ({ ...pairJson(p), spans: phraseSpans(target ? p.target : p.source, needle, mode) })),
    },
  };
}

/** POST /api/check {"nl": [...], "en": [...]}: check's JSON, plus the segments as checked (spans point into them). */
function check(api: ApiContext, _params: URLSearchParams, body: unknown): Answer {
  if (!isRecord(body)) throw new ApiError(400, 'send {"nl": [...], "en": [...]}');
  const nl = lines(body, 'nl');
  const en = lines(body, 'en');
  if (nl.length !== en.length) {
    throw new ApiError(400, `the Dutch has ${nl.length} segments and the English ${en.length}; give one English line for each Dutch line`);
  }
  const units: DraftUnit[] = [];
  for (let i = 0; i < nl.length; i++) {
    if (isBlank(nl[i]!) && isBlank(en[i]!)) continue;
    units.push({ segment: units.length + 1, line: i + 1, source: nl[i]!, target: en[i]! });
  }
  if (units.length === 0) throw new ApiError(400, 'nothing to check: the draft is empty');
  const result = checkUnits(api.db, units);
  return {
    body: {
      ...checkJson(result),
      segments: result.segments.map((s) => ({ segment: s.segment, line: s.line, nl: s.source, en: s.target })),
    },
  };
}

/**
 * POST /api/pairs {"nl", "en", "term"?, "ref"?, "note"?, "force"?}: add's JSON (`outcome`,
 * `status`, `pair`). Stored as `ntm add` stores it, in the server's `--by` name: proposed
 * when the TM has reviewers and that name is not one of them, as one change set; a pair
 * whose Dutch reads as English and English as Dutch is refused unless `force`.
 */
async function add(api: ApiContext, _params: URLSearchParams, body: unknown): Promise<Answer> {
  if (!isRecord(body)) throw new ApiError(400, 'send {"nl": "…", "en": "…"}');
  const source = field(body, 'nl', { required: true })!;
  const target = field(body, 'en', { required: true })!;
  const ref = field(body, 'ref', { required: false, max: 500 });
  const note = field(body, 'note', { required: false, max: 2_000 });
  for (const name of ['term', 'force'] as const) {
    if (body[name] !== undefined && typeof body[name] !== 'boolean') throw new ApiError(400, `${name} must be true or false`);
  }
  const reason = invalidPairReason(source, target);
  if (reason) throw new ApiError(400, `Nothing stored: ${reason}.`);
  if (body.force !== true && (await pairDirection(source, target)) === 'reversed') {
    throw new ApiError(400, 'Nothing stored: the Dutch text reads as English and the English text as Dutch. Give the Dutch first.');
  }
  const kind = body.term === true ? 'term' : 'segment';
  const db = api.db;
  let r: ReturnType<typeof addAsDesk>;
  try {
    r = addAsDesk(db, { kind, source, target, by: api.by, ref, note });
  } catch (err) {
    if (err instanceof PairConflictError) throw new ApiError(409, err.message);
    throw err;
  }
  return {
    status: r.main.outcome === 'added' ? 201 : 200,
    body: { outcome: r.main.outcome, status: r.status, pair: pairJson(getPair(db, r.main.id)) },
  };
}

/** The API, by path. */
export const routes = new Map<string, Route>([
  ['/api/lookup', { method: 'GET', handle: lookup }],
  ['/api/concordance', { method: 'GET', handle: concordanceRoute }],
  ['/api/check', { method: 'POST', handle: check }],
  ['/api/pairs', { method: 'POST', handle: add }],
]);
