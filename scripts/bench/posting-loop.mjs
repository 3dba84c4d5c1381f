#!/usr/bin/env node
// The cost of counting one posting, at its floor: a minimal loop over 540,000 synthetic
// postings shaped like the index's singles (3 bytes: gap << 4 | part), with the touched test
// and the window bit of src/store/match-index/count.ts, ids below IDS. posting-loop.cpp is
// the same loop in C++, so that the two languages can be compared on one machine:
//
//   node scripts/bench/posting-loop.mjs 100000
//   g++ -O3 -march=native -o /tmp/posting-loop scripts/bench/posting-loop.cpp && /tmp/posting-loop 100000
//
// The postings come from a fixed seed (mulberry32, as scripts/bench/corpus.js), the same in both.
const N = 540000;
const IDS = Number(process.argv[2] ?? 100000);
const GROUPS = 40;
const PER = 30;
let seed = 1;
const next = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
};
const bufs = [];
for (let left = N; left > 0; left -= GROUPS * PER) {
  const buf = new Uint8Array(GROUPS * PER * 3);
  let at = 0;
  for (let i = 0; i < GROUPS * PER; i++) {
    const gap = 1 + (next() % Math.floor((IDS / PER) * 0.9));
    const v = (gap << 4) | (next() % 16);
    buf[at++] = v & 255;
    buf[at++] = (v >> 8) & 255;
    buf[at++] = (v >> 16) & 255;
  }
  bufs.push(buf);
}
const counts = new Uint16Array(IDS * 2);
const touched = new Int32Array(IDS * 2);
function run(any) {
  let n = 0;
  for (const buf of bufs) {
    for (let g = 0; g < GROUPS; g++) {
      let at = g * PER * 3;
      const end = at + PER * 3;
      let id = 0;
      for (; at < end; at += 3) {
        const v = buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16);
        id += v >>> 4;
        const c = counts[id];
        if (c === 0) {
          touched[n++] = id;
          counts[id] = 1 + ((any >>> (v & 15)) & 1);
        } else counts[id] = c + ((any >>> (v & 15)) & 1);
      }
    }
  }
  for (let i = 0; i < n; i++) counts[touched[i]] = 0;
  return n;
}
let sum = 0;
for (let r = 0; r < 20; r++) sum += run(0x0ff0);
const t = process.hrtime.bigint();
for (let r = 0; r < 50; r++) sum += run(0x0ff0);
const ms = Number(process.hrtime.bigint() - t) / 1e6 / 50;
console.log(`JavaScript, ids below ${IDS}: ${ms.toFixed(2)} ms per ${N} postings, ${((ms * 1e6) / N).toFixed(2)} ns a posting (${sum})`);
