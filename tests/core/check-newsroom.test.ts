// The check on real newsroom sentence pairs (tests/fixtures/check-news/cases.tsv): times,
// dates, money, fractions, counts, terms in compounds and in their case, false friends and
// names the desk does not translate. Each row says what the check must find, or that it must
// stay silent; the glossary below is a desk's, with the rules it would set.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDraft, type Issue } from '../../src/core/check.js';
import { buildTermIndex, type TermEntry } from '../../src/core/terms.js';
import { ROOT } from '../helpers/cli.js';

const term = (source: string, approved: string[], forbidden: string[] = [], rules: Partial<TermEntry> = {}): TermEntry => ({
  source,
  approved,
  forbidden,
  ...rules,
});

const DESK = buildTermIndex([
  term('Rijk', ['State', 'central government'], [], { matchCase: true }),
  term('Kamer', ['House'], [], { matchCase: true }),
  term('Tweede Kamer', ['House of Representatives', 'lower house']),
  term('raad', ['council', 'board'], [], { compounds: 'last' }),
  term('Veiligheidsraad', ['Security Council']),
  term('trainer', ['coach', 'manager'], ['trainer']),
  term('minister-president', ['prime minister'], ['minister-president']),
  term('Rijkswaterstaat', ['Rijkswaterstaat']),
  term('NAVO', ['NATO'], ['NAVO']),
  term('marine', ['navy', 'naval'], ['marine']),
  term('eventueel', ['possible', 'any'], ['eventual']),
  term('actueel', ['current', 'topical'], ['actual']),
  term('spits', ['striker', 'forward'], [], { compounds: 'none' }),
]);

interface Case {
  group: string;
  origin: string;
  nl: string;
  en: string;
  expect: string[];
}

const CASES: Case[] = readFileSync(join(ROOT, 'tests', 'fixtures', 'check-news', 'cases.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('group\t'))
  .map((l) => {
    const [group, origin, nl, en, expect = ''] = l.split('\t') as [string, string, string, string, string?];
    return {
      group,
      origin,
      nl,
      en,
      expect: expect
        .split(';')
        .map((e) => e.trim())
        .filter(Boolean),
    };
  });

const label = (i: Issue) => `${i.kind} ${i.term ?? i.number ?? ''}`.trim();

describe('newsroom sentence pairs', () => {
  it('are real pairs, at least forty, every group covered', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.group))).toEqual(new Set(['time', 'date', 'money', 'fraction', 'count', 'term', 'false friend']));
    for (const c of CASES) expect(c.origin).toMatch(/^(ntrex128:\d+|written)$/);
  });

  it.each(CASES.map((c) => [`${c.group}: ${c.nl.slice(0, 60)} (${c.origin})`, c] as const))('%s', (_name, c) => {
    const { issues } = checkDraft([{ segment: 1, source: c.nl, target: c.en }], { terms: DESK, approvedTargets: new Map() });
    expect(issues.map(label)).toEqual(c.expect);
  });
});
