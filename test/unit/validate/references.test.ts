import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/validate/objects.js';
import { checkReferences, runtimeSecrets } from '../../../src/validate/references.js';
import { container, deployment, podSpec } from '../../helpers/pods.js';

describe('references', () => {
  const sealed = (name: string, keys: string[], templateName?: string): K8sObject => ({
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name },
    spec: {
      encryptedData: Object.fromEntries(keys.map((k) => [k, 'AgB='])),
      template: { metadata: templateName ? { name: templateName } : {} },
    },
  });
  const podUsing = (extra: Record<string, unknown>) => deployment(podSpec({ containers: [container(extra)] }));

  it('resolves SealedSecrets by template name and keys, and CNPG runtime secrets from the explicit list only', () => {
    const pod = podUsing({
      env: [
        { name: 'A', valueFrom: { secretKeyRef: { name: 'renamed', key: 'a' } } },
        { name: 'B', valueFrom: { secretKeyRef: { name: 'inngest-postgres-ca', key: 'ca.crt' } } },
        { name: 'C', valueFrom: { secretKeyRef: { name: 'inngest-postgres-app', key: 'uri' } } },
        { name: 'D', valueFrom: { secretKeyRef: { name: 'absent', key: 'x', optional: true } } },
        { name: 'E', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'missing' } } },
      ],
      envFrom: [{ secretRef: { name: 'whole' } }],
    });
    const cm: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { present: 'x' } };
    const cluster: K8sObject = {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'inngest-postgres' },
    };
    const objects = [pod, sealed('sealed-name', ['a'], 'renamed'), sealed('whole', []), cm, cluster];
    const problems = checkReferences(objects, 'prod').map((p) => `${p.problem.path}: ${p.problem.message}`);
    expect(problems).toEqual([
      expect.stringMatching(
        /^spec\.template\.spec\.containers\[0\]\.env\[2\]\.valueFrom\.secretKeyRef: secret "inngest-postgres-app" not found in this environment/,
      ),
      'spec.template.spec.containers[0].env[4].valueFrom.configMapKeyRef: configmap "cfg" has no key "missing" (keys: present)',
    ]);
    expect(runtimeSecrets(objects).map((s) => s.name)).toEqual([
      'inngest-postgres-ca',
      'inngest-postgres-server',
      'inngest-postgres-replication',
    ]);
  });

  it('allows the CNPG runtime secrets only where a Cluster is rendered (not with an external PostgreSQL)', () => {
    const pod = podUsing({
      env: [{ name: 'B', valueFrom: { secretKeyRef: { name: 'inngest-postgres-ca', key: 'ca.crt' } } }],
    });
    const problems = checkReferences([pod, sealed('inngest-keys', ['x'])], 'prod').map((p) => p.problem.message);
    expect(problems).toEqual([
      'secret "inngest-postgres-ca" not found in this environment (a SealedSecret under secrets/prod/; this environment has no CloudNativePG cluster to create one)',
    ]);
  });

  it('tells how to seal a missing external connection string from its variable', () => {
    const pod = podUsing({
      env: [
        { name: 'INNGEST_REDIS_URI', valueFrom: { secretKeyRef: { name: 'inngest-redis-uri', key: 'REDIS_URI' } } },
      ],
    });
    const [problem] = checkReferences([pod, sealed('inngest-keys', ['x'])], 'prod-eu');
    expect(problem?.problem.message).toBe(
      'secret "inngest-redis-uri" not found in this environment (you provide this one: export INNGEST_GITOPS_PROD_EU_REDIS_URI, then run create-inngest-gitops secrets --env prod-eu --secret inngest-redis-uri --cert <certificate.pem>)',
    );
  });

  it('checks CNPG role secrets for username and password, once per missing secret', () => {
    const cluster: K8sObject = {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'pg' },
      spec: {
        bootstrap: { initdb: { secret: { name: 'role' } } },
        managed: { roles: [{ name: 'r', passwordSecret: { name: 'gone' } }] },
      },
    };
    const problems = checkReferences([cluster, sealed('role', ['password'])], 'prod').map(
      (p) => `${p.problem.path}: ${p.problem.message.split(' (')[0]}`,
    );
    expect(problems).toEqual([
      'spec.bootstrap.initdb.secret: secret "role" has no key "username"',
      'spec.managed.roles[0].passwordSecret: secret "gone" not found in this environment',
    ]);
  });
});
