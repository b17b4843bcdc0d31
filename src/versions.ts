/**
 * Every pinned version the generated repository uses, in one table.
 * Bump here, regenerate the example (`npm run example`), and the drift test shows the change.
 */
export const GENERATOR_NAME = 'create-inngest-gitops';

export const images = {
  /**
   * Newest Inngest release (github.com/inngest/inngest tags; npm inngest-cli 1.45.1).
   * v1.42.0 or later is required for Connect across replicas (inngest/inngest#4709, PR #4714).
   */
  inngest: { repository: 'inngest/inngest', tag: 'v1.45.1' },
} as const;

/** The oldest Inngest release we generate for: Connect HA flags first shipped in v1.42.0. */
export const MIN_INNGEST_VERSION = [1, 42, 0] as const;
