import { describe, expect, it } from 'vitest';
import { checkEnvironment, summaryLine } from '../../src/validate/check.js';
import type { K8sObject } from '../../src/validate/objects.js';
import {
  checkImagesPinned,
  checkPodSecurity,
  checkProbes,
  checkResources,
  imageReference,
} from '../../src/validate/policy.js';
import { checkReferences, runtimeSecrets } from '../../src/validate/references.js';
import { checkSchema, objectStoreProblems } from '../../src/validate/schema.js';
import { isCredentialKey, secretLookingValues } from '../../src/validate/secret-values.js';

const WAVE = { 'argocd.argoproj.io/sync-wave': '2' };
const container = (extra: Record<string, unknown> = {}) => ({
  name: 'app',
  image: 'inngest/inngest:v1.45.1',
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  livenessProbe: { httpGet: { path: '/health', port: 8288 } },
  readinessProbe: { httpGet: { path: '/health', port: 8288 } },
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  ...extra,
});
const podSpec = (extra: Record<string, unknown> = {}) => ({
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [container()],
  ...extra,
});
const deployment = (spec: Record<string, unknown> = podSpec()): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'inngest', labels: { 'app.kubernetes.io/name': 'inngest' }, annotations: WAVE },
  spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec } },
});
const cronJob = (spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'backup' },
  spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec } } } },
});
const paths = (problems: { path: string }[]) => problems.map((p) => p.path);

describe('Pod Security Standard restricted', () => {
  it('passes a restricted pod (pod-level runAsNonRoot and seccomp)', () => {
    expect(checkPodSecurity(deployment())).toEqual([]);
  });

  it('reports host namespaces, hostPath, privileged, escalation, capabilities and host ports', () => {
    const bad = podSpec({
      hostNetwork: true,
      hostPID: true,
      volumes: [
        { name: 'h', hostPath: { path: '/' } },
        { name: 'ok', emptyDir: {} },
      ],
      containers: [
        container({
          securityContext: {
            privileged: true,
            capabilities: { add: ['NET_ADMIN', 'NET_BIND_SERVICE'], drop: ['NET_RAW'] },
          },
          ports: [{ containerPort: 80, hostPort: 80 }],
        }),
      ],
    });
    expect(paths(checkPodSecurity(deployment(bad)))).toEqual([
      'spec.template.spec.hostNetwork',
      'spec.template.spec.hostPID',
      'spec.template.spec.volumes[0].hostPath',
      'spec.template.spec.containers[0].securityContext.privileged',
      'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      'spec.template.spec.containers[0].securityContext.capabilities.drop',
      'spec.template.spec.containers[0].securityContext.capabilities.add[0]',
      'spec.template.spec.containers[0].ports[0].hostPort',
    ]);
  });

  it('needs runAsNonRoot and seccomp on the pod or on every container, init containers included, in CronJobs too', () => {
    const spec = {
      initContainers: [container({ name: 'init' })],
      containers: [
        container({
          securityContext: {
            ...container().securityContext,
            runAsNonRoot: true,
            seccompProfile: { type: 'Unconfined' },
          },
        }),
      ],
    };
    expect(checkPodSecurity(cronJob(spec)).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.runAsNonRoot: must be true, here or in the pod securityContext (Pod Security Standard restricted)',
      'spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.seccompProfile.type: must be RuntimeDefault or Localhost, here or in the pod securityContext (Pod Security Standard restricted)',
      'spec.jobTemplate.spec.template.spec.containers[0].securityContext.seccompProfile.type: is Unconfined; must be RuntimeDefault or Localhost (Pod Security Standard restricted)',
    ]);
  });
});

describe('resources, probes and images', () => {
  it('needs cpu and memory requests and a memory limit on init containers too', () => {
    const spec = podSpec({ initContainers: [container({ name: 'init', resources: { requests: { cpu: '10m' } } })] });
    expect(paths(checkResources(deployment(spec)))).toEqual([
      'spec.template.spec.initContainers[0].resources.requests.memory',
      'spec.template.spec.initContainers[0].resources.limits.memory',
    ]);
  });

  it('needs probes on long-running containers only; a startupProbe does not stand in for readiness', () => {
    const noProbes = container({ livenessProbe: undefined, readinessProbe: undefined });
    expect(paths(checkProbes(deployment(podSpec({ containers: [noProbes] }))))).toEqual([
      'spec.template.spec.containers[0].livenessProbe',
      'spec.template.spec.containers[0].readinessProbe',
    ]);
    expect(checkProbes(cronJob(podSpec({ containers: [noProbes] })))).toEqual([]);
    expect(
      paths(
        checkProbes(
          deployment(
            podSpec({
              containers: [container({ readinessProbe: undefined, startupProbe: { tcpSocket: { port: 1 } } })],
            }),
          ),
        ),
      ),
    ).toEqual(['spec.template.spec.containers[0].readinessProbe']);
    expect(checkProbes(deployment(podSpec({ initContainers: [noProbes] })))).toEqual([]);
  });

  it('pins images by tag or digest', () => {
    expect(imageReference('registry.example.com:5000/inngest/inngest')).toEqual({});
    expect(imageReference('registry.example.com:5000/inngest/inngest:v1@sha256:ab')).toEqual({
      tag: 'v1',
      digest: 'sha256:ab',
    });
    const images = ['a/b', 'a/b:latest', 'registry:5000/a/b', `a/b@sha256:${'a'.repeat(64)}`, 'a/b:v1.2.3'];
    const spec = podSpec({ containers: images.map((image, i) => container({ name: `c${i}`, image })) });
    expect(checkImagesPinned(deployment(spec)).map((p) => p.message)).toEqual([
      'a/b has no tag (pin a release tag or a digest)',
      'a/b:latest uses the latest tag (pin a release tag or a digest)',
      'registry:5000/a/b has no tag (pin a release tag or a digest)',
    ]);
  });
});

