// Finding terms in running text, as a translator would: whole words in order, any case and
// inflection; on the Dutch side also inside compounds ("kalifaatstrijders" holds "kalifaat").
// A match of a longer term hides the shorter terms inside it ("Koerdische strijdkrachten" is
// not also "strijdkrachten"). The desk can narrow a term: only in the case stored ("Rijk",
// the State, not "rijk", rich), and only as the first or last part of a compound, or never
// inside one ("raad" is in "gemeenteraad", not in "raadpleging").
import { keyOf, leadOf, sameBase, sameWord, tokenize, type Lang, type Token } from './words.js';

/** Where a term may stand inside a longer Dutch word. */
export const COMPOUND_SCOPES = ['both', 'first', 'last', 'none'] as const;
export type CompoundScope = (typeof COMPOUND_SCOPES)[number];

/** A stored term with everything the desk decided about it. */
export interface TermEntry {
  /** The Dutch term as stored. */
  source: string;
  /** Approved English renderings (any one of them will do). */
  approved: string[];
  /** Renderings the desk rejected. */
  forbidden: string[];
  /** The desk's note on the term, if any. */
  note?: string | null;
  /** Found only in the case stored, also inside compounds. */
  matchCase?: boolean;
  /** Where it may stand inside a compound: first part, last part, both (the default) or none. */
  compounds?: CompoundScope;
}

/** True when a term's English equals its Dutch: a name or word the desk leaves untranslated. */
export function isDoNotTranslate(t: TermEntry): boolean {
  return t.approved.includes(t.source);
}

/** A stretch of text, as offsets (UTF-16, end exclusive). */
export interface Span {
  start: number;
  end: number;
}

/** A term found in a text. */
export interface TermOccurrence extends Span {
  term: TermEntry;
  /** The words of the text that matched. */
  text: string;
  /** Found as part of a longer Dutch word. */
  inCompound: boolean;
  /** The whole word around a part of a compound. */
  word?: Span;
  /**
   * The first part of a compound whose last part is a term too ("politierechter",
   * "parlementsverkiezingen"): the compound is a kind of its last part, and English often
   * turns the first into an adjective ("parliamentary elections").
   */
  modifier?: boolean;
}

interface IndexedTerm {
  entry: TermEntry;
  words: Token[];
}

/** Terms ready to be found quickly in many segments. */
export interface TermIndex {
  /** By the key (stem) of the first word: a word of the text finds its candidates in one look-up. */
  byKey: Map<string, IndexedTerm[]>;
  /** One-word terms of MIN_PART letters or more, by their folded form: compound first parts. */
  byWhole: Map<string, IndexedTerm[]>;
  /** The same terms by a lead of MIN_PART letters: compound heads, stemmed on demand. */
  byHeadLead: Map<string, IndexedTerm[]>;
  /** Compound parts found per folded word, as offsets in the word: a draft repeats its words. */
  compoundCache: Map<string, CompoundPart[]>;
  /** The terms a folded word may start, per word (see `candidates`). */
  candidateCache: Map<string, readonly IndexedTerm[]>;
  /** Some term matches only in its case: texts then need to know where sentences start. */
  caseSensitive: boolean;
  size: number;
}

interface CompoundPart {
  term: IndexedTerm;
  start: number;
  end: number;
}

/** A term (and a part of a compound beside it) must have this many letters to count inside a compound. */
const MIN_PART = 4;
/** The modifier before a compound head: at least this many letters ("autobom" is "auto" + "bom"). */
const MIN_MODIFIER = 3;

// A word that is a term plus one of these is a derivation, not a compound: "strijder" is
// not "strijd" + something, "moordenaar" not "moord" + something.
const DERIVATION_ENDINGS = new Set(
  [
    'aar',
    'aars',
    'enaar',
    'enaars',
    'aire',
    'baar',
    'bare',
    'dom',
    'dommen',
    'elijk',
    'elijke',
    'erij',
    'erijen',
    'heid',
    'heden',
    'ing',
    'ingen',
    'isch',
    'ische',
    'isme',
    'ist',
    'isten',
    'achtig',
    'achtige',
    'lijk',
    'lijke',
    'lijkheid',
    'loos',
    'loze',
    'schap',
    'schappen',
    'ster',
    'sters',
    'tje',
    'tjes',
    'je',
    'jes',
    'pje',
    'pjes',
    'ig',
    'ige',
    'iger',
    'igste',
    'zaam',
    'zame',
    'ling',
    'lingen',
    'en',
    'ens',
    'ers',
    'er',
    'es',
    'ste',
    'sten',
    // Adjectives made from a noun: "gewelddadig" (violent) is not "geweld" (violence) in a
    // compound, nor "winstgevend" (profitable) "winst", nor "moordlustig" "moord".
    'dadig',
    'dadige',
    'dadigheid',
    'lustig',
    'lustige',
    'zuchtig',
    'zuchtige',
    'gevend',
    'gevende',
    'waardig',
    'waardige',
    'bewust',
    'bewuste',
    'gezind',
    'gezinde',
    'matig',
    'matige',
    // … and adjectives on -ieel, -ief ("presidentiële" is not "president" + something).
    'ieel',
    'iele',
    'ieler',
    'ief',
    'ieve',
    'iever',
  ].flatMap((e) => [e, `s${e}`]),
);

