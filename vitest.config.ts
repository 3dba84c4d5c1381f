import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/build.ts'],
    // Most tests run the CLI in-process, so the test workers are the work: use every core
    // (vitest's default leaves one for itself, which on two cores halves the speed), and
    // threads, which start a test file faster than forked processes do.
    pool: 'threads',
    maxWorkers: availableParallelism(),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NO_COLOR: '', FORCE_COLOR: '0' },
  },
});
