// The benchmark's translation memories: real Dutch–English pairs, and for sizes beyond what
// the real pairs hold, deterministic small edits of them (a word swapped, dropped or added, a
// number changed, a typo, punctuation). Same input, same output, on every machine.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function clean(s) {
  return s.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** The NTREX-128 news pairs (../shared/corpora/news), cleaned; [] when that file is absent. */
export function loadNewsPairs(root) {
  const tsv = join(corporaDir(root), 'news', 'ntrex128-nl-en.tsv');
  if (!existsSync(tsv)) return [];
  const out = [];
  for (const line of readFileSync(tsv, 'utf8').split('\n')) {
    const [nl, en] = line.split('\t');
    if (nl && en) out.push({ source: clean(nl), target: clean(en) });
  }
  return out;
}

/**
 * The folder of real Dutch–English pairs every benchmark reads, ../shared/corpora; without it
 * a benchmark stops with one line saying so (there is no stand-in: figures from other text
 * would not be comparable).
 */
export function corporaDir(root) {
  const dir = join(root, '..', 'shared', 'corpora');
  if (!existsSync(dir)) {
    console.error(`The benchmarks need ../shared/corpora (real Dutch–English pairs, nl<TAB>en TSV) beside the repository; ${dir} does not exist.`);
    process.exit(2);
  }
  return dir;
}

/** Every .tsv file under the corpora folder, in a fixed order. */
export function corporaFiles(root) {
  const walk = (dir) =>
    readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const p = join(dir, name);
        return statSync(p).isDirectory() ? walk(p) : name.endsWith('.tsv') ? [p] : [];
      });
  return walk(corporaDir(root));
}

/**
 * Real pairs from ../shared/corpora/benchmark/nl-en.tsv: distinct, in a fixed order, with where
 * they came from. Pairs whose Dutch is an NTREX-128 sentence are left out: those are the
 * benchmark's new sentences, which no TM may hold.
 */
export function loadRealPairs(root, maxLength = 300) {
  const news = new Set(loadNewsPairs(root).map((p) => p.source));
  const seen = new Set();
  const pairs = [];
  const push = (source, target) => {
    const s = clean(source);
    const t = clean(target);
    if (!s || !t || s === t || s.length > maxLength || t.length > maxLength || news.has(s)) return;
    const key = `${s}\t${t}`;
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push({ source: s, target: t });
  };
  const tsv = join(corporaDir(root), 'benchmark', 'nl-en.tsv');
  for (const line of readFileSync(tsv, 'utf8').split('\n')) {
    const [nl, en] = line.split('\t');
    if (nl && en) push(nl, en);
  }
  return { pairs, origin: tsv };
}

/** A small fast seeded generator (mulberry32): the same seed gives the same edits. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rnd, list) => list[Math.floor(rnd() * list.length)];
const LETTERS = 'abcdefghijklmnopqrstuvwxyzëé';

/** One small edit of a text, chosen by `rnd`, with words drawn from `vocabulary`. */
function editOnce(text, rnd, vocabulary) {
  const words = text.split(' ');
  const i = Math.floor(rnd() * words.length);
  const kind = rnd();
  if (kind < 0.25) {
    words[i] = pick(rnd, vocabulary); // a word replaced
  } else if (kind < 0.4 && words.length > 1) {
    words.splice(i, 1); // a word dropped
  } else if (kind < 0.55) {
    words.splice(i, 0, pick(rnd, vocabulary)); // a word added
  } else if (kind < 0.7) {
    const n = String(1 + Math.floor(rnd() * 2000));
    if (/\d/.test(text)) return text.replace(/\d+/, n); // a number changed
    words.splice(i, 0, n);
  } else if (kind < 0.85) {
    const w = words[i];
    if (w.length > 1) {
      const p = Math.floor(rnd() * w.length);
      words[i] = w.slice(0, p) + pick(rnd, LETTERS) + w.slice(p + 1); // a typo
    } else words[i] = w + pick(rnd, LETTERS);
  } else if (kind < 0.93) {
    const last = text.at(-1);
    return /[.:!?…]/.test(last) ? text.slice(0, -1) : text + pick(rnd, ['.', ':', '…', '!']); // punctuation
  } else {
    const w = words[0];
    const first = w[0];
    const flipped = first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase();
    words[0] = flipped + w.slice(1); // capital letter
  }
  return words.join(' ');
}

/** The words of a list of texts, for substitutions. */
export function vocabularyOf(texts) {
  const words = new Set();
  for (const t of texts) for (const w of t.split(' ')) if (/^\p{L}{2,}$/u.test(w)) words.add(w);
  return [...words].sort();
}

/** A text changed by one to three small edits; the same (text, seed) always gives the same result. */
export function variant(text, seed, vocabulary) {
  const rnd = random(seed);
  const edits = 1 + Math.floor(rnd() * 3);
  let out = text;
  for (let e = 0; e < edits; e++) out = editOnce(out, rnd, vocabulary);
  out = out.replace(/\s+/gu, ' ').trim();
  return out.length > 0 ? out : text;
}

/**
 * Yields `size` distinct pairs: the real pairs first (all of them, in order), then round
 * after round of variants (round r edits every real pair with seed r), Dutch and English
 * edited independently, skipping any pair already produced. `exclude` (indexes into
 * `pairs`) are held out: neither they nor their variants are produced.
 */
export function* tmPairs(pairs, size, exclude = new Set()) {
  const vocabNl = vocabularyOf(pairs.map((p) => p.source));
  const vocabEn = vocabularyOf(pairs.map((p) => p.target));
  const seen = new Set();
  let produced = 0;
  for (let round = 0; produced < size; round++) {
    if (round > 10_000) throw new Error('cannot make enough distinct pairs');
    for (let i = 0; i < pairs.length && produced < size; i++) {
      if (exclude.has(i)) continue;
      const p = pairs[i];
      const source = round === 0 ? p.source : variant(p.source, round * 1_000_003 + i, vocabNl);
      const target = round === 0 ? p.target : variant(p.target, round * 2_000_003 + i, vocabEn);
      if (source === target) continue;
      const key = `${source}\t${target}`;
      if (seen.has(key)) continue;
      seen.add(key);
      produced++;
      yield { source, target, origin: i };
    }
  }
}

/**
 * A TSV line of a pair as `ntm import` reads it back unchanged: a cell that starts with a
 * quotation mark is quoted (RFC 4180, as ntm's own export does), or a line such as
 * `"Ja, maar kan<TAB>… drive?"` would read as one quoted cell holding the tab.
 */
export function tsvLine(source, target) {
  const cell = (s) => (s.startsWith('"') ? `"${s.replace(/"/g, '""')}"` : s);
  return `${cell(source)}\t${cell(target)}\n`;
}