// A Dutch word that is one of these plus a term is usually a verb or a derivation, not a
// compound: "bestaat", "ontstaat", "opstaat", "verstaat" do not hold the term "staat".
const NON_MODIFIERS = new Set([
  'aan',
  'af',
  'be',
  'bij',
  'door',
  'er',
  'ge',
  'her',
  'in',
  'mee',
  'mis',
  'na',
  'om',
  'ont',
  'onder',
  'op',
  'over',
  'te',
  'toe',
  'uit',
  'ver',
  'voor',
  'weg',
  'terug',
  'samen',
  'ten',
  'ter',
  'wan',
  'on',
  'oer',
]);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Indexes Dutch terms for `findTerms`. Terms stored in forms that read the same ("Bestand"
 * and "bestand", "IS-strijders" and "IS strijders") are one term here, with the renderings of
 * both: otherwise which one a segment is held to would depend on storage order.
 */
export function buildTermIndex(entries: readonly TermEntry[]): TermIndex {
  const index: TermIndex = {
    byKey: new Map(),
    byWhole: new Map(),
    byHeadLead: new Map(),
    compoundCache: new Map(),
    candidateCache: new Map(),
    caseSensitive: false,
    size: 0,
  };
  const bySignature = new Map<string, IndexedTerm>();
  for (const entry of entries) {
    const words = tokenize(entry.source, 'nl');
    if (words.length === 0) continue;
    // A term that keeps its case is another term than the same letters in another case.
    const signature = entry.matchCase ? `=${words.map((w) => w.text).join(' ')}` : words.map((w) => (w.caps ? `^${w.base}` : w.base)).join(' ');
    const same = bySignature.get(signature);
    if (same) {
      same.entry.approved = [...new Set([...same.entry.approved, ...entry.approved])];
      same.entry.forbidden = [...new Set([...same.entry.forbidden, ...entry.forbidden])];
      same.entry.note ??= entry.note;
      continue;
    }
    const t: IndexedTerm = { entry: { ...entry, approved: [...entry.approved], forbidden: [...entry.forbidden] }, words };
    bySignature.set(signature, t);
    push(index.byKey, keyOf(words[0]!.base, 'nl'), t);
    if (words.length === 1 && words[0]!.base.length >= MIN_PART) {
      const scope = entry.compounds ?? 'both';
      if (scope === 'both' || scope === 'first') push(index.byWhole, words[0]!.base, t);
      if (scope === 'both' || scope === 'last') push(index.byHeadLead, leadOf(words[0]!.base, MIN_PART), t);
    }
    if (entry.matchCase) index.caseSensitive = true;
    index.size++;
  }
  return index;
}

const UPPER_LETTER = /\p{Lu}/u;

/** True when two spellings agree in the case of every letter they both have. */
function sameCase(a: string, b: string): boolean {
  for (let k = 0; k < a.length && k < b.length; k++) if (UPPER_LETTER.test(a[k]!) !== UPPER_LETTER.test(b[k]!)) return false;
  return true;
}

/** `a` is `b`, but for the case of the first letter. */
function sameButFirstCase(a: string, b: string): boolean {
  return a.length === b.length && a.slice(1) === b.slice(1) && a[0]!.toLowerCase() === b[0]!.toLowerCase();
}

