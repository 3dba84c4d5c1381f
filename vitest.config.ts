import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowestFirst } from './tests/helpers/sequencer.js';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/build.ts'],
    // Most tests run the CLI in-process, so the test workers are the work: use every core
    // (vitest's default leaves one for itself, which on two cores halves the speed), and
    // threads, which start a test file faster than forked processes do.
    pool: 'threads',
    maxWorkers: availableParallelism(),
    // Test files share a worker's loaded modules instead of loading them again each: the CLI
    // must be re-entrant anyway (lookup -i, a server), and loading was a tenth of the time.
    isolate: false,
    // The slowest files first, also on a fresh clone (tests/helpers/sequencer.ts).
    sequence: { sequencer: SlowestFirst },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NO_COLOR: '', FORCE_COLOR: '0' },
  },
});
