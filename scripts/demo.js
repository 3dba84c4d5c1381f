#!/usr/bin/env node
// npm run demo: the main job on the sample data, with nothing to set up. A fresh temporary
// translation memory is filled from data/, then looked up and searched as a translator would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ntm-demo-'));
const db = join(dir, 'tm.sqlite');
const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[1m${s}\u001b[22m` : s);

function step(title, args) {
  console.log(`\n${bold(`# ${title}`)}\n$ ntm ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'ntm.js'), '--db', db, ...args], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`demo: step failed with exit status ${r.status}`);
    rmSync(dir, { recursive: true, force: true });
    process.exit(r.status ?? 1);
  }
}

try {
  console.log(bold(`ntm demo: a temporary translation memory in ${db}`));
  step('Fill the TM with the approved translation of the Hasaka article (sentences and terms)', ['import', join(root, 'data', 'hasaka-2022.tsv')]);
  step('A new article repeats a sentence with a different number', [
    'lookup',
    'De Koerdische strijders die het gebied bewaken, verloren naar eigen zeggen achttien mensen.',
  ]);
  step('A sentence the desk has seen in another form', [
    'lookup',
    'Volgens een woordvoerder van de Koerdische strijdkrachten zitten er nog 100 IS-militanten verschanst in de gevangenis.',
    '--min',
    '50',
  ]);
  step('A term, exactly', ['lookup', 'zelfbenoemde kalifaat']);
  step('How has the desk rendered "Koerdische"?', ['concordance', 'Koerdische']);
  step('What the desk decided about a term', ['terms', 'kalifaat']);
  // The draft has planted problems, so check exits 1; --no-exit-code keeps the demo going.
  step('Check the draft of a follow-up article against the approved terms, sentences and numbers', [
    'check',
    join(root, 'data', 'hasaka-2022-draft.tsv'),
    '--no-exit-code',
  ]);
  step('What the TM holds', ['stats']);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
