import { defineConfig } from 'vitest/config';

// `npm run test:kill`: runs of the built CLI killed at many points of their writes (slow: a
// hundred or so processes). Kept out of `npm test`; .ci/run runs it after.
export default defineConfig({
  test: {
    include: ['test/kill/**/*.test.ts'],
    globalSetup: ['test/helpers/scratch-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
