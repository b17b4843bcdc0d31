import { defineConfig } from 'vitest/config';

/**
 * Three projects. `npm test` runs unit and e2e; `npm run test:integration` (run by .ci/run after
 * `npm test`) runs integration, which would take npm test past its 35 s on the 2-core machine:
 * - unit: pure modules, and commands called in-process through main(argv, io) from src/cli.ts
 *   with a temporary folder. Two processes, each loading the modules once for all its files
 *   (scripts/test.mjs runs one, --maxWorkers=1: there the lint tools keep the other core busy).
 * - e2e: the built CLI (bin/, dist/), the npm package, kubectl kustomize renders, PostgreSQL. Two
 *   worker threads, as most of their time is spent waiting for child processes. kubectl outputs
 *   are kept by the files they render, across runs (test/helpers/kubectl.ts, e2e-setup.ts), and
 *   kubectl runs without a garbage collector.
 * - integration: multi-step scenarios through the built CLI and kubectl: the first run with Git,
 *   every offline command of the printed next steps, the generated CI pipelines' jobs, re-run plans,
 *   validate on argocd/ defects, the fuzz sample, the retention SQL on a real PostgreSQL server, and
 *   the strict schemas regenerated from the installed packages (drift). Same pool as e2e.
 * Every project's tests make their folders in one scratch folder per run, removed at its end
 * (test/helpers/scratch-setup.ts). On a busy 2-core machine a single test can take several seconds:
 * the timeouts guard against hangs, not against slowness.
 */
const timeouts = { testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    maxWorkers: 2,
    // Transformed sources kept on disk (node_modules/.experimental-vitest-cache), keyed by content:
    // a run after the first transforms only the files that changed.
    experimental: { fsModuleCache: true },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          pool: 'forks',
          isolate: false,
          globalSetup: ['test/helpers/scratch-setup.ts'],
          ...timeouts,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          pool: 'threads',
          isolate: false,
          globalSetup: ['test/helpers/scratch-setup.ts', 'test/helpers/e2e-setup.ts'],
          // kubectl (Go) without garbage collection below 1 GiB: a kustomize render of a generated
          // overlay allocates ~120 MB and exits, and collecting on the way was a third of its CPU time
          // (0.22 -> 0.15 CPU-s a render, ~110 renders a run). Its output does not change.
          env: { GOGC: 'off', GOMEMLIMIT: '1GiB' },
          ...timeouts,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          pool: 'threads',
          isolate: false,
          globalSetup: ['test/helpers/scratch-setup.ts', 'test/helpers/e2e-setup.ts'],
          // kubectl without garbage collection, as in e2e.
          env: { GOGC: 'off', GOMEMLIMIT: '1GiB' },
          ...timeouts,
        },
      },
    ],
  },
});
