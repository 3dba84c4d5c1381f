// One translator at work for the convergence test: random adds, edits, deletes and reviews
// on a TM joined to a desk, each followed by the automatic sync, with a `ntm sync` now and
// then, through the real CLI entry point in one process (the desk's PGPASSWORD etc. come in
// the environment). Prints a line after every step so the test can act in the middle.
// Usage: node desk-worker.mjs <db> <seed> <steps>
import { Readable, Writable } from 'node:stream';
import { run } from '../../dist/cli/main.js';

const [db, seedText, stepsText] = process.argv.slice(2);
let seed = Number(seedText);
// A small seeded generator: the same seed gives the same work.
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (list) => list[Math.floor(rand() * list.length)];

// Few texts on purpose: TMs add the same pairs and the same Dutch with other English.
const DUTCH = ['De burgemeester trad af.', 'Het kabinet is gevallen.', 'Er is brand in de haven.', 'De trein had vertraging.', 'Het regent in Utrecht.'];
const ENGLISH = ['The mayor resigned.', 'The cabinet has fallen.', 'There is a fire in the port.', 'The train was delayed.', 'It is raining in Utrecht.', 'Something else entirely.'];

async function ntm(args) {
  let out = '';
  const stdout = new Writable({ write: (c, _e, done) => ((out += c), done()) });
  const stderr = new Writable({ write: (_c, _e, done) => done() });
  const code = await run(['--db', db, ...args], { stdout, stderr, stdin: Readable.from([]), env: process.env, cwd: process.cwd() });
  return { code, out };
}

async function livePairs() {
  const r = await ntm(['list', '--json', '--limit', '1000']);
  if (r.code !== 0) return [];
  const j = JSON.parse(r.out);
  return Array.isArray(j) ? j : j.pairs;
}

for (let step = 0; step < Number(stepsText); step++) {
  const what = rand();
  if (what < 0.4) {
    await ntm(['add', pick(DUTCH), pick(ENGLISH)]);
  } else if (what < 0.85) {
    const pairs = await livePairs();
    if (pairs.length) {
      const p = pick(pairs);
      const kind = rand();
      if (kind < 0.5) await ntm(['edit', String(p.id), '--target', pick(ENGLISH)]);
      else if (kind < 0.7) await ntm(['delete', String(p.id)]);
      else await ntm(['edit', String(p.id), p.status === 'forbidden' ? '--approve' : '--forbid']);
    }
  } else {
    await ntm(['sync']);
  }
  process.stdout.write(`step ${step}\n`);
}
process.stdout.write('done\n');
