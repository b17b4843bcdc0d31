import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/validate/objects.js';
import { checkSchema, objectStoreProblems } from '../../../src/validate/schema.js';
import { deployment, podSpec } from '../../helpers/pods.js';

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

describe('schema rules beyond the OpenAPI schemas', () => {
  const route = (spec: Record<string, unknown>): K8sObject => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'inngest' },
    spec: { parentRefs: [{ name: 'shared', namespace: 'gw' }], ...spec },
  });
  const paths = (object: K8sObject) => checkSchema(object).map((p) => `${p.path}: ${p.message}`);

  it('HTTPRoute: the CRD CEL rules the models do not check', () => {
    const problems = paths(
      route({
        hostnames: ['10.0.0.1', 'inngest.example.com'],
        parentRefs: [
          { name: 'shared', namespace: 'gw' },
          { name: 'shared', namespace: 'gw' },
        ],
        rules: [
          {
            matches: [
              { path: { type: 'PathPrefix', value: 'e/' } },
              { path: { value: '/a//b' } },
              { path: { type: 'Exact', value: '/v0/..' } },
              { path: { type: 'RegularExpression', value: '^/x$' } },
            ],
            backendRefs: [{ name: 'inngest' }, { name: 'other', kind: 'Custom', group: 'example.com' }],
          },
        ],
      }),
    );
    expect(problems).toEqual([
      'spec.hostnames[0]: must be a DNS name; Gateway API does not route IP addresses',
      'spec.parentRefs[0].sectionName: must be set and unique when parentRefs name the same parent twice',
      'spec.parentRefs[1].sectionName: must be set and unique when parentRefs name the same parent twice',
      "spec.rules[0].matches[0].path.value: must start with '/' (PathPrefix path)",
      "spec.rules[0].matches[1].path.value: must not contain '//' (PathPrefix path)",
      "spec.rules[0].matches[2].path.value: must not end with '/.' or '/..' (Exact path)",
      'spec.rules[0].backendRefs[0].port: is required for a Service backend',
    ]);
  });

  it('HTTPRoute: at most 128 matches across all rules', () => {
    const rule = { matches: Array.from({ length: 43 }, (_, i) => ({ path: { value: `/p${i}` } })) };
    expect(paths(route({ rules: [rule, rule, rule] }))).toEqual([
      'spec.rules: has 129 matches in all; at most 128 are allowed across all rules',
    ]);
    expect(paths(route({ rules: [rule, rule] }))).toEqual([]);
  });

  it('ephemeral containers are rejected in pod templates', () => {
    const spec = podSpec({ ephemeralContainers: [{ name: 'debug', image: 'busybox:1.36' }] });
    expect(paths(deployment(spec))).toEqual([
      'spec.template.spec.ephemeralContainers: is not allowed in a pod template (ephemeral containers are added to running pods only)',
    ]);
  });
});
