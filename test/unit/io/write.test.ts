import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../../../src/io/write.js';
import { tempDir } from '../../helpers/cli.js';

describe('the writer', () => {
  it('refuses to write a plain Secret, whatever produced it', () => {
    const target = join(tempDir(), 'repo');
    const tree = new Map([['secrets/prod/leak.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: leak\n']]);
    expect(() => writeTree(tree, target)).toThrow(/refusing to write a plain Secret into secrets\/prod\/leak.yaml/);
    expect(existsSync(target)).toBe(false);
  });
});
