import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/cli.js';

describe('the Kustomization helpers of src/render/kustomization.ts', () => {
  it('make a misspelled field, or a namespace on a Kustomize Component, a TypeScript error', () => {
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(repoRoot, 'test/fixtures/typecheck/tsconfig.json')], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    const errors = result.stdout.split('\n').filter((line) => line.includes('error TS'));
    expect(errors).toEqual([
      expect.stringMatching(
        /^test\/fixtures\/typecheck\/kustomization-typos\.ts\(10,\d+\): error TS2561: Object literal may only specify known properties, but 'patchs' does not exist in type 'Omit<Kustomization, "apiVersion" \| "kind">'\. Did you mean to write 'patches'\?$/,
      ),
      expect.stringMatching(
        /^test\/fixtures\/typecheck\/kustomization-typos\.ts\(14,\d+\): error TS2353: Object literal may only specify known properties, and 'namespace' does not exist in type 'Omit<Kustomization, "apiVersion" \| "kind" \| "namespace">'\.$/,
      ),
    ]);
  });
});
