// dist/.built: what `npm run build` compiled, as the newest modification time among the files
// the build reads. The test suite's global setup (tests/helpers/build.ts) compiles dist/ again
// only when that time has changed, so `npm ci` (whose prepare step builds) and then `npm test`
// compile once, not twice. Run as a script it writes the stamp.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STAMP = join(ROOT, 'dist', '.built');

/** The newest modification time among the files the build reads (a folder's changes when a file goes), as text. */
export function sourcesStamp() {
  let newest = 0;
  const visit = (path) => {
    const s = statSync(path);
    newest = Math.max(newest, s.mtimeMs);
    if (s.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  for (const path of ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json']) visit(join(ROOT, path));
  return String(newest);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeFileSync(STAMP, sourcesStamp());
