import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAnswers, resolveAnswers } from '../src/answers/resolve.js';
import type { Answers } from '../src/answers/schema.js';
import { objectNames, ports, secrets, SYNC_WAVE } from '../src/model/names.js';
import { configValues } from '../src/render/inngest.js';
import { CONNECT_INGRESS_ANNOTATIONS } from '../src/render/exposure.js';
import { POSTGRES_UID } from '../src/render/retention.js';
import { repositoryTree as renderTree } from '../src/commands/repository-tree.js';
import type { FileTree } from '../src/model/file-tree.js';
import { checkWaves } from '../src/validate/waves.js';
import { images } from '../src/model/versions.js';
import { writeTree } from '../src/io/write.js';
import { kubectlAvailable, kustomize, parseStream, repoRoot, runCli, tempDir } from './helpers/cli.js';
import { validateWithModel } from './helpers/models.js';
import { GENERATED_HEADER } from '../src/core/yaml.js';
import { userErrorOf } from './helpers/answers.js';

type K8s = ReturnType<typeof parseStream>[number];

const APP_URLS = [
  'http://shop.inngest-stage.svc.cluster.local:3000/api/inngest',
  'https://billing.example.com/api/inngest',
];

/** Every day-2 feature on, with a per-environment override in stage only. */
const FULL_INPUT = {
  inngest: {
    logLevel: 'warn',
    pollInterval: 60,
    retryInterval: 10,
    queueWorkers: 150,
    tick: 200,
    postgresMaxOpenConns: 15,
    postgresMaxIdleConns: 3,
    postgresConnMaxIdleTime: 7,
    postgresConnMaxLifetime: 45,
    noUI: true,
    experimentalPromMetrics: true,
  },
  monitoring: { enabled: true, prometheusNamespace: 'observability' },
  environments: [
    {
      name: 'stage',
      inngest: { logLevel: 'debug', sdkUrls: APP_URLS },
      retention: { enabled: true, days: 7, schedule: '45 1 * * 1' },
    },
    {
      name: 'prod',
      hostname: 'inngest.example.com',
      connectHostname: 'connect.example.com',
      connectSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
    },
  ],
};

const hasKubectl = kubectlAvailable();

/** Renders answers into a temporary folder and runs kubectl kustomize on every overlay. */
function renderEnvironments(answers: Answers): { tree: FileTree; rendered: Map<string, K8s[]>; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'day2-'));
  const tree = renderTree(answers, { generatorVersion: '0.0.0-test' });
  writeTree(tree, join(dir, 'repo'));
  const rendered = new Map<string, K8s[]>();
  for (const env of answers.environments)
    rendered.set(env.name, parseStream(kustomize(join(dir, 'repo', 'overlays', env.name))));
  return { tree, rendered, dir };
}

const byKind = (objects: K8s[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8s[], kind: string, name: string): K8s => {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `exactly one ${kind} ${name}`).toHaveLength(1);
  return found[0]!;
};
/** The ConfigMap the Inngest container reads its settings from (envFrom), by its hashed name. */
function inngestSettings(objects: K8s[]): Record<string, string> {
  const container = named(objects, 'Deployment', objectNames.inngest).spec.template.spec.containers[0];
  const refs = container.envFrom.map((e: any) => e.configMapRef?.name).filter(Boolean);
  expect(refs).toHaveLength(1);
  return named(objects, 'ConfigMap', refs[0]).data;
}
const labelsMatch = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

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

