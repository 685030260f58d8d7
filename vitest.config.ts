import { defineConfig } from 'vitest/config';

// Unit tests run in parallel; test/e2e shares one sandbox, so it runs in its own project, one file at a time.
// `npm test` runs the two projects side by side, as two vitest runs (scripts/run-tests.mjs says why).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'], setupFiles: ['test/setup/remove-temp-dirs.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], setupFiles: ['test/setup/remove-temp-dirs.ts'], fileParallelism: false, testTimeout: 300_000, hookTimeout: 300_000, globalSetup: ['test/e2e/global-setup.ts'] } },
    ],
  },
});
