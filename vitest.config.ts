import { defineConfig } from 'vitest/config';

/**
 * Two projects:
 * - unit: pure modules, and commands called in-process through main(argv, io). One process,
 *   modules loaded once for every file (isolate: false): the edit loop, `npm run test:unit`.
 * - e2e: the built CLI (bin/ and dist/), the npm package, kubectl renders. Each file in its own
 *   worker thread; most of the time is spent waiting for child processes, so two run at once.
 */
export default defineConfig({
  test: {
    poolOptions: {
      forks: { isolate: false, singleFork: true },
      threads: { isolate: false, maxThreads: 2, minThreads: 2 },
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          pool: 'threads',
          globalSetup: ['test/helpers/e2e-setup.ts'],
          // The built CLI, kubectl and RSA-4096 sealing; on a busy 2-core machine a single test
          // can take several seconds. Timeouts guard against hangs, not against slowness.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
