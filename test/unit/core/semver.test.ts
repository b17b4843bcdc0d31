import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../../src/core/semver.js';

describe('compareVersions', () => {
  it.each([
    ['0.2.0', '0.10.0', -1],
    ['9.0.0', '0.2.0', 1],
    ['1.2.3', '1.2.3', 0],
    ['1.0.0-rc.1', '1.0.0', -1],
    ['1.0.0', '1.0.0-rc.1', 1],
    ['1.0.0-alpha', '1.0.0-beta', -1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b)!)).toBe(sign);
  });

  it('is undefined for anything else', () => {
    expect(compareVersions('latest', '1.0.0')).toBeUndefined();
  });
});
