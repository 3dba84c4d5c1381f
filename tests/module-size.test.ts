// No module in src/ over 600 lines (TEAM.md, "Layout"): a module that grows past it is split
// by part, as store/match-index/ was, before it becomes the file nobody can review.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const MAX_LINES = 600;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|js|mjs)$/.test(p) ? [p] : [];
  });
}

it(`no module in src/ is over ${MAX_LINES} lines`, () => {
  const files = sourceFiles(join(ROOT, 'src'));
  expect(files.length).toBeGreaterThan(50);
  const over = files
    .map((path) => ({ rel: relative(ROOT, path).split(sep).join('/'), lines: readFileSync(path, 'utf8').split('\n').length - 1 }))
    .filter((f) => f.lines > MAX_LINES)
    .map((f) => `${f.rel}: ${f.lines} lines`);
  expect(over).toEqual([]);
});
