// Which way round a pair reads: real news sentences and real dictionary terms (samples in
// tests/fixtures/language; `npm run measure:langid` measures the whole corpora).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileDirection, pairDirection, readsAs } from '../../src/core/language.js';
import { ROOT } from '../helpers/cli.js';

const sample = (name: string) =>
  readFileSync(join(ROOT, 'tests', 'fixtures', 'language', name), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => l.split('\t') as [string, string]);
const news = sample('ntrex128-sample.tsv');
const terms = sample('freedict-terms-sample.tsv');

describe('language direction', () => {
  it('reads news sentences as the language they are in, and a swapped pair as reversed', async () => {
    let right = 0;
    for (const [nl, en] of news) {
      if ((await readsAs(nl)) === 'nl') right++;
      if ((await readsAs(en)) === 'en') right++;
      expect(await pairDirection(nl, en), nl).not.toBe('reversed');
    }
    expect(right).toBeGreaterThanOrEqual(news.length * 2 - 1);
    let reversed = 0;
    for (const [nl, en] of news) if ((await pairDirection(en, nl)) === 'reversed') reversed++;
    expect(reversed).toBeGreaterThanOrEqual(news.length - 1);
  });

  it('never judges a term of one or two words, either way round', async () => {
    for (const [nl, en] of terms) {
      expect(await pairDirection(nl, en)).toBeNull();
      expect(await pairDirection(en, nl)).toBeNull();
    }
  });

  it('does not judge text in no language at all, however it is cut into words', async () => {
    expect(await pairDirection('a a a', 'aaaaaaaaa baaaa ba')).toBeNull();
    expect(await pairDirection('QX-12 KZ-9 PL-7', 'ZZ-1 QQ-2 RR-3')).toBeNull();
  });

  it('calls a file reversed when more of its pairs read English → Dutch than the other way', async () => {
    const right = new FileDirection();
    const swapped = new FileDirection();
    for (const [nl, en] of news) {
      right.offer(nl, en);
      swapped.offer(en, nl);
    }
    expect((await right.verdict()).reversedFile).toBe(false);
    expect(await swapped.verdict()).toMatchObject({ reversedFile: true, normal: 0 });
  });
});
