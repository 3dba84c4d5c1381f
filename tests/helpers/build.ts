// The tests that run bin/ntm.js as a process run the compiled dist/: compile it first so that
// they never test stale code. Without a type check (`npm test` has just done one, and tsc's
// --noCheck emits the same files), and not at all when nothing in src/ changed since the
// last build (this one's or `npm run build`'s, which `npm ci` runs; scripts/build-stamp.mjs),
// so that running one test file while working stays quick.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, STAMP, sourcesStamp } from '../../scripts/build-stamp.mjs';

export default function setup(): void {
  const sources = sourcesStamp();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === sources) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--noCheck'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  writeFileSync(STAMP, sources);
}
