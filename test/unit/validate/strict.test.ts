import { describe, expect, it } from 'vitest';

import { strictKinds, strictValidate, type StrictProblem } from '../../../src/validate/strict.js';

type Obj = Record<string, unknown>;

// ------------------------------------------------------------------ realistic objects

const labels = { 'app.kubernetes.io/name': 'inngest', 'app.kubernetes.io/part-of': 'inngest' };

function deployment(): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'inngest', namespace: 'inngest', labels, annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
    spec: {
      replicas: 2,
      revisionHistoryLimit: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'inngest' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: 'inngest',
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'inngest',
              image: 'inngest/inngest:v1.5.0',
              imagePullPolicy: 'IfNotPresent',
              args: ['start', '--port', '8288'],
              ports: [
                { name: 'http', containerPort: 8288, protocol: 'TCP' },
                { name: 'connect', containerPort: 8289 },
              ],
              env: [
                { name: 'INNGEST_EVENT_KEY', valueFrom: { secretKeyRef: { name: 'inngest', key: 'event-key' } } },
                { name: 'INNGEST_POSTGRES_URI', valueFrom: { secretKeyRef: { name: 'inngest-db-app', key: 'uri' } } },
              ],
              resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
              readinessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 10 },
              livenessProbe: { httpGet: { path: '/health', port: 8288 }, initialDelaySeconds: 10 },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}

function service(): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'inngest', namespace: 'inngest', labels },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'inngest' },
      ports: [
        { name: 'http', port: 8288, targetPort: 'http', protocol: 'TCP' },
        { name: 'connect', port: 8289, targetPort: 8289 },
      ],
    },
  };
}

function cluster(): Obj {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: 'inngest-db', namespace: 'inngest' },
    spec: {
      instances: 3,
      imageName: 'ghcr.io/cloudnative-pg/postgresql:17.5',
      primaryUpdateStrategy: 'unsupervised',
      storage: { size: '20Gi', storageClass: 'standard' },
      walStorage: { size: '5Gi' },
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
      postgresql: { parameters: { max_connections: '200', shared_buffers: '256MB' } },
      bootstrap: { initdb: { database: 'inngest', owner: 'inngest' } },
      monitoring: { enablePodMonitor: false },
      affinity: { enablePodAntiAffinity: true, topologyKey: 'kubernetes.io/hostname' },
    },
  };
}

function database(): Obj {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Database',
    metadata: { name: 'inngest', namespace: 'inngest' },
    spec: { name: 'inngest', owner: 'inngest', cluster: { name: 'inngest-db' }, ensure: 'present' },
  };
}

function scaledObject(): Obj {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'inngest', namespace: 'inngest' },
    spec: {
      scaleTargetRef: { name: 'inngest', kind: 'Deployment', apiVersion: 'apps/v1' },
      minReplicaCount: 1,
      maxReplicaCount: 10,
      pollingInterval: 15,
      cooldownPeriod: 300,
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: {
            scaleDown: {
              stabilizationWindowSeconds: 300,
              policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
            },
          },
        },
      },
      triggers: [
        {
          type: 'prometheus',
          metadata: {
            serverAddress: 'http://prometheus.monitoring:9090',
            query: 'sum(inngest_queue_depth)',
            threshold: '100',
          },
          authenticationRef: { name: 'inngest-prometheus' },
        },
      ],
    },
  };
}

function sealedSecret(): Obj {
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name: 'inngest', namespace: 'inngest' },
    spec: {
      encryptedData: { 'event-key': 'AgBy3i4OJSWK+PiTySYZZA==', 'signing-key': 'AgCtr8aDmmwRLVg9EXZAbA==' },
      template: { metadata: { name: 'inngest', namespace: 'inngest', labels }, type: 'Opaque' },
    },
  };
}

