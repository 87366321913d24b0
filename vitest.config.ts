import { configDefaults, defineConfig } from 'vitest/config';

// Integration and browser tests: one migrated template per run, and each test file a database of its own copied from it.
const withDatabase = {
  globalSetup: ['test/support/global-setup.ts'],
  setupFiles: ['test/support/file-database.ts'],
};

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // expect.poll waits for what a page or a worker will show; 1 s (the default) is too short on a loaded machine.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
    // `npm test` passes --coverage: a summary of the server code the tests run, reported without thresholds.
    coverage: { provider: 'v8', include: ['src/**/*.ts'], reporter: ['text-summary'], reportOnFailure: true },
    projects: [
      // Pure rules and in-process adapters: no database, no Redis, no browser (`npm run test:unit`).
      { extends: true, test: { name: 'unit', include: ['test/**/*.unit.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/**/*.unit.test.ts', 'test/e2e/**'],
          ...withDatabase,
        },
      },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...withDatabase } },
    ],
  },
});