describe('bad day-2 input is one line with the exact message (exit 2)', () => {
  const cases: [string, unknown, string][] = [
    [
      'an SDK URL that is not http(s)',
      { inngest: { sdkUrls: ['ftp://app.example.com/api/inngest'] } },
      'inngest.sdkUrls[0]: "ftp://app.example.com/api/inngest" is not allowed (an http:// or https:// app serve URL without spaces or commas, such as http://my-app.my-namespace.svc.cluster.local:3000/api/inngest)',
    ],
    [
      'a negative retention',
      { environments: [{ name: 'prod', retention: { days: -1 } }] },
      'environments[0].retention.days: -1 is not allowed (days of finished run history to keep, an integer from 1 to 3650; default 30)',
    ],
    [
      'a tick of 0',
      { inngest: { tick: 0 } },
      'inngest.tick: 0 is not allowed (milliseconds between queue polls, an integer from 1 to 60000; default 150, as inngest start)',
    ],
    [
      'a tick of 0 in an environment override',
      { environments: [{ name: 'prod', inngest: { tick: 0 } }] },
      'environments[0].inngest.tick: 0 is not allowed (milliseconds between queue polls, an integer from 1 to 60000; default 150, as inngest start)',
    ],
    [
      'a misspelled setting',
      { inngest: { logLvel: 'debug' } },
      'inngest.logLvel: unknown key (known keys: logLevel, sdkUrls, pollInterval, retryInterval, queueWorkers, tick, postgresMaxOpenConns, postgresMaxIdleConns, postgresConnMaxIdleTime, postgresConnMaxLifetime, noUI, experimentalPromMetrics, terminationGracePeriodSeconds, appEgressPorts)',
    ],
    [
      'a key that is not a per-environment setting',
      { environments: [{ name: 'prod', inngest: { terminationGracePeriodSeconds: 300 } }] },
      'environments[0].inngest.terminationGracePeriodSeconds: unknown key (known keys: logLevel, sdkUrls, pollInterval, retryInterval, queueWorkers, tick, postgresMaxOpenConns, postgresMaxIdleConns, postgresConnMaxIdleTime, postgresConnMaxLifetime, noUI, experimentalPromMetrics)',
    ],
    [
      'a six-field cron for retention',
      { environments: [{ name: 'prod', retention: { schedule: '0 0 3 * * *' } }] },
      'environments[0].retention.schedule: "0 0 3 * * *" is not allowed (five cron fields in UTC: minute hour day-of-month month weekday, each field *, a value, a range a-b or a list a,b with an optional /step; months 1-12 or jan-dec, weekdays 0-6 or sun-sat; default "17 3 * * *", daily at 03:17)',
    ],
    [
      'an override that would need to remove a ConfigMap key',
      { inngest: { sdkUrls: APP_URLS }, environments: [{ name: 'prod', inngest: { sdkUrls: [] } }] },
      'environments[0].inngest.sdkUrls: cannot switch off inngest.sdkUrls for one environment (set sdkUrls per environment instead of in inngest.sdkUrls)',
    ],
    [
      'an override that puts idle above open connections',
      { environments: [{ name: 'prod', inngest: { postgresMaxIdleConns: 50 } }] },
      'environments[0].inngest.postgresMaxIdleConns: leaves postgresMaxIdleConns (50) above postgresMaxOpenConns (20) (postgresMaxIdleConns at most postgresMaxOpenConns)',
    ],
  ];
  for (const [label, input, message] of cases) {
    it(label, () => {
      const error = userErrorOf(input);
      expect(error.message).toBe(message);
      expect(error.exitCode).toBe(2);
    });
  }

  it('the CLI prints the same line and exits 2', () => {
    const dir = tempDir();
    const config = join(dir, 'answers.json');
    writeFileSync(
      config,
      JSON.stringify({ environments: [{ name: 'prod', inngest: { sdkUrls: ['app.example.com:3000'] } }] }),
    );
    const result = runCli([join(dir, 'repo'), '--config', config]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'error: environments[0].inngest.sdkUrls[0]: "app.example.com:3000" is not allowed (an http:// or https:// app serve URL without spaces or commas, such as http://my-app.my-namespace.svc.cluster.local:3000/api/inngest)\n',
    );
  });
});