function application(): Obj {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'inngest', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
    spec: {
      project: 'inngest',
      source: {
        repoURL: 'https://git.example.com/ops/inngest-gitops.git',
        targetRevision: 'main',
        path: 'overlays/prod',
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'inngest' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
        retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
      },
    },
  };
}

function only(problems: StrictProblem[]): StrictProblem {
  expect(problems).toHaveLength(1);
  return problems[0] as StrictProblem;
}

const at = (o: unknown, ...path: (string | number)[]): Obj => {
  let cur = o;
  for (const p of path) cur = (cur as Record<string | number, unknown>)[p];
  return cur as Obj;
};

// ------------------------------------------------------------------ tests

describe('strictValidate: valid objects', () => {
  it.each([
    ['Deployment', deployment],
    ['Service', service],
    ['CNPG Cluster', cluster],
    ['CNPG Database', database],
    ['KEDA ScaledObject', scaledObject],
    ['SealedSecret', sealedSecret],
    ['Argo CD Application', application],
  ])('%s has no problems', (_name, make) => {
    expect(strictValidate(make())).toEqual([]);
  });

  it('accepts free-form values where the schema is open (annotations, labels, postgresql parameters)', () => {
    const c = cluster();
    at(c, 'spec', 'postgresql', 'parameters')['any_new_guc'] = 'on';
    expect(strictValidate(c)).toEqual([]);
  });

  it('accepts plain-number and suffixed quantities', () => {
    const d = deployment();
    at(d, 'spec', 'template', 'spec', 'containers', 0, 'resources').requests = { cpu: 1, memory: '512Mi' };
    at(d, 'spec', 'template', 'spec', 'containers', 0, 'resources').limits = { cpu: '1', memory: '1e9' };
    expect(strictValidate(d)).toEqual([]);
  });
});

describe('strictValidate: unknown fields', () => {
  it('spec.replicaz in a Deployment', () => {
    const d = deployment();
    at(d, 'spec').replicaz = 3;
    expect(only(strictValidate(d))).toEqual({ path: 'spec.replicaz', message: 'unknown field' });
  });

  it('imagePullPolicyy in a container', () => {
    const d = deployment();
    at(d, 'spec', 'template', 'spec', 'containers', 0).imagePullPolicyy = 'Always';
    expect(only(strictValidate(d))).toEqual({
      path: 'spec.template.spec.containers[0].imagePullPolicyy',
      message: 'unknown field',
    });
  });

  it('in a CNPG Cluster spec', () => {
    const c = cluster();
    at(c, 'spec').instancez = 3;
    expect(only(strictValidate(c))).toEqual({ path: 'spec.instancez', message: 'unknown field' });
  });

  it('nested in a CNPG Cluster spec', () => {
    const c = cluster();
    at(c, 'spec', 'storage').sise = '1Gi';
    expect(only(strictValidate(c))).toEqual({ path: 'spec.storage.sise', message: 'unknown field' });
  });

  it('in a ScaledObject spec', () => {
    const s = scaledObject();
    at(s, 'spec').maxReplicas = 10;
    expect(only(strictValidate(s))).toEqual({ path: 'spec.maxReplicas', message: 'unknown field' });
  });

  it('HTTPRoute fields of the Gateway API experimental channel (not in the standard CRD)', () => {
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'inngest' },
      spec: {
        useDefaultGateways: 'All',
        rules: [
          {
            retry: { attempts: 2 },
            sessionPersistence: { sessionName: 'x' },
            filters: [{ type: 'ExternalAuth', externalAuth: { protocol: 'HTTP', backendRef: { name: 'auth' } } }],
            backendRefs: [{ name: 'inngest', port: 8288 }],
          },
        ],
      },
    };
    const unknown = strictValidate(route).filter((p) => p.message === 'unknown field');
    expect(unknown.map((p) => p.path).sort()).toEqual([
      'spec.rules[0].filters[0].externalAuth',
      'spec.rules[0].retry',
      'spec.rules[0].sessionPersistence',
      'spec.useDefaultGateways',
    ]);
  });

  it('in metadata (ObjectMeta is strict too, also on CRD kinds)', () => {
    const a = application();
    at(a, 'metadata').label = { x: 'y' };
    expect(only(strictValidate(a))).toEqual({ path: 'metadata.label', message: 'unknown field' });
  });

  it('at the top level', () => {
    const s = service();
    s.specs = {};
    expect(only(strictValidate(s))).toEqual({ path: 'specs', message: 'unknown field' });
  });
});

