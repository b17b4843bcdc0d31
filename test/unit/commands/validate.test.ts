import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../../helpers/main.js';
import { scaffold } from '../../helpers/scaffold.js';

/** Bad input is refused before anything is rendered; kubectl is never started. */
describe('validate command line', () => {
  it('--help', async () => {
    const result = await runMain(['validate', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: create-inngest-gitops validate [dir]');
  });

  it('a folder that is not a generated repository is bad input (exit 2)', async () => {
    const { dir } = scaffold();
    const result = await runMain(['validate', join(dir, 'base')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^error: .*base: has no inngest-gitops\.json and no overlays\/<env>\/kustomization\.yaml \(/,
    );
  });

  it('an unknown --env or --format is bad input (exit 2)', async () => {
    const { dir } = scaffold();
    const env = await runMain(['validate', dir, '--env', 'qa']);
    expect(env.stderr).toBe('error: --env: "qa" is not an environment of this repository (one of: stage, prod)\n');
    expect(env.status).toBe(2);
    const format = await runMain(['validate', dir, '--format', 'xml']);
    expect(format.stderr).toBe('error: --format: unknown format "xml" (text or json)\n');
    expect(format.status).toBe(2);
  });
});
