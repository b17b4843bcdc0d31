import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { maxInngestReplicas } from '../../../src/answers/sizing.js';
import type { Answers, PartialAnswers } from '../../../src/answers/schema.js';
import { UserError } from '../../../src/core/errors.js';
import { QUEUE_DEPTH_METRIC, SYNC_WAVE } from '../../../src/model/names.js';
import { rootWaves } from '../../../src/render/argocd.js';
import { trigger } from '../../../src/render/keda.js';
import { repositoryTree as renderTree } from '../../../src/commands/repository-tree.js';
import type { FileTree } from '../../../src/model/file-tree.js';
import { checkWaves } from '../../../src/validate/waves.js';
import { charts } from '../../../src/model/versions.js';
import { writeTree } from '../../../src/io/write.js';
import { validateWithModel } from '../../helpers/models.js';
import { parseYaml } from '../../../src/core/yaml.js';

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  spec?: any;
  [key: string]: unknown;
};

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const hasKubectl = kubectl.status === 0;
if (!hasKubectl)
  console.warn(
    `skipping kubectl kustomize checks: kubectl is not runnable (${kubectl.error?.message ?? kubectl.stderr})`,
  );

/** Every source at once: off, sidecar, and an existing Prometheus with a bearer token. */
const MIXED: PartialAnswers = {
  environments: [
    { name: 'dev', keda: { enabled: false } },
    { name: 'stage', keda: { source: 'sidecar' } },
    {
      name: 'prod',
      keda: {
        source: 'prometheus',
        prometheusAddress: 'http://prometheus-operated.monitoring.svc:9090',
        prometheusAuth: 'bearer',
      },
    },
  ],
};

interface Rendered {
  answers: Answers;
  tree: FileTree;
  dir: string;
}

const tempDirs: string[] = [];
function render(config: PartialAnswers): Rendered {
  const answers = resolveAnswers(config);
  const tree = renderTree(answers, { generatorVersion: '0.0.0-test' });
  const dir = join(mkdtempSync(join(tmpdir(), 'cig-keda-')), 'repo');
  tempDirs.push(dir);
  writeTree(tree, dir);
  return { answers, tree, dir };
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(join(dir, '..'), { recursive: true, force: true });
});

