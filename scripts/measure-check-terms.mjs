#!/usr/bin/env node
// How often `ntm check` blames a term that is not there: the desk term list of
// bench/check-terms/terms.tsv stored in a fresh TM, the 1,996 NTREX-128 news sentences
// (../shared/corpora/news) checked as a draft, and every term finding judged against the
// hand-made expectations for 200 of those sentences (bench/check-terms/expectations.tsv) and
// the hand-judged findings of the whole corpus (findings-judged.tsv). README.md there says how.
//
//   node scripts/measure-check-terms.mjs                 this build (npm run build first)
//   node scripts/measure-check-terms.mjs --ntm DIR       another build (a checkout with dist/), e.g. main
//   … --no-options                                       without the options column (the defaults alone)
//   … --forms                                            every term's matched words on all sentences
//   … --verbose                                          every false finding, false hit and miss
//   … --accept-false                                     then accept the false findings once and check again
//   … --dump                                             every finding, as findings-judged.tsv lists them
//   … --candidates N                                     the expectations sample (for making the file)
//
// Runs the real CLI in-process (dist/cli/main.js), so an older build is measured exactly as
// it behaves; what an older build refuses to store (do-not-translate terms, a forbidden
// rendering equal to the Dutch, --match-case) is counted and left out.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, dflt) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : dflt;
};
const NTM = resolve(arg('--ntm', ROOT));
const CORPUS = resolve(arg('--corpus', join(ROOT, '..', 'shared', 'corpora', 'news', 'ntrex128-nl-en.tsv')));
const TERMS = resolve(arg('--terms', join(ROOT, 'bench', 'check-terms', 'terms.tsv')));
const EXPECTED = resolve(arg('--expected', join(ROOT, 'bench', 'check-terms', 'expectations.tsv')));
const JUDGED = resolve(arg('--judged', join(ROOT, 'bench', 'check-terms', 'findings-judged.tsv')));
const TERM_KINDS = new Set(['term-missing', 'forbidden-term']);
// --no-options: the list without the desk's --match-case and --in-compounds (the defaults alone).
const NO_OPTIONS = process.argv.includes('--no-options');

const { run } = await import(pathToFileURL(join(NTM, 'dist', 'cli', 'main.js')).href);

class Capture extends Writable {
  text = '';
  _write(chunk, _enc, done) {
    this.text += String(chunk);
    done();
  }
}

async function ntm(args) {
  const stdout = new Capture();
  const stderr = new Capture();
  const env = { PATH: process.env.PATH ?? '', HOME: tmpdir(), NTM_USER: 'desk' };
  const status = await run(args, { stdout, stderr, stdin: Readable.from([]), env, cwd: ROOT });
  return { status, stdout: stdout.text, stderr: stderr.text };
}

/** The desk term list: nl, approved renderings (a | b), rejected ones, options, note. */
function readTerms() {
  const lines = readFileSync(TERMS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.slice(1).map((l) => {
    const [nl, en, forbid = '', options = ''] = l.split('\t');
    const list = (s) =>
      s
        .split('|')
        .map((x) => x.trim())
        .filter(Boolean);
    return { nl: nl.trim(), approved: list(en), forbidden: list(forbid), options: options.split(/[ ,]+/).filter(Boolean) };
  });
}

/** The hand-made expectations: NTREX line → the stored terms really in that Dutch sentence. */
function readExpected() {
  const out = new Map();
  let text;
  try {
    text = readFileSync(EXPECTED, 'utf8');
  } catch {
    return out;
  }
  for (const l of text.split('\n')) {
    if (l.trim() === '' || l.startsWith('#') || l.startsWith('line\t')) continue;
    const [line, terms = ''] = l.split('\t');
    out.set(
      Number(line),
      terms
        .split(';')
        .map((t) => t.trim())
        .filter(Boolean),
    );
  }
  return out;
}

/** The verdicts on every finding of the whole corpus: "line\tterm\tfound" → real | false. */
function readJudged() {
  const out = new Map();
  let text;
  try {
    text = readFileSync(JUDGED, 'utf8');
  } catch {
    return out;
  }
  for (const l of text.split('\n')) {
    if (l.trim() === '' || l.startsWith('#') || l.startsWith('line\t')) continue;
    const [line, term, found, verdict] = l.split('\t');
    out.set(`${line}\t${term}\t${found}`, verdict);
  }
  return out;
}

const corpus = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const [nl, en] = l.split('\t');
    return { nl, en };
  });