describe('rendered tree without kubectl', () => {
  it('writes an environment’s overrides only into its own overlay, only the keys that differ', () => {
    const tree = renderTree(resolveAnswers(FULL_INPUT), { generatorVersion: 'x' });
    expect(tree.get('overlays/stage/inngest.env')).toBe(
      `${GENERATED_HEADER}\n# Settings of inngest start in stage that differ from base/inngest/inngest.env.\nINNGEST_SDK_URL=${APP_URLS.join(',')}\nLOG_LEVEL=debug\n`,
    );
    expect(tree.has('overlays/prod/inngest.env')).toBe(false);
    expect(tree.get('overlays/stage/kustomization.yaml')).toContain(
      'configMapGenerator:\n  - name: inngest-config\n    behavior: merge\n    envs:\n      - inngest.env\n',
    );
    expect(tree.get('overlays/prod/kustomization.yaml')).not.toContain('configMapGenerator');
  });

  it('makes base/retention a Kustomize Component that only the environments using it include', () => {
    const tree = renderTree(defaultAnswers(), { generatorVersion: 'x' });
    expect(tree.get('base/retention/kustomization.yaml')).toContain('kind: Component');
    expect(tree.get('base/kustomization.yaml')).not.toContain('retention');
    expect(tree.get('overlays/prod/kustomization.yaml')).toContain('components:\n  - ../../base/retention\n');
    expect(tree.get('overlays/stage/kustomization.yaml')).not.toContain('retention');
    expect(tree.has('overlays/stage/patches/retention-cronjob.yaml')).toBe(false);
  });

  it('renders nothing of monitoring, retention or Connect when they are off', () => {
    const tree = renderTree(
      resolveAnswers({ environments: [{ name: 'stage' }, { name: 'prod', retention: { enabled: false } }] }),
      { generatorVersion: 'x' },
    );
    const paths = [...tree.keys()];
    expect(paths.filter((p) => /monitoring|retention|connect/.test(p))).toEqual([]);
    // argocd/ is left out: the AppProject allows every kind of the wave table, used or not.
    const text = paths
      .filter((p) => /^(base|overlays)\/.*\.yaml$/.test(p))
      .map((p) => tree.get(p))
      .join('\n');
    for (const absent of [
      'PodMonitor',
      'ServiceMonitor',
      'redis_exporter',
      'CronJob',
      `${objectNames.inngest}-connect`,
    ])
      expect(text).not.toContain(absent);
  });
});

