import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NO_COLOR: '', FORCE_COLOR: '0' },
  },
});
