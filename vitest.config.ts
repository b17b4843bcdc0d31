import { configDefaults, defineConfig } from 'vitest/config';

// End-to-end tests run the built CLI, kubectl and RSA-4096 sealing; on a busy 2-core CI machine
// a single one can take several seconds. Timeouts guard against hangs, not against slowness.
// test/kill/ is the slow kill test: `npm run test:kill` (vitest.kill.config.ts).
export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'test/kill/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
