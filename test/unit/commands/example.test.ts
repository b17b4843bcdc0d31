import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DIRS, exampleTree } from '../../../src/commands/example.js';
import { listFiles, repoRoot } from '../../helpers/cli.js';

describe('the top-level example', () => {
  const expected = exampleTree({
    generatorVersion: 'any',
    demoCertificatePem: readFileSync(join(repoRoot, 'test/fixtures/demo-sealing.crt'), 'utf8'),
  });

  it('is exactly the scaffolder output for the default answers (run `npm run example` after a change)', () => {
    const onDisk = EXAMPLE_DIRS.flatMap((dir) =>
      existsSync(join(repoRoot, dir)) ? listFiles(join(repoRoot, dir)).map((f) => `${dir}${f}`) : [],
    );
    expect(onDisk.sort()).toEqual([...expected.keys()]);
    for (const [path, text] of expected) expect(readFileSync(join(repoRoot, path), 'utf8'), path).toBe(text);
  });
});
