// Real Dutch–English pairs that nobody on this project wrote, for recall tests and benchmarks.
// First choice: ../shared/corpora (TSV, nl<TAB>en). Where that folder is not present, the
// Dutch gettext catalogues the operating system ships (/usr/share/locale/nl): thousands of
// strings translated and reviewed by free-software translators. Neither present is an error.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import gettextParser from 'gettext-parser';
import { ROOT } from './cli.js';

export interface RealPair {
  source: string;
  target: string;
}

export const CORPORA = join(ROOT, '..', 'shared', 'corpora');
const SYSTEM_CATALOGUES = '/usr/share/locale/nl/LC_MESSAGES';

function tsvFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsvFiles(p));
    else if (name.endsWith('.tsv')) out.push(p);
  }
  return out;
}

function clean(s: string): string {
  return s.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Up to `max` distinct real pairs, in a fixed order, with where they came from. */
export function loadRealPairs(max: number, maxLength = 300): { pairs: RealPair[]; origin: string } {
  const seen = new Set<string>();
  const pairs: RealPair[] = [];
  const push = (source: string, target: string): void => {
    const s = clean(source);
    const t = clean(target);
    if (!s || !t || s === t || s.length > maxLength || seen.has(s + '\t' + t)) return;
    seen.add(s + '\t' + t);
    pairs.push({ source: s, target: t });
  };
  if (existsSync(CORPORA)) {
    for (const file of tsvFiles(CORPORA)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const [nl, en] = line.split('\t');
        if (nl && en) push(nl, en);
        if (pairs.length >= max) return { pairs, origin: CORPORA };
      }
    }
    if (pairs.length > 0) return { pairs, origin: CORPORA };
  }
  if (existsSync(SYSTEM_CATALOGUES)) {
    for (const name of readdirSync(SYSTEM_CATALOGUES).sort()) {
      if (!name.endsWith('.mo')) continue;
      const catalogue = gettextParser.mo.parse(readFileSync(join(SYSTEM_CATALOGUES, name)));
      for (const context of Object.values(catalogue.translations)) {
        for (const entry of Object.values(context)) {
          if (entry.msgid && entry.msgstr[0]) push(entry.msgstr[0], entry.msgid);
          if (pairs.length >= max) return { pairs, origin: SYSTEM_CATALOGUES };
        }
      }
    }
    if (pairs.length > 0) return { pairs, origin: SYSTEM_CATALOGUES };
  }
  throw new Error(`No real Dutch–English pairs found: neither ${CORPORA} nor ${SYSTEM_CATALOGUES} exists.`);
}
