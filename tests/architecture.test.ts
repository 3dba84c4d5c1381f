// The layering the README's "For developers" describes, checked on the source: imports point
// one way, colour lives in cli/render/, transactions in store/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

const FILES = sourceFiles(SRC).map((path) => ({ path, rel: relative(SRC, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }));

/** The top folder under src/ a file is in: core, store, formats, cli, … */
const layerOf = (rel: string) => rel.split('/')[0]!;

/** Every module a file imports by a relative path (static, re-export or dynamic), as a path under src/. */
function importsOf(f: (typeof FILES)[number]): string[] {
  const specs = [...f.text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1]!);
  return specs.map((s) =>
    relative(SRC, resolve(dirname(f.path), s))
      .split(sep)
      .join('/'),
  );
}

/** Which layers each layer may import from. */
const ALLOWED: Record<string, readonly string[]> = {
  core: ['core'],
  store: ['core', 'store'],
  formats: ['core', 'formats'],
  desk: ['core', 'store', 'desk'],
};

describe('the layers', () => {
  it('has the folders the README describes', () => {
    expect(new Set(FILES.map((f) => layerOf(f.rel)))).toEqual(expect.objectContaining(new Set(['cli', 'core', 'store', 'formats'])));
  });

  it('imports point one way: core imports nothing of ours outside core; store and formats only core and themselves', () => {
    const wrong: string[] = [];
    for (const f of FILES) {
      const allowed = ALLOWED[layerOf(f.rel)];
      if (!allowed) continue;
      for (const target of importsOf(f)) if (!allowed.includes(layerOf(target))) wrong.push(`${f.rel} imports ${target}`);
    }
    expect(wrong).toEqual([]);
  });

  it('colour lives in cli/render/: no other module loads chalk or colours text itself', () => {
    const palette = /\b(?:c|ctx\.c)\.(?:red|green|yellow|blue|cyan|magenta|white|gray|grey|bold|dim|italic|underline|inverse|strikethrough)\b/;
    const wrong = FILES.filter((f) => !f.rel.startsWith('cli/render/'))
      .filter((f) => /from 'chalk'|import\('chalk'\)|['"]chalk['"]\)/.test(f.text.replace(/^import type .*$/gm, '')) || palette.test(f.text))
      .map((f) => f.rel);
    expect(wrong).toEqual([]);
  });

  it('transactions live in store/: nothing else begins, commits or rolls back', () => {
    const tx = /\.transaction\(|\b(?:BEGIN|COMMIT|ROLLBACK)\b/;
    // desk/ talks to PostgreSQL, whose transactions are its own: its SQL (queries and the
    // server's functions, in template strings) is left out, its SQLite code is not.
    const postgres = (f: (typeof FILES)[number], text: string) => (layerOf(f.rel) === 'desk' ? text.replace(/`[^`]*`|client\.query\('[^']*'\)/g, '') : text);
    const wrong = FILES.filter((f) => layerOf(f.rel) !== 'store' && tx.test(postgres(f, f.text.replace(/\/\/.*$|^\s*\*.*$/gm, '')))).map((f) => f.rel);
    expect(wrong).toEqual([]);
  });
});
