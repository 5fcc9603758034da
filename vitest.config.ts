import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only thrash. Each file gets its own database (src/test/store.ts).
    maxWorkers: 2,
    // The browser tests (web/e2e) serve the production bundle; built once per run when stale.
    globalSetup: ['web/e2e/build-bundle.ts'],
    env: { HEARKEN_LOG_LEVEL: process.env.HEARKEN_LOG_LEVEL ?? 'silent' },
  },
});
