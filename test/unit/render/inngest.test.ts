import { describe, expect, it } from 'vitest';
import { defaultAnswers, resolveAnswers } from '../../../src/answers/resolve.js';
import { configValues } from '../../../src/render/inngest.js';
import { APP_URLS, userErrorOf } from '../../helpers/answers.js';
import { components } from '../../../src/render/components.js';
import { repositoryTree as renderTree } from '../../../src/commands/repository-tree.js';
import type { Model } from '../../../src/render/types.js';
import { parseYaml } from '../../../src/core/yaml.js';

const answers = defaultAnswers();
const context = { generatorVersion: '0.0.0-test' };

function baseObjects(): Model[] {
  return components.flatMap((c) => c.base(answers).manifests.flatMap((m) => m.objects));
}

function find<T>(kind: string): T {
  const found = baseObjects().find((o) => o.kind === kind);
  if (!found) throw new Error(`no ${kind}`);
  return found.toJSON() as T;
}

describe('the Inngest Deployment', () => {
  type Deployment = {
    spec: {
      strategy: { rollingUpdate: { maxSurge: number; maxUnavailable: number } };
      template: { spec: Record<string, any> };
    };
  };
  const deployment = find<Deployment>('Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('runs inngest start, configured only through the environment', () => {
    expect(container.command).toEqual(['inngest', 'start']);
    expect(container.args).toBeUndefined();
  });

  it('meets Pod Security Standard "restricted" with a read-only root and a /tmp emptyDir', () => {
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(pod.volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('has requests, limits and the three probes on /health', () => {
    expect(Object.keys(container.resources)).toEqual(['requests', 'limits']);
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'])
      expect(container[probe].httpGet).toEqual({ path: '/health', port: 'http' });
  });

  it('rolls one pod at a time and gives steps time to finish', () => {
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(60);
  });

  it('turns off service links, which would inject INNGEST_PORT=tcp://…', () => {
    expect(pod.enableServiceLinks).toBe(false);
  });

  it('sets the Connect HA addresses from the pod IP and declares the four ports', () => {
    const env = Object.fromEntries(container.env.map((e: { name: string }) => [e.name, e]));
    expect(env.INNGEST_CONNECT_GATEWAY_GRPC_IP.valueFrom).toEqual({ fieldRef: { fieldPath: 'status.podIP' } });
    expect(env.INNGEST_CONNECT_EXECUTOR_GRPC_IP.valueFrom).toEqual({ fieldRef: { fieldPath: 'status.podIP' } });
    expect(container.ports.map((p: { containerPort: number }) => p.containerPort)).toEqual([8288, 8289, 50052, 50053]);
  });

  it('reads keys from the Secret, never from a literal', () => {
    const env = Object.fromEntries(container.env.map((e: { name: string }) => [e.name, e]));
    expect(env.INNGEST_EVENT_KEY.valueFrom.secretKeyRef).toEqual({ name: 'inngest-keys', key: 'INNGEST_EVENT_KEY' });
    expect(env.INNGEST_SIGNING_KEY.valueFrom.secretKeyRef).toEqual({
      name: 'inngest-keys',
      key: 'INNGEST_SIGNING_KEY',
    });
  });
});

describe('settings', () => {
  const values = configValues(answers);
  it('uses LOG_LEVEL (the CLI ignores INNGEST_LOG_LEVEL), DO_NOT_TRACK and an explicit INNGEST_PORT', () => {
    expect(values.LOG_LEVEL).toBe('info');
    expect(values).not.toHaveProperty('INNGEST_LOG_LEVEL');
    expect(values.DO_NOT_TRACK).toBe('1');
    expect(values.INNGEST_PORT).toBe('8288');
  });
});

describe('network policy', () => {
  type Policy = {
    spec: {
      policyTypes: string[];
      ingress: { from?: unknown[]; ports: { port: number }[] }[];
      egress: { to?: unknown[]; ports: { port: number; protocol: string }[] }[];
    };
  };
  const policy = find<Policy>('NetworkPolicy');
  it('denies by default in both directions', () => {
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });
  it('admits only the Inngest replicas themselves, on the API, Connect and gRPC ports', () => {
    expect(policy.spec.ingress).toHaveLength(1);
    expect(policy.spec.ingress[0]!.from).toEqual([
      {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'inngest', 'app.kubernetes.io/instance': 'inngest' } },
      },
    ]);
    expect(policy.spec.ingress[0]!.ports.map((p) => p.port)).toEqual([8288, 8289, 50052, 50053]);
  });
  it('allows DNS, the Connect peers and the app ports out; the stores add their own egress', () => {
    const ports = policy.spec.egress.flatMap((rule) => rule.ports.map((p) => `${p.protocol}/${p.port}`));
    expect(ports).toEqual(expect.arrayContaining(['UDP/53', 'TCP/53', 'TCP/50052', 'TCP/443']));
    expect(ports).not.toContain('TCP/5432');
    const storeEgress = baseObjects()
      .map((o) => o.toJSON() as Policy & { kind: string; metadata: { name: string } })
      .filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name.startsWith('inngest-to-'))
      .map((o) => [o.metadata.name, o.spec.egress.flatMap((rule) => rule.ports.map((p) => p.port))]);
    expect(Object.fromEntries(storeEgress)).toEqual({ 'inngest-to-postgres': [5432], 'inngest-to-valkey': [6379] });
  });
});

