// Real Dutch–English pairs that nobody on this project wrote, for recall tests: the sample in
// tests/fixtures/corpus/ (its sources and licences are in tests/fixtures/SOURCES.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

export interface RealPair {
  source: string;
  target: string;
}

export const REAL_PAIRS_FILE = join(ROOT, 'tests', 'fixtures', 'corpus', 'nl-en-sample.tsv');

/** The first `max` pairs of the sample, in file order (distinct, none over 300 characters). */
export function loadRealPairs(max: number): RealPair[] {
  const pairs: RealPair[] = [];
  for (const line of readFileSync(REAL_PAIRS_FILE, 'utf8').split('\n')) {
    if (pairs.length >= max) break;
    const [source, target] = line.split('\t');
    if (source && target) pairs.push({ source, target });
  }
  return pairs;
}
