import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/validate/objects.js';
import { objectStoreProblems } from '../../../src/validate/schema.js';

describe('ObjectStore (hand-written model)', () => {
  const store = (configuration: Record<string, unknown>, extra: Record<string, unknown> = {}): K8sObject => ({
    apiVersion: 'barmancloud.cnpg.io/v1',
    kind: 'ObjectStore',
    metadata: { name: 'backup' },
    spec: { configuration, ...extra },
  });

  it('is checked strictly instead of "no schema"', () => {
    expect(
      objectStoreProblems(store({ destinationPath: 's3://b/p', s3Credentials: { inheritFromIAMRole: true } })),
    ).toEqual([]);
    expect(
      objectStoreProblems(
        store({ destinationPath: 's3://b/p', wal: { compression: 'zip' } }, { retention: '30d' }),
      ).map((p) => p.path),
    ).toEqual(['spec.retention', 'spec.configuration.wal.compression']);
    expect(objectStoreProblems(store({ destinationPath: 's3://b/p', serverName: 'x' }))).toEqual([
      { rule: 'schema', path: 'spec.configuration.serverName', message: 'is forbidden' },
    ]);
  });
});
