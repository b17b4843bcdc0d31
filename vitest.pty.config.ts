import { defineConfig } from 'vitest/config';

// The pseudo-terminal tests (test/pty/): the built CLI's real prompts, typed into through a pty.
// Slow (each types a whole interview with pauses, and a new controller key is RSA-4096), so
// `npm run test:pty` runs them apart from `npm test`; .ci/run runs both.
export default defineConfig({
  test: {
    include: ['test/pty/**/*.test.ts'],
    globalSetup: ['test/helpers/scratch-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
