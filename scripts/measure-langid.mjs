#!/usr/bin/env node
// npm run measure:langid — how well ntm tells Dutch from English (src/core/language.ts), on
// real text nobody on this project wrote:
//   - the 1,996 news sentences of NTREX-128 (../shared/corpora/news/ntrex128-nl-en.tsv), both
//     sides: each Dutch side must read as Dutch and each English side as English (target
//     ≥ 99 %); every pair must read the right way round and, swapped, the wrong way round;
//   - 300 one- or two-word terms of FreeDict Dutch–English
//     (../shared/corpora/glossaries/freedict-nld-eng.tsv), every 100th such row: none may be
//     refused (target: 0 of 300);
//   - the first 10,000 pairs of ../shared/corpora/benchmark/nl-en.tsv: pairs refused.
// For comparison it also runs the two methods alone (function words, franc-min alone) and,
// when installed (npm install --no-save eld tinyld), other identifiers, asked to choose
// between Dutch and English only.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { byFunctionWords, pairDirection, readsAs, wordCount, MIN_WORDS } from '../dist/core/language.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPORA = join(ROOT, '..', 'shared', 'corpora');
const NEWS = join(CORPORA, 'news', 'ntrex128-nl-en.tsv');
const TERMS = join(CORPORA, 'glossaries', 'freedict-nld-eng.tsv');
const BENCH = join(CORPORA, 'benchmark', 'nl-en.tsv');
if (!existsSync(NEWS) || !existsSync(TERMS)) {
  console.error('measure-langid: ../shared/corpora is missing.');
  process.exit(0);
}
const pairs = (file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => l.split('\t').slice(0, 2));

const news = pairs(NEWS);
const short = pairs(TERMS).filter(([nl, en]) => wordCount(nl) >= 1 && wordCount(nl) <= 2 && wordCount(en) >= 1 && wordCount(en) <= 2);
const terms = short.filter((_, i) => i % 100 === 0).slice(0, 300);
const bench = existsSync(BENCH) ? pairs(BENCH).slice(0, 10_000) : [];

const pct = (n, of) => `${((100 * n) / of).toFixed(2)} %`;

async function sides(name, identify) {
  let right = 0;
  let wrong = 0;
  const start = performance.now();
  for (const [nl, en] of news) {
    for (const [text, lang] of [
      [nl, 'nl'],
      [en, 'en'],
    ]) {
      const got = await identify(text);
      if (got === lang) right++;
      else if (got !== null) wrong++;
    }
  }
  const us = ((performance.now() - start) * 1000) / (news.length * 2);
  console.log(
    `| ${name} | ${right} / ${news.length * 2} = ${pct(right, news.length * 2)} | ${wrong} | ${news.length * 2 - right - wrong} | ${us.toFixed(1)} |`,
  );
}

console.log(`\nNTREX-128 news sentences, each side identified on its own (${news.length} pairs, ${news.length * 2} texts)\n`);
console.log('| method | right | wrong | undecided | µs a text |');
console.log('|---|---:|---:|---:|---:|');
await sides('ntm: function words, then franc-min (nld/eng) where they tie', readsAs);
await sides('function words alone (@orama/stopwords)', (t) => (wordCount(t) < MIN_WORDS ? null : byFunctionWords(t)));
const { franc } = await import('franc-min');
await sides('franc-min alone (nld/eng)', (t) => ({ nld: 'nl', eng: 'en' })[franc(t, { only: ['nld', 'eng'], minLength: 1 })] ?? null);
try {
  const { eld } = await import('eld/small');
  await sides('eld (small), nl vs en scores', (t) => {
    const s = eld.detect(t).getScores();
    return (s.nl ?? 0) > (s.en ?? 0) ? 'nl' : (s.en ?? 0) > (s.nl ?? 0) ? 'en' : null;
  });
} catch {
  console.log('| eld | not installed | | | |');
}
try {
  const tinyld = await import('tinyld');
  await sides('tinyld (nl, en only)', (t) => tinyld.detect(t, { only: ['nl', 'en'] }) || null);
} catch {
  console.log('| tinyld | not installed | | | |');
}

let normal = 0;
let caught = 0;
for (const [nl, en] of news) {
  if ((await pairDirection(nl, en)) === 'reversed') normal++;
  if ((await pairDirection(en, nl)) === 'reversed') caught++;
}
let refusedTerms = 0;
const refused = [];
for (const [nl, en] of terms) {
  if ((await pairDirection(nl, en)) === 'reversed') {
    refusedTerms++;
    refused.push(`${nl} → ${en}`);
  }
}
let guessedTerms = 0;
for (const [nl, en] of terms) if (byFunctionWords(nl) === 'en' && byFunctionWords(en) === 'nl') guessedTerms++;
let refusedBench = 0;
const benchRefused = [];
for (const [nl, en] of bench) {
  if ((await pairDirection(nl, en)) !== 'reversed') continue;
  refusedBench++;
  benchRefused.push(`${nl} → ${en}`);
}

console.log('\nWhole pairs (what add, import and approve refuse: both sides read as the other language)\n');
console.log('| pairs | refused as English → Dutch |');
console.log('|---|---:|');
console.log(`| NTREX-128 as they are (${news.length}) | ${normal} |`);
console.log(`| NTREX-128 swapped (${news.length}) | ${caught} = ${pct(caught, news.length)} |`);
console.log(`| FreeDict one- or two-word terms (${terms.length}) | ${refusedTerms}${refused.length ? `: ${refused.join('; ')}` : ''} |`);
console.log(`| benchmark pairs (first ${bench.length}) | ${refusedBench}${benchRefused.length ? `: ${benchRefused.slice(0, 3).join('; ')}` : ''} |`);
console.log(
  `\n(${guessedTerms} of the ${terms.length} terms would have read the wrong way round by their function words alone; terms under ${MIN_WORDS} words are never judged.)`,
);
