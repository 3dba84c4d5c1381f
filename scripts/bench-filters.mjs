#!/usr/bin/env node
// npm run bench:filters: how strong each known exact filter is on the common case, a new
// sentence against a TM that holds nothing close to it. Issue 17 asks whether a lookup can
// read far fewer postings than the index's count does today; this measures, per query, the
// postings each filter must read and the texts it leaves to check, so that a design is judged
// by figures before it is built.
//
// The TM is the bench's (scripts/bench/corpus.js: real pairs of
// ../shared/corpora/benchmark/nl-en.tsv, NTREX-128 left out), its sources held in memory; the
// queries are NTREX-128 Dutch sentences at --min 70. Every filter keeps exact recall: a text
// it drops provably scores below --min. Definitions are the product's own (dist/core): padded
// bigrams, the score bound, the windows of the positional count.
//
//   npm run bench:filters                      100k pairs, 60 queries
//   npm run bench:filters -- --size 10000 --queries 20
import { fileURLToPath } from 'node:url';
import { loadNewsPairs, loadRealPairs, tmPairs } from './bench/corpus.js';
import { norm } from '../dist/core/normalize.js';
import { bigramsOf, POSITIONAL_MAX, windowMask } from '../dist/core/grams.js';
import { lengthWindow, maxDistance } from '../dist/core/score.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const SIZE = Number(option('--size', '100000'));
const QUERIES = Number(option('--queries', '60'));
const MIN = Number(option('--min', '70'));
const log = (...m) => process.stderr.write(`${m.join(' ')}\n`);

const { pairs } = loadRealPairs(root);
const heldOut = new Set(pairs.map((_, i) => i).filter((i) => i % 20 === 7));
const texts = [];
for (const p of tmPairs(pairs, SIZE, heldOut)) texts.push(norm(p.source));
log(`bench:filters: ${texts.length} stored sources, ${QUERIES} NTREX queries, --min ${MIN}`);

// The index in memory: per bigram, its texts with their count and the parts it occurs in.
const lengths = Int32Array.from(texts, (t) => t.length);
const lists = new Map();
for (let id = 0; id < texts.length; id++) {
  const b = bigramsOf(texts[id]);
  for (let g = 0; g < b.count; g++) {
    let e = lists.get(b.grams[g]);
    if (!e) lists.set(b.grams[g], (e = { ids: [], counts: [], masks: [] }));
    e.ids.push(id);
    e.counts.push(b.counts[g]);
    e.masks.push(b.masks[g]);
  }
}

const news = loadNewsPairs(root).map((p) => norm(p.source));
const queries = Array.from({ length: Math.min(QUERIES, news.length) }, (_, k) => news[Math.floor((k * news.length) / QUERIES)]);

/** Parts of 16 merged into `parts` coarser parts. */
const coarse = (mask, parts) => {
  let out = 0;
  for (let b = 0; b < 16; b++) if (mask & (1 << b)) out |= 1 << Math.floor((b * parts) / 16);
  return out;
};

const N = texts.length;
const plain = new Int32Array(N);
const pos16 = new Int32Array(N);
const pos4 = new Int32Array(N);
const densePlain = new Int32Array(N);
const denseQuarter = new Int32Array(N);
// Counts of the filters that read some lists only, and whether a read list touched the text.
const prefixCount = new Int32Array(N);
const prefixTouched = new Uint8Array(N);
const chunkCount = [new Int32Array(N), new Int32Array(N)];
const chunkTouched = [new Uint8Array(N), new Uint8Array(N)];
const rows = {};
const note = (key, value) => (rows[key] ??= []).push(value);