const dir = mkdtempSync(join(tmpdir(), 'ntm-measure-terms-'));
try {
  const db = join(dir, 'tm.sqlite');
  const terms = readTerms();
  const refused = [];
  let stored = 0;
  for (const t of terms) {
    const [first, ...more] = t.approved;
    // Options as written in terms.tsv: match-case, in-compounds=last.
    const opts = NO_OPTIONS ? [] : t.options.flatMap((o) => (o.includes('=') ? [`--${o.split('=')[0]}`, o.split('=')[1]] : [`--${o}`]));
    const forbid = t.forbidden.flatMap((f) => ['--forbid', f]);
    let r = await ntm(['--db', db, 'add', '--term', t.nl, first, ...forbid, ...opts]);
    if (r.status !== 0 && (opts.length || forbid.length)) {
      // An older build: store what it accepts, and say what it refused.
      refused.push(`${t.nl}: ${r.stderr.trim()}`);
      r = await ntm(['--db', db, 'add', '--term', t.nl, first]);
    }
    if (r.status !== 0) {
      refused.push(`${t.nl}: ${r.stderr.trim()}`);
      continue;
    }
    stored++;
    for (const en of more) await ntm(['--db', db, 'add', '--term', t.nl, en, ...opts]);
  }

  // Findings as a translator gets them (the real English), and every hit (an English that
  // holds no rendering at all, so each term found in the Dutch is reported).
  const draft = join(dir, 'draft.tsv');
  const check = async (target) => {
    writeFileSync(draft, corpus.map((p, i) => `${p.nl}\t${target(p, i)}\n`).join(''));
    const r = await ntm(['--db', db, 'check', draft, '--json', '--no-exit-code']);
    if (r.status !== 0) throw new Error(`ntm check failed: ${r.stderr}`);
    return JSON.parse(r.stdout).issues.filter((i) => TERM_KINDS.has(i.kind));
  };
  const findings = await check((p) => p.en);
  const hits = await check(() => 'zzz');
  const sourceOf = (seg) => corpus[seg - 1].nl.normalize('NFC').replace(/\s+/gu, ' ').trim();
  // The matched words, with the whole word around a part of a compound: "belang[rijke]".
  const word = (i) => {
    if (!i.sourceSpan) return '';
    const text = sourceOf(i.segment);
    const { start: s, end: e } = i.sourceSpan;
    const letter = /[\p{L}\p{M}]/u;
    let a = s;
    let b = e;
    while (a > 0 && letter.test(text[a - 1])) a--;
    while (b < text.length && letter.test(text[b])) b++;
    const inner = text.slice(s, e);
    return a === s && b === e ? inner : `${text.slice(a, s)}[${inner}]${text.slice(e, b)}`;
  };

  const expected = readExpected();
  // A finding is real when the term it names is among the terms the expectations list for
  // its sentence; an expected term with no hit at all in its sentence is a miss.
  const judge = (list) => {
    let real = 0;
    const wrong = [];
    const found = new Map();
    for (const i of list) {
      const want = expected.get(i.segment);
      if (!want) continue;
      if (want.includes(i.term)) {
        real++;
        found.set(i.segment, [...(found.get(i.segment) ?? []), i.term]);
      } else wrong.push(i);
    }
    const missed = [...expected].flatMap(([line, ts]) => ts.filter((t) => !(found.get(line) ?? []).includes(t)).map((term) => ({ line, term })));
    return { judged: real + wrong.length, real, wrong, missed };
  };

  if (process.argv.includes('--dump')) {
    // Every term finding as line, term, matched words: the rows findings-judged.tsv judges.
    for (const i of findings) console.log(`${i.segment}\t${i.term}\t${word(i)}\t${i.kind}\t${corpus[i.segment - 1].en}`);
  } else if (process.argv.includes('--candidates')) {
    const n = Number(arg('--candidates', '200'));
    printCandidates(n, terms, hits);
  } else if (process.argv.includes('--forms')) {
    const forms = new Map();
    for (const i of hits) {
      const key = i.term;
      const w = word(i);
      const m = forms.get(key) ?? new Map();
      m.set(w, (m.get(w) ?? 0) + 1);
      forms.set(key, m);
    }
    for (const [term, m] of [...forms].sort((a, b) => a[0].localeCompare(b[0]))) {
      console.log(
        `${term}\t${[...m]
          .sort((a, b) => b[1] - a[1])
          .map(([w, n]) => `${w}:${n}`)
          .join(' ')}`,
      );
    }
  } else {
    const f = judge(findings);
    const h = judge(hits);
    const pct = (a, b) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)} %`);
    console.log(`build: ${NTM}`);
    console.log(`terms: ${terms.length} in the list, ${stored} stored; refused by this build: ${refused.length}`);
    for (const r of refused) console.log(`  refused ${r}`);
    console.log(`sentences: ${corpus.length}; with expectations: ${expected.size}`);
    console.log(`term findings (term-missing, forbidden-term) on all sentences: ${findings.length}; term hits: ${hits.length}`);
    console.log(`findings in the judged sentences: ${f.judged}, real ${f.real}, false ${f.wrong.length}: precision ${pct(f.real, f.judged)}`);
    console.log(`hits in the judged sentences: ${h.judged}, real ${h.real}, false ${h.wrong.length}: precision ${pct(h.real, h.judged)}`);
    const verdicts = readJudged();
    const all = { real: 0, false: 0, unjudged: [] };
    const falseByTerm = new Map();
    for (const i of findings) {
      const v = verdicts.get(`${i.segment}\t${i.term}\t${word(i)}`);
      if (v === 'real') all.real++;
      else if (v === 'false') {
        all.false++;
        falseByTerm.set(i.term, (falseByTerm.get(i.term) ?? 0) + 1);
      } else all.unjudged.push(i);
    }
    console.log(
      `findings on all ${corpus.length} sentences (findings-judged.tsv): real ${all.real}, false ${all.false}, unjudged ${all.unjudged.length}: precision ${pct(all.real, all.real + all.false)}`,
    );
    console.log(
      `  false findings by term: ${
        [...falseByTerm]
          .sort((a, b) => b[1] - a[1])
          .map(([t, n]) => `${t} ${n}`)
          .join(', ') || 'none'
      }`,
    );
    for (const i of all.unjudged) console.log(`  unjudged: ${i.segment}\t${i.term}\t${word(i)}`);
    if (process.argv.includes('--accept-false')) {
      // The desk's remedy for a word in another meaning: accept the finding once.
      const falseIds = findings.filter((i) => verdicts.get(`${i.segment}\t${i.term}\t${word(i)}`) === 'false').map((i) => i.id);
      if (falseIds.length) await ntm(['--db', db, 'accept', ...falseIds, '--note', 'another meaning of the word']);
      const again = await check((p) => p.en);
      const left = again.filter((i) => verdicts.get(`${i.segment}\t${i.term}\t${word(i)}`) === 'false').length;
      console.log(`after accepting the ${falseIds.length} false findings once: ${again.length} findings, ${left} false`);
    }
    const expectedCount = [...expected.values()].reduce((n, ts) => n + ts.length, 0);
    console.log(
      `expected term occurrences: ${expectedCount}; found ${expectedCount - h.missed.length}: recall ${pct(expectedCount - h.missed.length, expectedCount)}`,
    );
    if (process.argv.includes('--verbose')) {
      for (const i of f.wrong) console.log(`  false finding  line ${i.segment}  ${i.kind}  ${i.term} ← "${word(i)}"`);
      for (const i of h.wrong) console.log(`  false hit      line ${i.segment}  ${i.term} ← "${word(i)}"`);
      for (const m of h.missed) console.log(`  missed         line ${m.line}  ${m.term}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The sample to judge: a fixed pseudo-random choice among the sentences in which some stored
 * term's letters appear at all (any case, inside any word): the places a matcher could hit,
 * chosen without asking any matcher.
 */
