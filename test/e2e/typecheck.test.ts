import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/cli.js';

describe('typed manifest helpers', () => {
  it('a misspelled field in a helper with an annotated return type is a TypeScript error', () => {
    const dir = tempDir();
    const config = join(dir, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(repoRoot, 'tsconfig.json'),
        compilerOptions: { noEmit: true, rootDir: repoRoot, types: [] },
        include: [join(repoRoot, 'test/fixtures/typecheck/typo-in-helper.ts')],
        exclude: [],
      }),
    );
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', config], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(
      /typo-in-helper\.ts\(\d+,\d+\): error TS2561: Object literal may only specify known properties, but 'imagePullPolicyy' does not exist in type 'IContainer'\. Did you mean to write 'imagePullPolicy'\?/,
    );
    expect(result.stdout.match(/error TS/g)).toHaveLength(1);
  }, 60_000);
});
