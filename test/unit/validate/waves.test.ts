import { describe, expect, it } from 'vitest';
import { SYNC_WAVE } from '../../../src/model/names.js';
import { checkWaves } from '../../../src/validate/waves.js';

describe('sync-wave check', () => {
  it('tells two objects of one kind apart by app.kubernetes.io/name', () => {
    const service = (app: string, wave: string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: app, labels: { 'app.kubernetes.io/name': app }, annotations: { [SYNC_WAVE]: wave } },
    });
    expect(checkWaves([service('valkey', '0'), service('inngest', '2')])).toEqual([]);
    expect(checkWaves([service('valkey', '2')])).toEqual([
      { object: 'Service/valkey', problem: 'is in wave 2, expected 0' },
    ]);
    expect(checkWaves([service('something-else', '2')])[0]!.problem).toContain('no sync wave is defined');
  });
});
