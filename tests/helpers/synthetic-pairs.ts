// Deterministic Dutch-looking pairs for import tests: many lengths, a few long, from a seed.

/** How the pairs of syntheticPairsTsv are made. */
export interface SyntheticPairs {
  /** The words a Dutch text is drawn from. */
  vocabulary: readonly string[];
  /** Every this-many-th pair is long: up to `longWords` words instead of `shortWords`. */
  longEvery: number;
  longWords: number;
  shortWords: number;
  /** The number that ends pair i's Dutch text (pairs with the same number may share it). */
  number: (i: number) => number;
  /** The English of a Dutch text. */
  english: (dutch: string, i: number) => string;
}

/** `count` pairs as TSV lines (Dutch, tab, English), the same for the same seed. */
export function syntheticPairsTsv(count: number, seed: number, o: SyntheticPairs): string {
  let x = seed;
  const next = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const words = 1 + next(i % o.longEvery === 0 ? o.longWords : o.shortWords);
    const nl: string[] = [];
    for (let w = 0; w < words; w++) nl.push(o.vocabulary[next(o.vocabulary.length)]!);
    const text = `${nl.join(' ')} ${o.number(i)}`;
    lines.push(`${text}\t${o.english(text, i)}`);
  }
  return `${lines.join('\n')}\n`;
}