function printCandidates(n, terms, hits) {
  const probes = terms.map((t) => ({ term: t.nl, probe: probeOf(t.nl) }));
  const eligible = [];
  corpus.forEach((p, i) => {
    const low = p.nl.toLowerCase();
    const near = probes.filter((x) => low.includes(x.probe));
    if (near.length) eligible.push({ line: i + 1, near });
  });
  let seed = 20260516;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pool = [...eligible];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  const chosen = pool.slice(0, n).sort((a, b) => a.line - b.line);
  const hitBy = new Map();
  for (const h of hits) hitBy.set(h.segment, [...(hitBy.get(h.segment) ?? []), h.term]);
  console.log(`# ${eligible.length} eligible sentences; ${chosen.length} chosen`);
  for (const c of chosen) {
    console.log(
      `${c.line}\t${corpus[c.line - 1].nl}\n\tEN ${corpus[c.line - 1].en}\n\tnear: ${c.near.map((x) => x.term).join('; ')}\n\thits: ${(hitBy.get(c.line) ?? []).join('; ')}`,
    );
  }
}

/** Letters every form of a term shares: the first word's first letters, long vowels written single. */
function probeOf(term) {
  const first = term.toLowerCase().split(/[\s-]+/)[0];
  const single = first.replace(/([aeou])\1/g, '$1');
  return single.slice(0, Math.max(3, Math.min(single.length - 1, 6)));
}