describe('credentials in ConfigMaps', () => {
  it('keeps false positives low', () => {
    const data = {
      INNGEST_PORT: '8288',
      LOG_LEVEL: 'info',
      INNGEST_QUEUE_WORKERS: '100',
      DO_NOT_TRACK: '1',
      SECRET_NAME: 'inngest-keys',
      TOKEN_TTL: '3600s',
      PASSWORD_FILE: '/etc/inngest/password',
      API_KEY_HEADER: 'X-Api-Key',
      INNGEST_POSTGRES_URI: 'postgres://inngest:$(POSTGRES_PASSWORD)@inngest-postgres-rw:5432/inngest',
      REDIS_URI: 'redis://:${VALKEY_PASSWORD}@inngest-valkey:6379/0',
      IMAGE: `inngest/inngest@sha256:${'0123456789abcdef'.repeat(4)}`,
      REQUEST_ID: '123e4567-e89b-12d3-a456-426614174000',
      CACHE_KEY: 'sessions',
      'prometheus.yml':
        'global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: inngest\n    static_configs:\n      - targets: [localhost:8288]\n',
      K8S_LABEL: 'app.kubernetes.io/name',
    };
    expect(secretLookingValues(data)).toEqual([]);
  });

  it('finds credential keys, passwords in URLs and high-entropy strings, without echoing them', () => {
    const findings = secretLookingValues({
      INNGEST_SIGNING_KEY: 'a1b2'.repeat(16),
      DB_PASSWORD: 'Tr0ub4dor&3',
      DATABASE_URL: 'postgres://app:s3cr3tpass@db:5432/app',
      BLOB: 'config=AKIAx9Qz7Lm2Vb8Rt4Yp6Wn3Kd5Fh1Jc0Gs',
      'app.yaml': 'auth:\n  user: me\n  password: n0t-so-secret\n',
    });
    expect(findings).toEqual([
      { key: 'INNGEST_SIGNING_KEY', reason: 'INNGEST_SIGNING_KEY looks like a credential' },
      { key: 'DB_PASSWORD', reason: 'DB_PASSWORD looks like a credential' },
      { key: 'DATABASE_URL', reason: 'holds a URL with a password in it' },
      { key: 'BLOB', reason: 'holds a high-entropy string that looks like a key or token' },
      { key: 'app.yaml', reason: 'line 3: password looks like a credential' },
    ]);
    expect(JSON.stringify(findings)).not.toMatch(/Tr0ub4dor|s3cr3tpass|n0t-so-secret/);
  });

  it('knows credential key names', () => {
    expect(['password', 'INNGEST_EVENT_KEY', 'accessKey', 'api-token', 'SECRET_KEY_BASE'].map(isCredentialKey)).toEqual(
      [true, true, true, true, true],
    );
    expect(['INNGEST_PORT', 'SECRET_NAME', 'KEY_PREFIX', 'tokenPath', 'monkey'].map(isCredentialKey)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

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
    const problems = checkReferences(
      [pod, sealed('sealed-name', ['a'], 'renamed'), sealed('whole', []), cm],
      'prod',
    ).map((p) => `${p.problem.path}: ${p.problem.message}`);
    expect(problems).toEqual([
      expect.stringMatching(
        /^spec\.template\.spec\.containers\[0\]\.env\[2\]\.valueFrom\.secretKeyRef: secret "inngest-postgres-app" not found in this environment/,
      ),
      'spec.template.spec.containers[0].env[4].valueFrom.configMapKeyRef: configmap "cfg" has no key "missing" (keys: present)',
    ]);
    expect(runtimeSecrets().map((s) => s.name)).toEqual([
      'inngest-postgres-ca',
      'inngest-postgres-server',
      'inngest-postgres-replication',
    ]);
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

describe('summary line', () => {
  it('counts problems, objects and environments', () => {
    const broken = deployment(podSpec({ hostNetwork: true, hostIPC: true }));
    const problems = checkEnvironment('prod', [broken]).filter((p) => p.rule === 'pod-security');
    expect(summaryLine(problems, 10, 2)).toBe('2 problems in 1 object across 1 environment');
    expect(summaryLine([], 1, 1)).toBe('ok: 1 object in 1 environment, 0 problems');
  });
});