function parseStream(text: string): K8sObject[] {
  return parseAllDocuments(text, { version: '1.1' })
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

function kustomize(dir: string, path: string): K8sObject[] {
  const result = spawnSync('kubectl', ['kustomize', join(dir, path)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${path} failed: ${result.stderr}`);
  return parseStream(result.stdout);
}

function argoObjects(tree: FileTree): K8sObject[] {
  return [...tree.entries()]
    .filter(([path]) => path.startsWith('argocd/apps/') || path === 'argocd/root.yaml')
    .flatMap(([, text]) => parseStream(text));
}

const find = (objects: K8sObject[], kind: string, name?: string) =>
  objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

/** Argo CD destination patterns are globs. */
function globMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return regex.test(value);
}

/** An environment with backups: the platform then also installs cert-manager and the Barman Cloud plugin. */
const BACKUPS: PartialAnswers = {
  environments: [
    { name: 'stage', keda: { source: 'sidecar' } },
    { name: 'prod', postgres: { backup: { destinationPath: 's3://acme-backups/prod' } } },
  ],
};

describe.each([
  ['default answers', {} as PartialAnswers],
  ['mixed KEDA sources', MIXED],
  ['backups', BACKUPS],
])('generated repository (%s)', (_label, config) => {
  let r: Rendered;
  let overlays: Map<string, K8sObject[]>;
  beforeAll(() => {
    r = render(config);
    overlays = new Map(
      hasKubectl ? r.answers.environments.map((env) => [env.name, kustomize(r.dir, `overlays/${env.name}`)]) : [],
    );
  });

  it('points every Git-sourced Application at a path that exists and renders', () => {
    const apps = find(argoObjects(r.tree), 'Application');
    const gitApps = apps.filter((a) => !a.spec.source.chart);
    expect(gitApps.map((a) => a.spec.source.path).sort()).toEqual(
      ['argocd/apps', ...r.answers.environments.map((e) => `overlays/${e.name}`)].sort(),
    );
    for (const app of gitApps) {
      expect(app.spec.source.repoURL).toBe(r.answers.repoURL);
      expect(existsSync(join(r.dir, app.spec.source.path))).toBe(true);
      if (hasKubectl && app.spec.source.path.startsWith('overlays/'))
        expect(kustomize(r.dir, app.spec.source.path).length).toBeGreaterThan(0);
    }
  });

  it('allows every destination in the Application’s AppProject, and only this repository as source', () => {
    const objects = argoObjects(r.tree);
    const projects = new Map(find(objects, 'AppProject').map((p) => [p.metadata.name, p]));
    const children = find(objects, 'Application').filter((a) => a.spec.project !== 'default');
    expect(children.length).toBeGreaterThan(0);
    for (const app of children) {
      const project = projects.get(app.spec.project);
      expect(project, `project ${app.spec.project} of ${app.metadata.name}`).toBeDefined();
      const { server, namespace } = app.spec.destination;
      const allowed = (project!.spec.destinations as { server: string; namespace: string }[]).some(
        (d) => globMatch(d.server, server) && globMatch(d.namespace, namespace),
      );
      expect(allowed, `${app.metadata.name} → ${server} ${namespace}`).toBe(true);
      expect(project!.spec.sourceRepos).toContain(app.spec.source.repoURL);
      expect(project!.spec.sourceRepos).not.toContain('*');
    }
  });

  it('configures environment Applications for unattended, ordered sync', () => {
    const objects = argoObjects(r.tree);
    for (const env of r.answers.environments) {
      const app = find(objects, 'Application', `${r.answers.name}-${env.name}`)[0]!;
      expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
      expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(app.spec.syncPolicy.syncOptions).toEqual(
        expect.arrayContaining(['CreateNamespace=true', 'ServerSideApply=true']),
      );
      expect(app.spec.syncPolicy.retry.backoff).toBeDefined();
      const ignoresReplicas = app.spec.ignoreDifferences?.some(
        (d: any) => d.kind === 'Deployment' && d.jsonPointers.includes('/spec/replicas'),
      );
      expect(Boolean(ignoresReplicas)).toBe(env.keda.enabled);
      expect(app.spec.syncPolicy.syncOptions.includes('RespectIgnoreDifferences=true')).toBe(env.keda.enabled);
    }
    const project = find(objects, 'AppProject', r.answers.name)[0]!;
    expect(project.spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
    expect(project.spec.namespaceResourceWhitelist.some((k: any) => k.kind === '*' || k.group === '*')).toBe(false);
    expect(project.spec.namespaceResourceWhitelist.some((k: any) => k.group === '' && k.kind === 'Secret')).toBe(false);
  });

  it('installs the operators from pinned charts, server-side, before the environments', () => {
    const objects = argoObjects(r.tree);
    const wave = (o: K8sObject) => Number(o.metadata.annotations?.[SYNC_WAVE]);
    const operatorApps = find(objects, 'Application').filter((a) => a.spec.source.chart);
    const backups = r.answers.environments.some((e) => e.postgres.backup);
    expect(operatorApps.map((a) => `${a.spec.source.chart}@${a.spec.source.targetRevision}`).sort()).toEqual(
      [
        charts.cloudnativePg,
        charts.keda,
        charts.sealedSecrets,
        ...(backups ? [charts.certManager, charts.barmanCloud] : []),
      ]
        .map((c) => `${c.chart}@${c.version}`)
        .sort(),
    );
    const envApps = find(objects, 'Application').filter((a) => a.spec.source.path?.startsWith('overlays/'));
    for (const op of operatorApps) {
      expect(op.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
      expect(op.metadata.finalizers).toBeUndefined();
      for (const env of envApps) expect(wave(op)).toBeLessThan(wave(env));
    }
    const sealed = operatorApps.find((a) => a.spec.source.chart === 'sealed-secrets')!;
    expect(sealed.spec.destination.namespace).toBe(r.answers.sealing.controllerNamespace);
    expect(sealed.spec.source.helm.valuesObject.fullnameOverride).toBe(r.answers.sealing.controllerName);
    expect(wave(find(objects, 'AppProject', r.answers.name)[0]!)).toBe(rootWaves.project);
  });

  it('validates every object with its kubernetes-models class', () => {
    for (const object of argoObjects(r.tree)) validateWithModel(object);
    for (const object of parseStream(r.tree.get('argocd/bootstrap/argocd-cm-health.yaml')!)) validateWithModel(object);
    if (!hasKubectl) return;
    for (const objects of overlays.values()) for (const object of objects) validateWithModel(object);
  });

  it.skipIf(!hasKubectl)('puts every overlay object in the sync wave of the table', () => {
    for (const [env, objects] of overlays) expect(checkWaves(objects), env).toEqual([]);
  });

  it.skipIf(!hasKubectl)(
    'targets the Inngest Deployment of the same overlay, with spec.replicas only where KEDA is off',
    () => {
      for (const env of r.answers.environments) {
        const objects = overlays.get(env.name)!;
        const deployment = find(objects, 'Deployment')[0]!;
        const scaledObjects = find(objects, 'ScaledObject');
        if (!env.keda.enabled) {
          expect(scaledObjects).toEqual([]);
          expect(deployment.spec.replicas).toBe(env.replicas);
          continue;
        }
        expect(deployment.spec).not.toHaveProperty('replicas');
        const so = scaledObjects[0]!;
        expect(so.metadata.namespace).toBe(deployment.metadata.namespace);
        expect(so.spec.scaleTargetRef).toMatchObject({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: deployment.metadata.name,
        });
        expect(so.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
        expect(so.spec.maxReplicaCount).toBe(env.keda.maxReplicas);
        expect(
          so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds,
        ).toBeGreaterThan(0);
        expect(so.spec.fallback).toMatchObject({ failureThreshold: 3, replicas: env.keda.minReplicas });
        expect(so.spec.triggers).toHaveLength(1);
        expect(so.spec.triggers[0].metadata).not.toHaveProperty('metricName');
        expect(find(objects, 'PodDisruptionBudget')[0]!.spec).toEqual(
          env.keda.minReplicas >= 2
            ? expect.objectContaining({ minAvailable: 1 })
            : expect.objectContaining({ maxUnavailable: 1 }),
        );
      }
    },
  );

  it.skipIf(!hasKubectl)('reads the metric from a Service, port and metric that exist', () => {
    for (const env of r.answers.environments.filter((e) => e.keda.enabled)) {
      const objects = overlays.get(env.name)!;
      const t = find(objects, 'ScaledObject')[0]!.spec.triggers[0];
      const address = new URL(t.type === 'metrics-api' ? t.metadata.url : t.metadata.serverAddress);
      const [serviceName, namespace, svc] = address.hostname.split('.');
      if (env.keda.source === 'prometheus') {
        expect(t.metadata.query).toBe(`max(${QUEUE_DEPTH_METRIC}{namespace="${env.namespace}"})`);
        expect(t.metadata.ignoreNullValues).toBe('false');
        const auth = find(objects, 'TriggerAuthentication', t.authenticationRef.name)[0]!;
        expect(auth.spec.secretTargetRef[0]).toMatchObject({ parameter: 'bearerToken' });
        continue;
      }
      expect(svc).toBe('svc');
      expect(namespace).toBe(env.namespace);
      const service = find(objects, 'Service', serviceName)[0];
      expect(service, `Service ${serviceName} in ${env.name}`).toBeDefined();
      expect(service!.metadata.namespace).toBe(env.namespace);
      const port = service!.spec.ports.find((p: any) => p.port === Number(address.port));
      expect(port, `port ${address.port} of ${serviceName}`).toBeDefined();
      const deployment = find(objects, 'Deployment')[0]!;
      const containerPort = deployment.spec.template.spec.containers
        .flatMap((c: any) => c.ports)
        .find((p: any) => p.name === port.targetPort);
      expect(containerPort?.containerPort).toBe(Number(address.port));
      if (env.keda.source === 'metrics-api') {
        expect(address.pathname).toBe('/metrics');
        expect(t.metadata).toMatchObject({
          format: 'prometheus',
          valueLocation: QUEUE_DEPTH_METRIC,
          targetValue: String(env.keda.threshold),
        });
      } else {
        expect(t.metadata.query).toBe(`max(${QUEUE_DEPTH_METRIC})`);
        const config = find(objects, 'ConfigMap', 'inngest-prometheus-sidecar')[0]!;
        expect(config.data).toBeDefined();
        const scrape = parseYaml((config.data as Record<string, string>)['prometheus.yml']!) as any;
        expect(scrape.scrape_configs[0]).toMatchObject({
          metrics_path: '/metrics',
          static_configs: [{ targets: ['localhost:8288'] }],
        });
        const sidecarPolicy = find(objects, 'NetworkPolicy', 'inngest-prometheus-sidecar')[0]!;
        expect(sidecarPolicy.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9090 }]);
        expect(sidecarPolicy.spec.ingress[0].from[0].podSelector.matchLabels).toEqual({
          'app.kubernetes.io/name': 'keda-operator',
        });
        const sidecar = deployment.spec.template.spec.containers.find((c: any) => c.name === 'prometheus');
        expect(sidecar.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
        expect(sidecar.resources.limits).toBeDefined();
        expect(sidecar.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
        });
      }
    }
  });

  it.skipIf(!hasKubectl)('opens the sidecar port only where the sidecar runs', () => {
    for (const env of r.answers.environments) {
      const objects = overlays.get(env.name)!;
      const opens9090 = find(objects, 'NetworkPolicy').some((np) =>
        JSON.stringify(np.spec.ingress ?? []).includes('9090'),
      );
      expect(opens9090, env.name).toBe(env.keda.enabled && env.keda.source === 'sidecar');
      // The KEDA operator reads Inngest's /metrics on 8288 only where the metrics-api source runs;
      // no rule admits 8288 from every pod.
      const rules = find(objects, 'NetworkPolicy').flatMap((np) => np.spec.ingress ?? []);
      const admitsKedaOn8288 = rules.some(
        (rule: any) =>
          rule.ports.some((p: any) => p.port === 8288) &&
          rule.from?.some(
            (peer: any) =>
              peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'keda' &&
              peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'keda-operator',
          ),
      );
      expect(admitsKedaOn8288, env.name).toBe(env.keda.enabled && env.keda.source === 'metrics-api');
      expect(rules.every((rule: any) => rule.from?.length > 0)).toBe(true);
    }
  });
});

describe('sync-wave check', () => {
  it.skipIf(!hasKubectl)('catches a missing wave, a wrong wave and an unknown kind', () => {
    const r = render({});
    const objects = structuredClone(kustomize(r.dir, 'overlays/prod'));
    delete find(objects, 'Deployment')[0]!.metadata.annotations![SYNC_WAVE];
    find(objects, 'ScaledObject')[0]!.metadata.annotations![SYNC_WAVE] = '2';
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'plain', annotations: { [SYNC_WAVE]: '-1' } } });
    const problems = checkWaves(objects);
    expect(problems.map((p) => p.object)).toEqual([
      'Deployment/inngest-prod/inngest',
      'ScaledObject/inngest-prod/inngest',
      'Secret/plain',
    ]);
    expect(problems[0]!.problem).toContain('no argocd.argoproj.io/sync-wave');
    expect(problems[1]!.problem).toContain('must be in the last wave 3, which a sync never waits on');
  });

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

describe('KEDA answers', () => {
  const env = (keda: Record<string, unknown>, name = 'prod') =>
    resolveAnswers({ environments: [{ name, keda }] }).environments[0]!;

  it('defaults to metrics-api on the Inngest Service with threshold 10, per profile', () => {
    const [stage, prod] = resolveAnswers({}).environments;
    expect(stage!.keda).toMatchObject({
      enabled: true,
      source: 'metrics-api',
      threshold: 10,
      minReplicas: 1,
      maxReplicas: 3,
    });
    expect(prod!.keda).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
    expect(trigger(prod!)).toEqual({
      type: 'metrics-api',
      metadata: {
        url: 'http://inngest.inngest-prod.svc.cluster.local:8288/metrics',
        format: 'prometheus',
        valueLocation: 'inngest_queue_depth',
        targetValue: '10',
      },
    });
  });

  it('queries an existing Prometheus with max() over the environment’s namespace', () => {
    const t = trigger(env({ source: 'prometheus', prometheusAddress: 'https://prom.example.com', threshold: 25 }));
    expect(t).toEqual({
      type: 'prometheus',
      metadata: {
        serverAddress: 'https://prom.example.com',
        query: 'max(inngest_queue_depth{namespace="inngest-prod"})',
        threshold: '25',
        ignoreNullValues: 'false',
      },
    });
    const bearer = trigger(
      env({ source: 'prometheus', prometheusAddress: 'https://prom.example.com', prometheusAuth: 'bearer' }),
    );
    expect(bearer.metadata['authModes']).toBe('bearer');
    expect(bearer.authenticationRef).toEqual({ kind: 'TriggerAuthentication', name: 'inngest-prometheus' });
  });

  it('queries the sidecar through the Inngest Service on 9090; an empty answer is an error, not 0', () => {
    expect(trigger(env({ source: 'sidecar' }))).toEqual({
      type: 'prometheus',
      metadata: {
        serverAddress: 'http://inngest.inngest-prod.svc.cluster.local:9090',
        query: 'max(inngest_queue_depth)',
        threshold: '10',
        // a new pod's sidecar has no sample yet: KEDA's default (true) would read 0 and scale in
        ignoreNullValues: 'false',
      },
    });
  });

  it('subtracts keda.idleQueueDepth (crons and sleeps that need no worker) in the PromQL sources', () => {
    expect(trigger(env({ source: 'sidecar', idleQueueDepth: 30 })).metadata['query']).toBe(
      'clamp_min(max(inngest_queue_depth) - 30, 0)',
    );
    const prometheus = env({ source: 'prometheus', prometheusAddress: 'http://prom:9090', idleQueueDepth: 5 });
    expect(trigger(prometheus).metadata['query']).toBe(
      'clamp_min(max(inngest_queue_depth{namespace="inngest-prod"}) - 5, 0)',
    );
    // activationThreshold only decides 0 <-> 1, which a minimum of 1 replica never reaches
    expect(trigger(prometheus).metadata).not.toHaveProperty('activationThreshold');
  });

  it('trusts a private CA through the TriggerAuthentication, or skips verification when asked', () => {
    const https = { source: 'prometheus' as const, prometheusAddress: 'https://prom.example.com' };
    expect(trigger(env({ ...https, prometheusUnsafeSsl: true })).metadata['unsafeSsl']).toBe('true');
    expect(trigger(env(https)).metadata).not.toHaveProperty('unsafeSsl');
    const r = render({
      environments: [{ name: 'prod', keda: { ...https, prometheusAuth: 'bearer', prometheusCA: true } }],
    });
    const auth = parseStream(r.tree.get('overlays/prod/keda-triggerauthentication.yaml')!)[0]!;
    expect(auth.spec.secretTargetRef).toEqual([
      { parameter: 'bearerToken', name: 'inngest-keda-prometheus', key: 'bearerToken' },
      { parameter: 'ca', name: 'inngest-keda-prometheus', key: 'ca' },
    ]);
    expect(r.tree.get('README.md')).toContain('INNGEST_GITOPS_PROD_CA');
  });

  it('sizes Postgres for the KEDA maximum', () => {
    const prod = env({ maxReplicas: 30 });
    expect(maxInngestReplicas(prod)).toBe(30);
    expect(prod.postgres.maxConnections).toBeGreaterThanOrEqual(30 * 20 + 20);
    expect(maxInngestReplicas(env({ enabled: false }))).toBe(prod.replicas);
  });

  it.each([
    [{ minReplicas: 3, maxReplicas: 2 }, 'environments[0].keda.maxReplicas: 2 is below keda.minReplicas (3)'],
    [{ minReplicas: 0 }, 'environments[0].keda.minReplicas: 0 is not allowed'],
    [{ source: 'prometheus' }, 'environments[0].keda.prometheusAddress: is required when keda.source is prometheus'],
    [
      { source: 'sidecar', prometheusAuth: 'bearer' },
      'environments[0].keda.prometheusAuth: bearer only applies to keda.source prometheus',
    ],
    [{ source: 'graphite' }, 'environments[0].keda.source: "graphite" is not allowed'],
    [
      { prometheusAddress: 'prometheus:9090' },
      'environments[0].keda.prometheusAddress: "prometheus:9090" is not allowed',
    ],
    [{ treshold: 5 }, 'environments[0].keda.treshold: unknown key'],
    [{ idleQueueDepth: 10 }, 'environments[0].keda.idleQueueDepth: cannot be subtracted with keda.source metrics-api'],
    [
      { source: 'prometheus', prometheusAddress: 'http://prom:9090', prometheusUnsafeSsl: true },
      'environments[0].keda.prometheusUnsafeSsl: only applies to an https:// prometheusAddress',
    ],
    [
      { source: 'sidecar', prometheusCA: true },
      'environments[0].keda.prometheusCA: only applies to keda.source prometheus',
    ],
    [
      { source: 'prometheus', prometheusAddress: 'https://prom', prometheusCA: true },
      'environments[0].keda.prometheusCA: needs prometheusAuth bearer',
    ],
    [
      {
        source: 'prometheus',
        prometheusAddress: 'https://prom',
        prometheusAuth: 'bearer',
        prometheusCA: true,
        prometheusUnsafeSsl: true,
      },
      'environments[0].keda.prometheusUnsafeSsl: has no effect together with prometheusCA',
    ],
  ])('rejects %j with a one-line error naming the field', (keda, message) => {
    let error: unknown;
    try {
      env(keda);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('optional parts', () => {
  it('leaves KEDA out entirely when no environment autoscales', () => {
    const r = render({
      environments: [
        { name: 'stage', keda: { enabled: false } },
        { name: 'prod', keda: { enabled: false } },
      ],
    });
    expect([...r.tree.keys()].some((p) => p.startsWith('base/keda/'))).toBe(false);
    expect(r.tree.get('base/kustomization.yaml')).not.toContain('keda');
    expect(r.tree.get('base/inngest/deployment.yaml')).not.toContain('replicas');
    expect(r.tree.get('overlays/prod/patches/inngest-deployment.yaml')).toContain('replicas: 2');
  });

  it('generates no operator Applications with platform.installOperators false', () => {
    const r = render({ platform: { installOperators: false } });
    expect([...r.tree.keys()].filter((p) => p.startsWith('argocd/'))).toEqual([
      'argocd/apps/prod.yaml',
      'argocd/apps/project.yaml',
      'argocd/apps/stage.yaml',
      'argocd/bootstrap/argocd-cm-health.yaml',
      'argocd/root.yaml',
    ]);
    expect(r.tree.get('README.md')).toContain('Operators are not installed by this repository');
  });

  it('installs operators on every cluster an environment runs on, and allows only those destinations', () => {
    const r = render({
      environments: [{ name: 'stage' }, { name: 'prod', cluster: 'https://prod.k8s.example.com:6443' }],
    });
    const objects = argoObjects(r.tree);
    const operatorApps = find(objects, 'Application').filter((a) => a.spec.source.chart);
    expect(operatorApps).toHaveLength(6);
    expect(new Set(operatorApps.map((a) => a.spec.destination.server))).toEqual(
      new Set(['https://kubernetes.default.svc', 'https://prod.k8s.example.com:6443']),
    );
    expect(new Set(operatorApps.map((a) => a.metadata.name)).size).toBe(6);
    const project = find(objects, 'AppProject', 'inngest')[0]!;
    expect(project.spec.destinations).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: 'inngest-stage' },
      { server: 'https://prod.k8s.example.com:6443', namespace: 'inngest-prod' },
    ]);
  });

  it('installs cert-manager, then the Barman Cloud plugin in the CloudNativePG namespace, before an environment with backups', () => {
    const r = render(BACKUPS);
    const objects = argoObjects(r.tree);
    const app = (id: string) => find(objects, 'Application', `platform-${id}`)[0]!;
    const wave = (o: K8sObject) => Number(o.metadata.annotations?.[SYNC_WAVE]);
    const certManager = app('cert-manager');
    const plugin = app('plugin-barman-cloud');
    const cnpg = app('cloudnative-pg');
    expect(certManager.spec.source).toEqual({
      repoURL: 'https://charts.jetstack.io',
      chart: 'cert-manager',
      targetRevision: charts.certManager.version,
      helm: { releaseName: 'cert-manager', valuesObject: { crds: { enabled: true } } },
    });
    expect(certManager.spec.destination.namespace).toBe('cert-manager');
    expect(plugin.spec.source).toEqual({
      repoURL: 'https://cloudnative-pg.github.io/charts',
      chart: 'plugin-barman-cloud',
      targetRevision: charts.barmanCloud.version,
      helm: { releaseName: 'plugin-barman-cloud' },
    });
    // CloudNativePG only loads plugins whose Service is in its own namespace
    expect(plugin.spec.destination.namespace).toBe(cnpg.spec.destination.namespace);
    expect(wave(plugin)).toBeGreaterThan(wave(certManager));
    expect(wave(plugin)).toBeGreaterThan(wave(cnpg));
    for (const env of find(objects, 'Application').filter((a) => a.spec.source.path?.startsWith('overlays/')))
      expect(wave(env)).toBeGreaterThan(wave(plugin));
    const project = find(objects, 'AppProject', 'inngest-platform')[0]!;
    expect(project.spec.namespaceResourceWhitelist).toEqual(
      expect.arrayContaining([
        { group: 'cert-manager.io', kind: 'Certificate' },
        { group: 'cert-manager.io', kind: 'Issuer' },
        { group: 'batch', kind: 'Job' },
      ]),
    );
    expect(project.spec.sourceRepos).toContain('https://charts.jetstack.io');
    expect(project.spec.destinations).toContainEqual({
      server: 'https://kubernetes.default.svc',
      namespace: 'cert-manager',
    });
    expect(wave(project)).toBeLessThan(wave(certManager));
    expect(r.tree.get('README.md')).toContain('never leaves the phase "unknown plugin"');
  });

  it('installs neither without backups; only the plugin where the cluster already runs cert-manager', () => {
    const none = find(argoObjects(render({}).tree), 'Application').map((a) => a.metadata.name);
    expect(none.filter((n) => /cert-manager|barman/.test(n))).toEqual([]);
    const project = find(argoObjects(render({}).tree), 'AppProject', 'inngest-platform')[0]!;
    expect(project.spec.namespaceResourceWhitelist.some((k: any) => k.group === 'cert-manager.io')).toBe(false);
    const own = render({ ...BACKUPS, platform: { installCertManager: false } });
    const names = find(argoObjects(own.tree), 'Application').map((a) => a.metadata.name);
    expect(names).toContain('platform-plugin-barman-cloud');
    expect(names).not.toContain('platform-cert-manager');
    expect(own.tree.get('README.md')).toContain('the cluster must\nalready run it');
  });

  it('runs KEDA in platform.kedaNamespace and admits its operator from there', () => {
    const r = render({
      platform: { kedaNamespace: 'autoscaling' },
      environments: [{ name: 'prod', keda: { source: 'sidecar' } }],
    });
    const keda = parseStream(r.tree.get('argocd/apps/platform-keda.yaml')!)[0]!;
    expect(keda.spec.destination.namespace).toBe('autoscaling');
    const sidecarPolicy = parseStream(r.tree.get('overlays/prod/keda-prometheus-sidecar.yaml')!).find(
      (o) => o.kind === 'NetworkPolicy',
    )!;
    expect(sidecarPolicy.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({
      'kubernetes.io/metadata.name': 'autoscaling',
    });
    expect(r.tree.get('README.md')).toContain('namespace `autoscaling`');
  });

  it('takes the root Application’s namespace and revision from the answers', () => {
    const r = render({
      argocd: { namespace: 'gitops', revision: 'release-1' },
      sealing: { controllerName: 'sealed-secrets', controllerNamespace: 'sealed-secrets' },
    });
    const root = parseStream(r.tree.get('argocd/root.yaml')!)[0]!;
    expect(root.metadata.namespace).toBe('gitops');
    expect(root.spec.source).toMatchObject({ targetRevision: 'release-1', path: 'argocd/apps' });
    expect(root.metadata).not.toHaveProperty('finalizers');
    const health = parseStream(r.tree.get('argocd/bootstrap/argocd-cm-health.yaml')!)[0]!;
    expect(health.metadata).toMatchObject({ name: 'argocd-cm', namespace: 'gitops' });
    expect(Object.keys(health.data as object).sort()).toEqual([
      'resource.customizations.health.argoproj.io_Application',
      'resource.customizations.health.postgresql.cnpg.io_Database',
    ]);
    const sealed = parseStream(r.tree.get('argocd/apps/platform-sealed-secrets.yaml')!)[0]!;
    expect(sealed.spec.destination.namespace).toBe('sealed-secrets');
    expect(sealed.spec.source.helm.valuesObject).toEqual({ fullnameOverride: 'sealed-secrets' });
    expect(r.tree.get('README.md')).toContain('kubectl apply -n gitops -f argocd/root.yaml');
  });
});
