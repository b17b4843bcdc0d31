import { describe, expect, it } from 'vitest';
import { kubectlFor } from '../helpers/kubectl.js';
import { fuzz } from '../helpers/fuzz.js';

/**
 * A small, seeded run of the bad-input property (test/helpers/fuzz.ts); `npm run fuzz` runs the
 * same property on 2,000 cases. kubectl renders and validates a sample of the repositories.
 */
const withKubectl = kubectlFor('the fuzz sample renders its overlays');

describe('answers files built from the answers schema, valid and broken', () => {
  it('each exits 2 with one line naming a field and writes nothing, or exits 0 with a repository that validates and re-runs unchanged', async () => {
    const report = await fuzz({
      runs: Number(process.env.FUZZ_RUNS ?? 30),
      seed: Number(process.env.FUZZ_SEED ?? 14),
      kubectlEvery: withKubectl ? 10 : 0,
    });
    // The generator reaches both outcomes, and kubectl saw some of the repositories.
    expect(report.exit0).toBeGreaterThan(0);
    expect(report.exit2).toBeGreaterThan(0);
    if (withKubectl) expect(report.validated).toBeGreaterThan(0);
  }, 600_000);
});
