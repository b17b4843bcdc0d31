import { describe, expect, it } from 'vitest';
import { checkEnvironment, summaryLine } from '../../../src/validate/check.js';
import { deployment, podSpec } from '../../helpers/pods.js';

describe('summary line', () => {
  it('counts problems, objects and environments', () => {
    const broken = deployment(podSpec({ hostNetwork: true, hostIPC: true }));
    const problems = checkEnvironment('prod', [broken]).filter((p) => p.rule === 'pod-security');
    expect(summaryLine(problems, 10, 2)).toBe('2 problems in 1 object across 1 environment');
    expect(summaryLine([], 1, 1)).toBe('ok: 1 object in 1 environment, 0 problems');
  });
});
