// The tests that run bin/ntm.js as a process run the compiled dist/: compile it first so that
// they never test stale code. Without a type check (`npm test` has just done one, and tsc's
// --noCheck emits the same files), and not at all when nothing in src/ changed since the
// last build, so that running one test file while working stays quick.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STAMP = join(ROOT, 'dist', '.built');

/** The newest modification time among the files the build reads (a folder's changes when a file goes). */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string): void => {
    const s = statSync(path);
    newest = Math.max(newest, s.mtimeMs);
    if (s.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  for (const path of ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json']) visit(join(ROOT, path));
  return newest;
}

export default function setup(): void {
  const sources = String(newestSource());
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === sources) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--noCheck'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  writeFileSync(STAMP, sources);
}