describe('strictValidate: types, required fields, enums, formats', () => {
  it('replicas: "3" must be integer', () => {
    const d = deployment();
    at(d, 'spec').replicas = '3';
    expect(only(strictValidate(d))).toEqual({ path: 'spec.replicas', message: 'must be integer' });
  });

  it('memory: "1 GB" is not a quantity', () => {
    const d = deployment();
    at(d, 'spec', 'template', 'spec', 'containers', 0, 'resources', 'limits').memory = '1 GB';
    const p = only(strictValidate(d));
    expect(p.path).toBe('spec.template.spec.containers[0].resources.limits.memory');
    expect(p.message).toMatch(/quantity/);
  });

  it('CNPG Cluster resources must be quantities too', () => {
    const c = cluster();
    at(c, 'spec', 'resources', 'limits').memory = '2 GB';
    const p = only(strictValidate(c));
    expect(p.path).toBe('spec.resources.limits.memory');
    expect(p.message).toMatch(/quantity/);
  });

  it('int-or-string accepts both but nothing else', () => {
    const s = service();
    at(s, 'spec', 'ports', 0).targetPort = true;
    expect(only(strictValidate(s))).toEqual({ path: 'spec.ports[0].targetPort', message: 'must be string or integer' });
  });

  it('required field missing', () => {
    const d = deployment();
    delete at(d, 'spec', 'template', 'spec', 'containers', 0).name;
    expect(only(strictValidate(d))).toEqual({
      path: 'spec.template.spec.containers[0].name',
      message: 'required field missing',
    });
  });

  it('enum values are listed', () => {
    const d = deployment();
    at(d, 'spec', 'template', 'spec', 'containers', 0).imagePullPolicy = 'Sometimes';
    expect(only(strictValidate(d))).toEqual({
      path: 'spec.template.spec.containers[0].imagePullPolicy',
      message: 'must be one of: Always, IfNotPresent, Never',
    });
  });

  it('keys with dots are quoted in paths', () => {
    const d = deployment();
    at(d, 'metadata').labels = { ...labels, 'app.kubernetes.io/name': 5 };
    expect(only(strictValidate(d))).toEqual({
      path: 'metadata.labels["app.kubernetes.io/name"]',
      message: 'must be string',
    });
  });
});

describe('strictValidate: dispatch', () => {
  it('unknown kind', () => {
    expect(strictValidate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' } })).toEqual([
      { path: '', message: 'no schema for example.com/v1 Widget' },
    ]);
  });

  it('known kind under another apiVersion', () => {
    expect(strictValidate({ apiVersion: 'apps/v1beta1', kind: 'Deployment' })).toEqual([
      { path: '', message: 'no schema for apps/v1beta1 Deployment' },
    ]);
  });

  it('barman-cloud ObjectStore has no schema (no npm package carries it)', () => {
    expect(strictValidate({ apiVersion: 'barmancloud.cnpg.io/v1', kind: 'ObjectStore' })).toEqual([
      { path: '', message: 'no schema for barmancloud.cnpg.io/v1 ObjectStore' },
    ]);
  });

  it('non-objects', () => {
    expect(strictValidate('kind: Deployment')).toEqual([{ path: '', message: 'must be object' }]);
    expect(strictValidate(null)).toEqual([{ path: '', message: 'must be object' }]);
  });

  it('every listed kind validates a minimal object of its own kind', () => {
    expect(strictKinds()).toHaveLength(24);
    for (const { apiVersion, kind } of strictKinds()) {
      const problems = strictValidate({ apiVersion, kind, metadata: { name: 'x' } });
      // Some kinds require spec fields; none may report a missing schema or unknown field.
      for (const p of problems) {
        expect(p.message).not.toMatch(/no schema|unknown field/);
      }
    }
  });
});