describe('overlays', () => {
  const withHosts = resolveAnswers({
    environments: [{ name: 'stage' }, { name: 'prod', hostname: 'inngest.example.com' }],
  });
  const fixedReplicas = renderTree(
    resolveAnswers({
      environments: [
        { name: 'stage', keda: { enabled: false } },
        { name: 'prod', keda: { enabled: false } },
      ],
    }),
    context,
  );
  const tree = renderTree(withHosts, context);

  it('prod is production-sized, with a PDB that keeps one pod', () => {
    const patch = parseYaml(fixedReplicas.get('overlays/prod/patches/inngest-deployment.yaml')!) as {
      spec: { replicas: number };
    };
    expect(patch.spec.replicas).toBeGreaterThanOrEqual(2);
    const pdb = parseYaml(tree.get('overlays/prod/patches/inngest-poddisruptionbudget.yaml')!) as {
      spec: Record<string, unknown>;
    };
    expect(pdb.spec).toEqual({ minAvailable: 1, maxUnavailable: null });
  });

  it('stage is small', () => {
    const patch = parseYaml(fixedReplicas.get('overlays/stage/patches/inngest-deployment.yaml')!) as {
      spec: { replicas: number };
    };
    expect(patch.spec.replicas).toBe(1);
  });

  it('the Ingress routes what the SDKs call, never /metrics, /debug, /v0/gql, /v0/ or /v1/', () => {
    const ingress = parseYaml(tree.get('overlays/prod/ingress.yaml')!) as {
      spec: { rules: { http: { paths: { path: string; pathType: string }[] } }[] };
    };
    const paths = ingress.spec.rules[0]!.http.paths.map((p) => `${p.pathType} ${p.path}`);
    // /v0/runs/: GET /v0/runs/{id}/actions and /batch, which the SDKs call for large run state (use_api)
    expect(paths).toEqual(['Prefix /e/', 'Prefix /fn/', 'Prefix /api/v2/', 'Prefix /v2/', 'Prefix /v0/runs/']);
    const routed = ingress.spec.rules[0]!.http.paths.map((p) => p.path);
    for (const hidden of ['/metrics', '/debug', '/v0/gql', '/v0/start', '/v0/flush', '/v1/realtime/token', '/mcp', '/'])
      expect(routed.some((p) => hidden.startsWith(p))).toBe(false);
    expect(tree.has('overlays/stage/ingress.yaml')).toBe(false);
  });

  it('labels each environment without touching selectors', () => {
    const kustomization = parseYaml(tree.get('overlays/prod/kustomization.yaml')!) as {
      labels: { includeSelectors: boolean }[];
      namespace: string;
    };
    expect(kustomization.namespace).toBe('inngest-prod');
    expect(kustomization.labels[0]!.includeSelectors).toBe(false);
  });
});

describe('settings surface (answers → ConfigMap keys)', () => {
  it('renders every default, with Inngest’s variable names, LOG_LEVEL never INNGEST_LOG_LEVEL', () => {
    expect(configValues(defaultAnswers())).toEqual({
      DO_NOT_TRACK: '1',
      INNGEST_CONNECT_EXECUTOR_GRPC_PORT: '50053',
      INNGEST_CONNECT_GATEWAY_GRPC_PORT: '50052',
      INNGEST_CONNECT_GATEWAY_PORT: '8289',
      INNGEST_NO_UI: 'false',
      INNGEST_POLL_INTERVAL: '5',
      INNGEST_PORT: '8288',
      INNGEST_POSTGRES_CONN_MAX_IDLE_TIME: '5',
      INNGEST_POSTGRES_CONN_MAX_LIFETIME: '30',
      INNGEST_POSTGRES_MAX_IDLE_CONNS: '5',
      INNGEST_POSTGRES_MAX_OPEN_CONNS: '20',
      INNGEST_QUEUE_WORKERS: '100',
      INNGEST_TICK: '150',
      LOG_LEVEL: 'info',
    });
  });

  it('leaves out the settings whose off is "not set" (no SDK URLs, no retry interval, no experimental metrics)', () => {
    const values = configValues(defaultAnswers());
    for (const key of [
      'INNGEST_SDK_URL',
      'INNGEST_RETRY_INTERVAL',
      'INNGEST_EXPERIMENTAL_PROM_METRICS',
      'INNGEST_LOG_LEVEL',
    ])
      expect(values).not.toHaveProperty(key);
  });

  it('joins a list of SDK URLs with commas', () => {
    expect(configValues(resolveAnswers({ inngest: { sdkUrls: APP_URLS } })).INNGEST_SDK_URL).toBe(APP_URLS.join(','));
  });

  it('keeps the max_connections check on an environment’s own pool size', () => {
    const error = userErrorOf({
      environments: [{ name: 'prod', postgres: { maxConnections: 100 }, inngest: { postgresMaxOpenConns: 50 } }],
    });
    expect(error.message).toBe(
      'environments[0].postgres.maxConnections: 100 cannot fit 10 Inngest replicas × 50 inngest.postgresMaxOpenConns + 20 headroom = 520 (at least 520, or lower inngest.postgresMaxOpenConns or the replicas)',
    );
  });

  it('defaults retention by profile: on for production, off for small', () => {
    expect(defaultAnswers().environments.map((e) => [e.name, e.retention])).toEqual([
      ['stage', { enabled: false, days: 30, schedule: '17 3 * * *' }],
      ['prod', { enabled: true, days: 30, schedule: '17 3 * * *' }],
    ]);
    expect(defaultAnswers().monitoring).toEqual({ enabled: false, prometheusNamespace: 'monitoring' });
  });
});
