// The order in which the suite's two workers take test files: the slowest first, so that no
// long file starts last and keeps one worker busy after the other is done. vitest orders by
// the durations of the last run, which a fresh clone does not have (it then takes larger
// files first, and the desk's file, which is small but runs a PostgreSQL cluster, came last).
// So the known slow files come first, in this order; the rest as vitest would order them.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The slowest test files, slowest first (bench/RESULTS.md has their times). */
export const SLOWEST = [
  'tests/desk/desk.test.ts',
  'tests/e2e/crash-matrix.test.ts',
  'tests/e2e/crash.test.ts',
  'tests/e2e/concurrency.test.ts',
  'tests/e2e/restore.test.ts',
  'tests/store/lookup-recall.test.ts',
  'tests/e2e/import-parallel.test.ts',
  'tests/store/match-index.test.ts',
  'tests/serve/page.test.ts',
  'tests/store/lookup-recall-near.test.ts',
];

// A renamed file would silently drop out of the list: say so instead.
const root = fileURLToPath(new URL('../..', import.meta.url));
for (const file of SLOWEST) if (!existsSync(join(root, file))) throw new Error(`tests/helpers/sequencer.ts lists ${file}, which does not exist`);

export class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => {
      const i = SLOWEST.indexOf(relative(f.project.config.root, f.moduleId).replaceAll('\\', '/'));
      return i < 0 ? SLOWEST.length : i;
    };
    // Array sort is stable: files outside the list keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