describe('strictValidate: more kinds we emit (no false positives)', () => {
  const meta = { name: 'inngest', namespace: 'inngest', labels };
  it.each<[string, Obj]>([
    [
      'CronJob',
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: meta,
        spec: {
          schedule: '0 3 * * *',
          concurrencyPolicy: 'Forbid',
          successfulJobsHistoryLimit: 1,
          jobTemplate: {
            metadata: { labels },
            spec: {
              backoffLimit: 2,
              ttlSecondsAfterFinished: 3600,
              template: {
                spec: {
                  restartPolicy: 'OnFailure',
                  containers: [{ name: 'vacuum', image: 'postgres:17', command: ['vacuumdb', '--all'] }],
                },
              },
            },
          },
        },
      },
    ],
    [
      'NetworkPolicy',
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta,
        spec: {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'inngest' } },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
              ports: [{ protocol: 'TCP', port: 8288 }, { port: 'http' }],
            },
          ],
          egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }] }],
        },
      },
    ],
    [
      'Ingress',
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { ...meta, annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
        spec: {
          ingressClassName: 'nginx',
          tls: [{ hosts: ['inngest.example.com'], secretName: 'inngest-tls' }],
          rules: [
            {
              host: 'inngest.example.com',
              http: {
                paths: [
                  { path: '/', pathType: 'Prefix', backend: { service: { name: 'inngest', port: { name: 'http' } } } },
                ],
              },
            },
          ],
        },
      },
    ],
    [
      'HTTPRoute',
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: meta,
        spec: {
          parentRefs: [{ namespace: 'gateway-system', name: 'shared', sectionName: 'https' }],
          hostnames: ['inngest.example.com'],
          rules: [
            {
              matches: [
                { path: { type: 'PathPrefix', value: '/e/' } },
                { path: { type: 'Exact', value: '/v0/connect/start' } },
              ],
              backendRefs: [{ name: 'inngest', port: 8288 }],
              timeouts: { request: '0s' },
            },
          ],
        },
      },
    ],
    [
      'PodDisruptionBudget',
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: meta,
        spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'inngest' } } },
      },
    ],
    [
      'ScheduledBackup',
      {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'ScheduledBackup',
        metadata: meta,
        spec: {
          schedule: '0 0 2 * * *',
          backupOwnerReference: 'self',
          cluster: { name: 'inngest-db' },
          method: 'plugin',
          pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
        },
      },
    ],
    [
      'TriggerAuthentication',
      {
        apiVersion: 'keda.sh/v1alpha1',
        kind: 'TriggerAuthentication',
        metadata: meta,
        spec: { secretTargetRef: [{ parameter: 'bearerToken', name: 'prometheus-token', key: 'token' }] },
      },
    ],
    [
      'AppProject',
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'inngest', namespace: 'argocd' },
        spec: {
          description: 'Inngest',
          sourceRepos: ['https://git.example.com/ops/inngest-gitops.git'],
          destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'inngest' }],
          clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
        },
      },
    ],
    [
      'ServiceMonitor',
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: meta,
        spec: {
          selector: { matchLabels: { 'app.kubernetes.io/name': 'inngest' } },
          endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
        },
      },
    ],
    [
      'PodMonitor',
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: meta,
        spec: {
          selector: { matchLabels: { 'cnpg.io/cluster': 'inngest-db' } },
          podMetricsEndpoints: [{ port: 'metrics' }],
        },
      },
    ],
  ])('%s has no problems', (_name, obj) => {
    expect(strictValidate(obj)).toEqual([]);
  });
});
