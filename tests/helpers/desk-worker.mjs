// One person at work for the desk's convergence case: random adds, edits, deletes, reviews
// and undos on a TM joined to a desk, each followed by the automatic sync, with an `ntm sync`
// now and then, through the real CLI entry point in one process (PGPASSWORD, NTM_USER come in
// the environment). Prints a line after every step so the test can act in the middle, and
// "fault: …" for any command that ended other than 0, 1 or 2 (an unexpected fault).
// Usage: node desk-worker.mjs <db> <seed> <steps> <desk|translator>
import { Readable, Writable } from 'node:stream';
import { run } from '../../dist/cli/main.js';

const [db, seedText, stepsText, role] = process.argv.slice(2);
let seed = Number(seedText);
// A small seeded generator: the same seed gives the same choices.
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (list) => list[Math.floor(rand() * list.length)];

// Few texts on purpose: TMs add the same pairs, and the same Dutch with other English.
const DUTCH = ['De burgemeester trad af.', 'Het kabinet is gevallen.', 'Er is brand in de haven.', 'De trein had vertraging.', 'Het regent in Utrecht.'];
const ENGLISH = [
  'The mayor resigned.',
  'The cabinet has fallen.',
  'There is a fire in the port.',
  'The train was delayed.',
  'It is raining in Utrecht.',
  'Something else entirely.',
];

async function ntm(args) {
  let out = '';
  let err = '';
  const stdout = new Writable({
    write: (c, _e, done) => {
      out += c;
      done();
    },
  });
  const stderr = new Writable({
    write: (c, _e, done) => {
      err += c;
      done();
    },
  });
  const code = await run(['--db', db, ...args], { stdout, stderr, stdin: Readable.from([]), env: process.env, cwd: process.cwd() });
  if (code !== 0 && code !== 1 && code !== 2) process.stdout.write(`fault: ntm ${args.join(' ')} → ${code}: ${err.trim()}\n`);
  return { code, out };
}

async function pairs(args = []) {
  const r = await ntm(['list', '--json', '--limit', '1000', ...args]);
  if (r.code !== 0) return [];
  const j = JSON.parse(r.out);
  return Array.isArray(j) ? j : j.pairs;
}

for (let step = 0; step < Number(stepsText); step++) {
  const what = rand();
  if (what < 0.35) {
    await ntm(['add', pick(DUTCH), pick(ENGLISH)]);
  } else if (what < 0.8) {
    const live = await pairs();
    if (live.length) {
      const p = pick(live);
      const kind = rand();
      if (kind < 0.45) await ntm(['edit', String(p.id), '--target', pick(ENGLISH)]);
      else if (kind < 0.65) await ntm(['delete', String(p.id)]);
      else if (role === 'desk' && p.status === 'proposed') await ntm(['review', rand() < 0.7 ? 'accept' : 'reject', String(p.id)]);
      else if (role === 'desk') await ntm(['edit', String(p.id), p.status === 'forbidden' ? '--approve' : '--forbid']);
      else await ntm(['edit', String(p.id), '--note', `note ${step}`]);
    }
  } else if (what < 0.88) {
    const r = await ntm(['changes', '--json', '--limit', '3']);
    if (r.code === 0) {
      const c = pick(JSON.parse(r.out).changes);
      if (c) await ntm(['undo', String(c.id)]);
    }
  } else {
    await ntm(['sync']);
  }
  process.stdout.write(`step ${step}\n`);
}
process.stdout.write('done\n');
