#!/usr/bin/env node
// Import benchmark: a TMX of 117,000 real Dutch–English pairs, imported by `ntm import` as a
// real process; prints wall time and peak memory (RSS) as a small markdown table. A second,
// larger file shows that memory stays flat as the file grows (the reader streams).
//
// Pairs: every TSV of ../shared/corpora (nl<TAB>en; required), repeated with small,
// deterministic edits until there are enough distinct pairs.
//
//   npm run build && node scripts/bench-interchange.mjs [pairs…]
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corporaDir, corporaFiles } from './bench/corpus.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'ntm.js');
const SIZES = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
if (SIZES.length === 0) SIZES.push(117_000, 351_000);

function realPairs() {
  const seen = new Set();
  const pairs = [];
  const push = (nl, en) => {
    const s = nl.replace(/\s+/gu, ' ').trim();
    const t = en.replace(/\s+/gu, ' ').trim();
    // XML 1.0 cannot hold most control characters.
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(s + t)) return;
    if (!s || !t || s === t || s.length > 300 || seen.has(`${s}\t${t}`)) return;
    seen.add(`${s}\t${t}`);
    pairs.push([s, t]);
  };
  for (const file of corporaFiles(ROOT)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [nl, en] = line.split('\t');
      if (nl && en) push(nl, en);
    }
  }
  return { pairs, origin: corporaDir(ROOT) };
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Writes a TMX of `n` pairs: round k > 0 repeats the real pairs with a numbered edit on both sides. */
async function writeTmx(file, base, n) {
  const out = createWriteStream(file);
  const w = async (s) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await w(
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="bench" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="nl" o-tmf="bench"/>\n<body>\n',
  );
  for (let i = 0; i < n; i++) {
    const [nl, en] = base[i % base.length];
    const k = Math.floor(i / base.length);
    const s = k === 0 ? nl : `${nl} (${k})`;
    const t = k === 0 ? en : `${en} (${k})`;
    const day = String(1 + (i % 28)).padStart(2, '0');
    const note = i % 10 === 0 ? `<note>bench note ${i}</note><prop type="x-ref">article-${i % 997}</prop>` : '';
    await w(
      `<tu creationid="desk" creationdate="202201${day}T101500Z" usagecount="${i % 5}">${note}<tuv xml:lang="nl-NL"><seg>${esc(s)}</seg></tuv><tuv xml:lang="en-GB"><seg>${esc(t)}</seg></tuv></tu>\n`,
    );
  }
  await w('</body>\n</tmx>\n');
  out.end();
  await once(out, 'finish');
}

function measure(tmx, db) {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, BIN, '--db', db, 'import', tmx, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`ntm import failed: ${r.stderr}`);
  const field = (name) => new RegExp(`${name}: (.*)`).exec(r.stderr)?.[1]?.trim();
  const [m, s] = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)').split(':').slice(-2);
  const seconds = Number(m) * 60 + Number(s);
  const rssMb = Number(field('Maximum resident set size \\(kbytes\\)')) / 1024;
  const cpu = Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)'));
  const report = JSON.parse(r.stdout).files[0];
  return { seconds, cpu, rssMb, report };
}

if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  console.error('Build first: npm run build');
  process.exit(2);
}
const { pairs, origin } = realPairs();
const dir = mkdtempSync(join(tmpdir(), 'ntm-bench-'));
try {
  console.log(`Real pairs: ${pairs.length} from ${origin}\n`);
  console.log('| pairs in TMX | file size | imported | wall time | CPU time | peak RSS |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const n of SIZES) {
    const tmx = join(dir, `bench-${n}.tmx`);
    await writeTmx(tmx, pairs, n);
    const { seconds, cpu, rssMb, report } = measure(tmx, join(dir, `tm-${n}.sqlite`));
    const mb = (statSync(tmx).size / 1024 / 1024).toFixed(1);
    console.log(
      `| ${n.toLocaleString('en')} | ${mb} MB | ${report.imported.toLocaleString('en')} | ${seconds.toFixed(2)} s | ${cpu.toFixed(2)} s | ${rssMb.toFixed(0)} MB |`,
    );
  }
  console.log(
    `\nTarget: 117,000 pairs in ≤ 10 s with peak RSS ≤ 300 MB. Load average now: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores (wall time above CPU time means the machine was busy).`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
