import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { valkey, valkeyMemory } from '../../../src/render/valkey.js';

describe('valkey component (pure)', () => {
  it('converts Kubernetes memory to Valkey units (1mb = 1024*1024 bytes)', () => {
    expect(valkeyMemory('384Mi')).toBe('384mb');
    expect(valkeyMemory('2Gi')).toBe('2gb');
    expect(() => valkeyMemory('1G')).toThrow();
  });

  it('omits an empty storage class and patches a given one', () => {
    const custom = resolveAnswers({ environments: [{ name: 'stage', valkey: { storageClass: 'fast-ssd' } }] });
    const patch = valkey.overlay(custom, custom.environments[0]!).patches[0]!.patch as any;
    expect(patch.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('fast-ssd');
    const base = valkey.base(custom).manifests[0]!.objects[0]!.toJSON() as any;
    expect(base.spec.volumeClaimTemplates[0].spec.storageClassName).toBeUndefined();
  });
});
