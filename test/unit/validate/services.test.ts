import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/validate/objects.js';
import { checkServiceReferences } from '../../../src/validate/services.js';
import { container, deployment, podSpec } from '../../helpers/pods.js';

describe('service references', () => {
  const inNamespace = (object: K8sObject): K8sObject => ({
    ...object,
    metadata: { ...(object.metadata as object), namespace: 'inngest-prod' },
  });
  const service = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name } });
  const podWith = (env: Record<string, unknown>[]) =>
    inNamespace(deployment(podSpec({ containers: [container({ env })] })));

  it('finds the Service a connection string or PGHOST names in the environment, and reports one that is gone', () => {
    const pod = podWith([
      { name: 'INNGEST_REDIS_URI', value: 'redis://:$(VALKEY_PASSWORD)@inngest-valkey:6379/0' },
      { name: 'INNGEST_POSTGRES_URI', value: 'postgres://inngest:$(P)@inngest-postgres-rw:5432/inngest' },
      { name: 'PGHOST', value: 'inngest-postgres-rw.inngest-prod.svc.cluster.local' },
      { name: 'EXTERNAL', value: 'rediss://cache.example.com:6380' },
      { name: 'OTHER_NAMESPACE', value: 'http://prometheus-operated.monitoring.svc:9090' },
      { name: 'SIDECAR', value: 'redis://localhost:6379' },
    ]);
    const found = (objects: K8sObject[]) =>
      checkServiceReferences(objects).map((p) => `${p.problem.rule} ${p.problem.path}: ${p.problem.message}`);
    const cluster: K8sObject = {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'inngest-postgres' },
    };
    expect(found([pod, service('inngest-valkey'), cluster])).toEqual([]);
    expect(found([pod])).toEqual([
      'service-ref spec.template.spec.containers[0].env[0].value: service "inngest-valkey" not found in this environment (named by INNGEST_REDIS_URI)',
      'service-ref spec.template.spec.containers[0].env[1].value: service "inngest-postgres-rw" not found in this environment (named by INNGEST_POSTGRES_URI)',
      'service-ref spec.template.spec.containers[0].env[2].value: service "inngest-postgres-rw" not found in this environment (named by PGHOST)',
    ]);
  });

  it('checks Ingress and HTTPRoute backends and KEDA trigger URLs of the namespace', () => {
    const ingress = inNamespace({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'inngest' },
      spec: { rules: [{ http: { paths: [{ path: '/e/', backend: { service: { name: 'inngest' } } }] } }] },
    });
    const scaledObject = inNamespace({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'inngest' },
      spec: {
        triggers: [
          { type: 'metrics-api', metadata: { url: 'http://inngest.inngest-prod.svc.cluster.local:8288/metrics' } },
        ],
      },
    });
    const route = inNamespace({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'inngest' },
      spec: {
        rules: [
          {
            backendRefs: [
              { name: 'inngest', port: 8288 },
              { name: 'elsewhere', namespace: 'other' },
            ],
          },
        ],
      },
    });
    expect(checkServiceReferences([ingress, scaledObject, route, service('inngest')])).toEqual([]);
    expect(checkServiceReferences([ingress, scaledObject, route]).map((p) => p.problem.path)).toEqual([
      'spec.rules[0].http.paths[0].backend.service.name',
      'spec.triggers[0].metadata.url',
      'spec.rules[0].backendRefs[0].name',
    ]);
  });
});