describe.skipIf(!hasKubectl)('kubectl kustomize: day-2 features wired end to end', () => {
  const answers = resolveAnswers(FULL_INPUT);
  let rendered = new Map<string, K8s[]>();
  let dir = '';
  beforeAll(() => {
    ({ rendered, dir } = renderEnvironments(answers));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const objects = (env: string) => rendered.get(env)!;

  it('every setting reaches the Inngest container through its ConfigMap, with the right names', () => {
    const prod = inngestSettings(objects('prod'));
    expect(prod).toMatchObject({
      LOG_LEVEL: 'warn',
      INNGEST_POLL_INTERVAL: '60',
      INNGEST_RETRY_INTERVAL: '10',
      INNGEST_QUEUE_WORKERS: '150',
      INNGEST_TICK: '200',
      INNGEST_POSTGRES_MAX_OPEN_CONNS: '15',
      INNGEST_POSTGRES_MAX_IDLE_CONNS: '3',
      INNGEST_POSTGRES_CONN_MAX_IDLE_TIME: '7',
      INNGEST_POSTGRES_CONN_MAX_LIFETIME: '45',
      INNGEST_NO_UI: 'true',
      INNGEST_EXPERIMENTAL_PROM_METRICS: '1',
    });
    expect(prod).not.toHaveProperty('INNGEST_LOG_LEVEL');
    expect(prod).not.toHaveProperty('INNGEST_SDK_URL');
  });

  it('a per-environment override reaches only that environment, merged over the rest', () => {
    const stage = inngestSettings(objects('stage'));
    const prod = inngestSettings(objects('prod'));
    expect(stage.LOG_LEVEL).toBe('debug');
    expect(stage.INNGEST_SDK_URL).toBe(APP_URLS.join(','));
    expect(prod.LOG_LEVEL).toBe('warn');
    // Everything else comes from the base.
    const { LOG_LEVEL: _a, INNGEST_SDK_URL: _b, ...stageRest } = stage;
    const { LOG_LEVEL: _c, ...prodRest } = prod;
    expect(stageRest).toEqual(prodRest);
    expect(
      byKind(objects('stage'), 'ConfigMap').filter((c) => c.metadata.name.startsWith(`${objectNames.inngestConfig}-`)),
    ).toHaveLength(1);
  });

  it('the retention CronJob mounts the SQL, runs it with psql and takes schedule and days from the answers', () => {
    const cron = named(objects('stage'), 'CronJob', objectNames.retention);
    expect(cron.spec.schedule).toBe('45 1 * * 1');
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    expect(cron.spec.startingDeadlineSeconds).toBeGreaterThan(0);
    expect(cron.spec.successfulJobsHistoryLimit).toBeGreaterThan(0);
    expect(cron.spec.failedJobsHistoryLimit).toBeGreaterThan(0);
    expect(cron.spec.jobTemplate.spec.activeDeadlineSeconds).toBeGreaterThan(0);
    expect(cron.spec.jobTemplate.spec.backoffLimit).toBeGreaterThanOrEqual(0);
    const pod = cron.spec.jobTemplate.spec.template.spec;
    const container = pod.containers[0];
    expect(container.image).toBe(`${images.postgres.repository}:${images.postgres.tag}`);
    expect([...container.command, ...container.args].join(' ')).toBe(
      'psql -X -v ON_ERROR_STOP=1 -v retention_days=$(RETENTION_DAYS) -f /sql/retention.sql',
    );
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e]));
    expect(env.RETENTION_DAYS.value).toBe('7');
    expect(env.PGPASSWORD.valueFrom.secretKeyRef).toEqual({
      name: secrets.postgresRole.name,
      key: secrets.postgresRole.keys.password,
    });
    expect(env.PGSSLMODE.value).toBe('verify-full');
    expect(env.PGHOST.value).toBe(`${objectNames.postgresCluster}-rw`);
    // The SQL ConfigMap (hashed name) is mounted at /sql and holds the status-gated deletes.
    const sqlVolume = pod.volumes.find(
      (v: any) => v.name === container.volumeMounts.find((m: any) => m.mountPath === '/sql').name,
    );
    const sql = named(objects('stage'), 'ConfigMap', sqlVolume.configMap.name).data['retention.sql'];
    expect(sql).toContain('status IN (50, 300, 400, 500, 600)');
    expect(sql).toContain('DELETE FROM trace_runs');
    expect(sql).toContain('DELETE FROM events');
    // The CA the connection verifies against is mounted where PGSSLROOTCERT points.
    const caVolume = pod.volumes.find((v: any) => v.secret);
    expect(caVolume.secret.secretName).toBe(`${objectNames.postgresCluster}-ca`);
    const caMount = container.volumeMounts.find((m: any) => m.name === caVolume.name);
    expect(env.PGSSLROOTCERT.value).toBe(`${caMount.mountPath}/ca.crt`);
    // Pod Security "restricted" as the image's postgres user, read-only root with /tmp.
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: POSTGRES_UID,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.volumeMounts.map((m: any) => m.mountPath)).toContain('/tmp');
    expect(container.resources.limits).toBeDefined();
    // prod keeps the defaults.
    const prodCron = named(objects('prod'), 'CronJob', objectNames.retention);
    expect(prodCron.spec.schedule).toBe('17 3 * * *');
    expect(
      prodCron.spec.jobTemplate.spec.template.spec.containers[0].env.find((e: any) => e.name === 'RETENTION_DAYS')
        .value,
    ).toBe('30');
  });

  it('the retention job reaches only Postgres (and DNS), and Postgres admits it on 5432', () => {
    const cron = named(objects('stage'), 'CronJob', objectNames.retention);
    const podLabels = cron.spec.jobTemplate.spec.template.metadata.labels;
    const own = named(objects('stage'), 'NetworkPolicy', objectNames.retention);
    expect(labelsMatch(own.spec.podSelector.matchLabels, podLabels)).toBe(true);
    expect(own.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(own.spec.ingress ?? []).toEqual([]);
    const [dns, pg] = own.spec.egress;
    expect(dns.ports.map((p: any) => p.port)).toEqual([53, 53]);
    expect(pg).toEqual({
      to: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': objectNames.postgresCluster } } }],
      ports: [{ protocol: 'TCP', port: ports.postgres }],
    });
    expect(own.spec.egress).toHaveLength(2);
    const admit = named(objects('stage'), 'NetworkPolicy', `${objectNames.postgresCluster}-from-retention`);
    expect(admit.spec.podSelector.matchLabels).toEqual({ 'cnpg.io/cluster': objectNames.postgresCluster });
    expect(admit.spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: own.spec.podSelector.matchLabels } }],
        ports: [{ protocol: 'TCP', port: ports.postgres }],
      },
    ]);
  });

  it('PodMonitors select the right pods on ports those pods declare, and Prometheus is admitted on exactly those ports', () => {
    const env = objects('prod');
    const monitors = byKind(env, 'PodMonitor');
    expect(monitors.map((m) => m.metadata.name).sort()).toEqual(
      [objectNames.inngest, objectNames.postgresCluster, objectNames.valkey].sort(),
    );
    const inngestPod = named(env, 'Deployment', objectNames.inngest).spec.template;
    const valkeyPod = named(env, 'StatefulSet', objectNames.valkey).spec.template;
    const portNames = (pod: any) => pod.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.name));

    const inngest = named(env, 'PodMonitor', objectNames.inngest);
    expect(labelsMatch(inngest.spec.selector.matchLabels, inngestPod.metadata.labels)).toBe(true);
    expect(inngest.spec.podMetricsEndpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s' }]);
    expect(portNames(inngestPod)).toContain('http');

    const valkey = named(env, 'PodMonitor', objectNames.valkey);
    expect(labelsMatch(valkey.spec.selector.matchLabels, valkeyPod.metadata.labels)).toBe(true);
    expect(valkey.spec.podMetricsEndpoints[0].port).toBe('metrics');
    const exporter = valkeyPod.spec.containers.find((c: any) => c.name === 'metrics');
    expect(exporter.image).toBe(`${images.redisExporter.repository}:${images.redisExporter.tag}`);
    expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: ports.valkeyMetrics, protocol: 'TCP' }]);
    expect(exporter.env.find((e: any) => e.name === 'REDIS_PASSWORD').valueFrom.secretKeyRef).toEqual({
      name: secrets.valkey.name,
      key: secrets.valkey.keys.password,
    });
    expect(exporter.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
    expect(exporter.resources.limits).toBeDefined();
    // Ready when the exporter serves; its /health never asks Valkey, so it cannot take Valkey out of its Service.
    expect(exporter.readinessProbe).toMatchObject({ httpGet: { path: '/health', port: 'metrics' } });

    const pg = named(env, 'PodMonitor', objectNames.postgresCluster);
    expect(pg.spec.selector.matchLabels).toEqual({
      'cnpg.io/cluster': named(env, 'Cluster', objectNames.postgresCluster).metadata.name,
    });
    expect(pg.spec.podMetricsEndpoints[0].port).toBe('metrics');

    const scrape = (name: string) => named(env, 'NetworkPolicy', `${name}-metrics`).spec;
    const fromPrometheus = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }];
    // Inngest's own NetworkPolicy decides who reaches 8288; no second policy widens it.
    expect(byKind(env, 'NetworkPolicy').map((np) => np.metadata.name)).not.toContain(`${objectNames.inngest}-metrics`);
    expect(scrape(objectNames.postgresCluster).ingress).toEqual([
      { from: fromPrometheus, ports: [{ protocol: 'TCP', port: ports.postgresMetrics }] },
    ]);
    expect(scrape(objectNames.valkey).ingress).toEqual([
      { from: fromPrometheus, ports: [{ protocol: 'TCP', port: ports.valkeyMetrics }] },
    ]);
    expect(labelsMatch(scrape(objectNames.valkey).podSelector.matchLabels, valkeyPod.metadata.labels)).toBe(true);
  });

  it('the Connect Ingress routes /v0/connect to port 8289 only; the main Ingress keeps its public paths', () => {
    const env = objects('prod');
    const connect = named(env, 'Ingress', `${objectNames.inngest}-connect`);
    expect(connect.spec.rules).toHaveLength(1);
    expect(connect.spec.rules[0].host).toBe('connect.example.com');
    expect(connect.spec.rules[0].http.paths).toEqual([
      {
        path: '/v0/connect',
        pathType: 'Prefix',
        backend: { service: { name: objectNames.inngest, port: { name: 'connect' } } },
      },
    ]);
    const service = named(env, 'Service', objectNames.inngest);
    expect(service.spec.ports.find((p: any) => p.name === 'connect').port).toBe(8289);
    expect(connect.metadata.annotations).toMatchObject(CONNECT_INGRESS_ANNOTATIONS);
    expect(connect.metadata.annotations?.['nginx.ingress.kubernetes.io/proxy-read-timeout']).toBe('3600');
    expect(connect.spec.tls).toEqual([
      { hosts: ['connect.example.com'], secretName: `${objectNames.inngest}-connect-tls` },
    ]);

    const main = named(env, 'Ingress', objectNames.inngest);
    const paths = main.spec.rules[0].http.paths.map((p: any) => p.path);
    // with a Connect host, workers start their session and flush buffered results on the API host: those exact paths too
    expect(paths).toEqual(['/e/', '/fn/', '/api/v2/', '/v2/', '/v0/runs/', '/v0/connect/start', '/v0/connect/flush']);
    expect(main.spec.rules[0].http.paths.slice(-2).map((p: any) => p.pathType)).toEqual(['Exact', 'Exact']);
    for (const hidden of ['/metrics', '/debug', '/v0/gql', '/v0/connect', '/']) expect(paths).not.toContain(hidden);
    expect(main.spec.rules[0].http.paths.every((p: any) => p.backend.service.port.name === 'http')).toBe(true);
    expect(byKind(objects('stage'), 'Ingress')).toEqual([]);
  });

  it('every object passes its kubernetes-models validate() and the sync-wave table', () => {
    for (const [env, list] of rendered) {
      for (const object of list)
        expect(() => validateWithModel(object), `${env}: ${object.kind}/${object.metadata.name}`).not.toThrow();
      expect(checkWaves(list), env).toEqual([]);
    }
    const wave = (env: string, kind: string) =>
      byKind(objects(env), kind).map((o) => o.metadata.annotations?.[SYNC_WAVE]);
    // PodMonitors need the Prometheus Operator's CRDs: the last wave, which no sync waits on.
    expect(new Set(wave('prod', 'PodMonitor'))).toEqual(new Set(['3']));
    expect(wave('stage', 'CronJob')).toEqual(['1']);
  });
});

