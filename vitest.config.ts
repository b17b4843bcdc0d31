import { defineConfig } from 'vitest/config';

// End-to-end tests run the built CLI, kubectl and RSA-4096 sealing; on a busy 2-core CI machine
// a single one can take several seconds. Timeouts guard against hangs, not against slowness.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