const SENTENCE_BREAK = /[.!?…]|:\s*['"‘“«]/;

/** For each token: does a sentence start with it (where every word has a capital)? */
function sentenceStarts(text: string, tokens: readonly Token[]): boolean[] {
  return tokens.map((t, i) => i === 0 || SENTENCE_BREAK.test(text.slice(tokens[i - 1]!.end, t.start)));
}

function wholeWordsAt(tokens: readonly Token[], i: number, t: IndexedTerm, starts: readonly boolean[] | null): boolean {
  if (i + t.words.length > tokens.length) return false;
  for (let j = 0; j < t.words.length; j++) {
    const tok = tokens[i + j]!;
    const word = t.words[j]!;
    if (t.entry.matchCase) {
      // At the start of a sentence a capital says nothing: there only the stored form
      // itself counts ("Rijk en gemeenten", not "Rijke landen").
      if (starts?.[i + j]) {
        if (!sameButFirstCase(tok.text, word.text)) return false;
        continue;
      }
      if (!sameCase(tok.text, word.text)) return false;
    }
    if (!sameWord(tok, word, 'nl')) return false;
  }
  return true;
}

const VOWEL = /[aeiouy]/;

/** The term parts of one folded Dutch word that is a compound: first parts and heads. */
function compoundPartsOf(b: string, index: TermIndex): CompoundPart[] {
  const cached = index.compoundCache.get(b);
  if (cached) return cached;
  const out: CompoundPart[] = [];
  for (let len = MIN_PART; len <= b.length - MIN_PART; len++) {
    const terms = index.byWhole.get(b.slice(0, len));
    if (!terms) continue;
    const rest = b.slice(len);
    if (DERIVATION_ENDINGS.has(rest) || !VOWEL.test(rest)) continue;
    for (const t of terms) out.push({ term: t, start: 0, end: len });
  }
  for (let cut = MIN_MODIFIER; cut <= b.length - MIN_PART; cut++) {
    const terms = index.byHeadLead.get(leadOf(b.slice(cut), MIN_PART));
    if (!terms) continue;
    const modifier = b.slice(0, cut);
    if (NON_MODIFIERS.has(modifier) || !VOWEL.test(modifier)) continue;
    const head = b.slice(cut);
    for (const t of terms) if (sameBase(head, t.words[0]!.base, 'nl')) out.push({ term: t, start: cut, end: b.length });
  }
  index.compoundCache.set(b, out);
  return out;
}

function compoundParts(tok: Token, index: TermIndex, text: string, sentenceStart: boolean): TermOccurrence[] {
  // Offsets in the folded word equal offsets in the text only when folding kept the length.
  if (tok.base.length !== tok.text.length || tok.caps || tok.base.length < MIN_MODIFIER + MIN_PART) return [];
  const out: TermOccurrence[] = [];
  for (const p of compoundPartsOf(tok.base, index)) {
    const part = text.slice(tok.start + p.start, tok.start + p.end);
    // A term that keeps its case needs it in the compound too ("Kamerleden", not
    // "hotelkamer"); a capital that only starts the sentence proves nothing.
    if (p.term.entry.matchCase && (sentenceStart || !sameCase(part, p.term.words[0]!.text))) continue;
    const word = { start: tok.start, end: tok.end };
    out.push({ term: p.term.entry, start: tok.start + p.start, end: tok.start + p.end, text: part, inCompound: true, word });
  }
  return out;
}

/**
 * Every term in a Dutch text, left to right. Where matches overlap, the longer one wins and
 * a match inside it is dropped; a term found twice is reported twice.
 */
export function findTerms(index: TermIndex, text: string, tokens: readonly Token[] = tokenize(text, 'nl')): TermOccurrence[] {
  const found: TermOccurrence[] = [];
  const starts = index.caseSensitive ? sentenceStarts(text, tokens) : null;
  const compounds = index.byWhole.size > 0 || index.byHeadLead.size > 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    for (const t of candidates(index, tok.base)) {
      if (!wholeWordsAt(tokens, i, t, starts)) continue;
      const end = tokens[i + t.words.length - 1]!.end;
      found.push({ term: t.entry, start: tok.start, end, text: text.slice(tok.start, end), inCompound: false });
    }
    if (compounds) for (const part of compoundParts(tok, index, text, starts?.[i] ?? false)) found.push(part);
  }
  const kept = longestFirst(found);
  for (const o of kept) {
    if (!o.word || o.start !== o.word.start) continue;
    if (kept.some((h) => h.word?.start === o.word!.start && h.end === o.word!.end && h.start >= o.end)) o.modifier = true;
  }
  return kept;
}

const NO_TERMS: readonly IndexedTerm[] = [];

const OPEN_SYLLABLE = /^(.+)([aeou])([b-df-hj-np-tv-xz])(?:e|en)$/;

/**
 * Terms whose first word may be this word: those with its key, and where Snowball stems the
 * two apart, those of the word without a plural -s or -en ("spitsen" is "spits", "kamers" is
 * "kamer") or with its long vowel written double again ("eventuele" is "eventueel");
 * `sameWord` has the last say.
 */
function candidates(index: TermIndex, base: string): readonly IndexedTerm[] {
  const cached = index.candidateCache.get(base);
  if (cached) return cached;
  let out = index.byKey.get(keyOf(base, 'nl')) ?? NO_TERMS;
  const bare = base.endsWith('en') && base.length > 5 ? base.slice(0, -2) : base.endsWith('s') && base.length > 4 ? base.slice(0, -1) : null;
  const open = base.length > 4 && (base.endsWith('e') || base.endsWith('en')) ? OPEN_SYLLABLE.exec(base) : null;
  for (const other of [bare, open ? `${open[1]}${open[2]}${open[2]}${open[3]}` : null]) {
    if (other === null) continue;
    const more = index.byKey.get(keyOf(other, 'nl'));
    if (!more || more === out) continue;
    out = out.length === 0 ? more : [...out, ...more.filter((t) => !out.includes(t))];
  }
  index.candidateCache.set(base, out);
  return out;
}