for (const q of queries) {
  const L = q.length;
  const { lo, hi } = lengthWindow(L, MIN);
  const need = (len) => {
    const m = Math.max(L, len);
    return m + 1 - 2 * maxDistance(m, MIN);
  };
  let leastNeed = Infinity;
  for (let len = lo; len <= hi; len++) leastNeed = Math.min(leastNeed, need(len));
  let inWindow = 0;
  for (let id = 0; id < N; id++) if (lengths[id] >= lo && lengths[id] <= hi) inWindow++;
  // The query's bigram positions, per bigram.
  const at = new Map();
  let prev = 0x02;
  for (let j = 0; j <= L; j++) {
    const cur = j < L ? q.charCodeAt(j) : 0x03;
    const g = (prev * 65536 + cur) >>> 0;
    prev = cur;
    if (!at.has(g)) at.set(g, []);
    at.get(g).push(j);
  }
  // Each bigram's postings in the window, commonest first.
  const grams = [];
  for (const [g, positions] of at) {
    const e = lists.get(g);
    let size = 0;
    if (e) for (const id of e.ids) if (lengths[id] >= lo && lengths[id] <= hi) size++;
    grams.push({ e, positions, size });
  }
  grams.sort((a, b) => b.size - a.size);
  // Prefix filtering: the commonest bigrams left unread, each counted as shared by every text,
  // as many as keep a text that shares none of the others below the threshold.
  let skipped = 0;
  const unread = new Set();
  for (const g of grams) {
    if (skipped + g.positions.length > leastNeed - 1) continue;
    unread.add(g);
    skipped += g.positions.length;
  }
  // Disjoint bigrams (q-chunks at every other position): an edit breaks at most one, so at
  // least (chunks − k) survive, each in its window. Both offsets counted.
  const chunks = [0, 1].map((o) => Math.floor((L + 1 - o + 1) / 2));
  for (const a of [plain, pos16, pos4, densePlain, denseQuarter, prefixCount, prefixTouched, ...chunkCount, ...chunkTouched]) a.fill(0);
  let total = 0;
  let read = 0;
  let singles = 0;
  let singlesInWindow = 0;
  let denseVolume = 0;
  const chunkRead = [0, 0];
  for (const g of grams) {
    if (!g.e) continue;
    const { ids, counts, masks } = g.e;
    const cq = g.positions.length;
    const dense = g.size / inWindow >= 0.3;
    const chunkAt = [0, 1].map((o) => g.positions.filter((j) => j % 2 === o));
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const len = lengths[id];
      if (len < lo || len > hi) continue;
      total++;
      if (dense) denseVolume++;
      const k = maxDistance(Math.max(L, len), MIN);
      const byCount = Math.min(cq, counts[i]);
      plain[id] += byCount;
      let in16 = byCount;
      let in4 = byCount;
      if (cq <= POSITIONAL_MAX) {
        let w16 = 0;
        let w4 = 0;
        let any = 0;
        for (const j of g.positions) {
          const w = windowMask(j, L, len, k);
          any |= w;
          if (w & masks[i]) w16++;
          if (coarse(w, 4) & coarse(masks[i], 4)) w4++;
        }
        in16 = Math.min(w16, counts[i]);
        in4 = Math.min(w4, counts[i]);
        if (counts[i] === 1) {
          singles++;
          if (any & masks[i]) singlesInWindow++;
        }
      }
      pos16[id] += in16;
      pos4[id] += in4;
      densePlain[id] += dense ? byCount : in16;
      denseQuarter[id] += dense ? in4 : in16;
      if (!unread.has(g)) {
        read++;
        prefixCount[id] += in16;
        prefixTouched[id] = 1;
      }
      for (const o of [0, 1]) {
        const cj = chunkAt[o];
        if (cj.length === 0) continue;
        chunkRead[o]++;
        let w = 0;
        for (const j of cj) if (windowMask(j, L, len, k) & masks[i]) w++;
        chunkCount[o][id] += Math.min(w, counts[i]);
        chunkTouched[o][id] = 1;
      }
    }
  }
  const pass = { plain: 0, pos16: 0, pos4: 0, densePlain: 0, denseQuarter: 0, prefix: 0, chunk: 0, touched: 0 };
  const best = chunkRead[0] <= chunkRead[1] ? 0 : 1;
  for (let id = 0; id < N; id++) {
    const len = lengths[id];
    if (len < lo || len > hi || plain[id] === 0) continue;
    const t = need(len);
    const k = maxDistance(Math.max(L, len), MIN);
    pass.touched++;
    if (plain[id] >= t) pass.plain++;
    if (pos16[id] >= t) pass.pos16++;
    if (pos4[id] >= t) pass.pos4++;
    if (densePlain[id] >= t) pass.densePlain++;
    if (denseQuarter[id] >= t) pass.denseQuarter++;
    // A text no read list touches is below the threshold by construction of `unread`.
    if (prefixTouched[id] && prefixCount[id] + skipped >= t) pass.prefix++;
    if (chunkTouched[best][id] && chunkCount[best][id] >= chunks[best] - k) pass.chunk++;
  }
  note('stored texts in the length window', inWindow);
  note('texts sharing a bigram', pass.touched);
  note('postings counted (all bigrams, today)', total);
  note('left by the count alone', pass.plain);
  note('left by the count by position, 16 parts (today)', pass.pos16);
  note('left by the count by position, 4 parts', pass.pos4);
  note('left when bigrams in ≥ 30 % of the window count without position', pass.densePlain);
  note('left when those count by quarter of the text, the others by 16 parts', pass.denseQuarter);
  note('postings of bigrams in ≥ 30 % of the window', denseVolume);
  note('prefix filter: postings read', read);
  note('prefix filter: texts left', pass.prefix);
  note('disjoint bigrams: postings read', chunkRead[best]);
  note('disjoint bigrams: texts left', pass.chunk);
  note('lists split by part: share of postings read', Math.round((100 * (total - (singles - singlesInWindow))) / Math.max(1, total)));
}

const percentile = (values, p) => {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)];
};
console.log(`| per query (${queries.length} NTREX sentences, ${texts.length.toLocaleString('en')} pairs, --min ${MIN}) | median | p90 |`);
console.log('|---|---:|---:|');
for (const [key, values] of Object.entries(rows)) {
  console.log(`| ${key} | ${percentile(values, 50).toLocaleString('en')} | ${percentile(values, 90).toLocaleString('en')} |`);
}