describe.skipIf(!hasKubectl)('kubectl kustomize: defaults', () => {
  let rendered = new Map<string, K8s[]>();
  let dir = '';
  beforeAll(() => {
    ({ rendered, dir } = renderEnvironments(defaultAnswers()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prod (production profile) runs retention, stage (small) does not; no monitoring objects anywhere', () => {
    expect(byKind(rendered.get('prod')!, 'CronJob').map((c) => c.metadata.name)).toEqual([objectNames.retention]);
    expect(byKind(rendered.get('stage')!, 'CronJob')).toEqual([]);
    for (const list of rendered.values()) {
      expect(list.filter((o) => o.apiVersion.startsWith('monitoring.coreos.com/'))).toEqual([]);
      expect(list.filter((o) => o.metadata.name.endsWith('-metrics'))).toEqual([]);
      const valkey = named(list, 'StatefulSet', objectNames.valkey);
      expect(valkey.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['valkey']);
      expect(checkWaves(list)).toEqual([]);
      for (const object of list) validateWithModel(object);
    }
  });
});

describe('monitoring on, end to end', () => {
  it.runIf(kubectlAvailable())(
    'a scaffold with monitoring passes validate, and monitors wait for their CRD instead of failing the sync',
    () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'answers.json'), JSON.stringify({ monitoring: { enabled: true } }));
      const target = join(dir, 'repo');
      expect(
        runCli([
          target,
          '--config',
          join(dir, 'answers.json'),
          '--cert',
          join(repoRoot, 'test/fixtures/demo-sealing.crt'),
        ]).status,
      ).toBe(0);
      const result = runCli(['validate', target]);
      expect(result.stdout).toMatch(/^ok: \d+ objects in 2 environments, 0 problems$/m);
      const monitors = parseStream(kustomize(join(target, 'overlays/prod'))).filter((o) => o.kind === 'PodMonitor');
      expect(monitors.length).toBe(3);
      for (const m of monitors)
        expect(m.metadata.annotations?.['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
    },
  );
});