/** Drops matches that lie inside a longer (or earlier equal) match; the rest in text order. */
function longestFirst(found: TermOccurrence[]): TermOccurrence[] {
  const byLength = [...found].sort((a, b) => b.end - b.start - (a.end - a.start) || Number(a.inCompound) - Number(b.inCompound) || a.start - b.start);
  const kept: TermOccurrence[] = [];
  for (const o of byLength) {
    if (kept.some((k) => k.start <= o.start && o.end <= k.end)) continue;
    kept.push(o);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

const phraseCache = { nl: new Map<string, Token[]>(), en: new Map<string, Token[]>() };

function phraseTokens(phrase: string, lang: Lang): Token[] {
  const cache = phraseCache[lang];
  let t = cache.get(phrase);
  if (!t) {
    t = tokenize(phrase, lang);
    cache.set(phrase, t);
  }
  return t;
}

/** Where a phrase (a rendering) occurs in tokenised text: whole words in order, any inflection. */
export function findPhrase(tokens: readonly Token[], phrase: string, lang: Lang): Span[] {
  const words = phraseTokens(phrase, lang);
  const out: Span[] = [];
  if (words.length === 0) return out;
  for (let i = 0; i + words.length <= tokens.length; i++) {
    let ok = true;
    for (let j = 0; j < words.length && ok; j++) ok = sameWord(tokens[i + j]!, words[j]!, lang);
    if (ok) out.push({ start: tokens[i]!.start, end: tokens[i + words.length - 1]!.end });
  }
  return out;
}

const FUNCTION_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'and',
  'or',
  'by',
  'with',
  'from',
  'as',
  'is',
  'are',
  'was',
  'were',
  'be',
  'its',
  'their',
  'his',
  'her',
  'that',
  'this',
  'it',
]);

/**
 * The words of the target that most look like a failed attempt at a rendering: a stretch as
 * long as the rendering, placed so that a shared content word stands where it stands in the
 * rendering, sharing the most such words ("Kurdish fighters" for "Kurdish forces"). Null
 * when no word is shared.
 */
export function likelyAttempt(tokens: readonly Token[], renderings: readonly string[]): Span | null {
  let best: { span: Span; shared: number; size: number } | null = null;
  for (const r of renderings) {
    const words = phraseTokens(r, 'en');
    const content = (t: Token) => !FUNCTION_WORDS.has(t.base);
    const keys = new Set(words.filter(content).map((w) => keyOf(w.base, 'en')));
    for (let i = 0; i < tokens.length; i++) {
      if (!content(tokens[i]!)) continue;
      const key = keyOf(tokens[i]!.base, 'en');
      const j = words.findIndex((w) => content(w) && keyOf(w.base, 'en') === key);
      if (j < 0) continue;
      const from = Math.max(0, i - j);
      const to = Math.min(tokens.length - 1, i - j + words.length - 1);
      let shared = 0;
      for (let k = from; k <= to; k++) if (content(tokens[k]!) && keys.has(keyOf(tokens[k]!.base, 'en'))) shared++;
      const size = to - from + 1;
      if (!best || shared > best.shared || (shared === best.shared && size > best.size)) {
        best = { span: { start: tokens[from]!.start, end: tokens[to]!.end }, shared, size };
      }
    }
  }
  return best?.span ?? null;
}

/** A stored term found in a text, as a term pane shows it (SPEC "lookup, more": JSON `terms`). */
export interface TermInText {
  /** The Dutch term as stored. */
  term: string;
  approved: string[];
  forbidden: string[];
  /** The desk's note on the term, when there is one. */
  note?: string;
  /** Where the term stands in the text (each place it occurs), for marking it. */
  spans: Span[];
}

/**
 * The stored terms a Dutch text holds, each once, in the order they first occur, with their
 * approved and forbidden renderings: the term pane beside a match. Found exactly as `check`
 * finds them (findTerms), so the pane and the check never disagree.
 */
export function termsInText(index: TermIndex, text: string): TermInText[] {
  const byTerm = new Map<TermEntry, TermInText>();
  for (const o of findTerms(index, text)) {
    let t = byTerm.get(o.term);
    if (!t) {
      t = { term: o.term.source, approved: [...o.term.approved], forbidden: [...o.term.forbidden], spans: [] };
      if (o.term.note) t.note = o.term.note;
      byTerm.set(o.term, t);
    }
    t.spans.push({ start: o.start, end: o.end });
  }
  return [...byTerm.values()];
}
