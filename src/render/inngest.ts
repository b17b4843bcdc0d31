import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { Answers, Environment, InngestSettings } from '../answers/schema.js';
import { baseEnvironment, environmentSettings, minInngestReplicas } from '../answers/sizing.js';
import { objectNames, ports, providedSecrets, secrets, SYNC_WAVE } from '../model/names.js';
import { commonLabels, objectMeta, selectorLabels } from '../model/labels.js';
import { waves } from '../model/waves.js';
import { postgresConnection } from '../model/postgres-connection.js';
import { valkeyConnection } from '../model/valkey-connection.js';
import type { Component, ComponentOverlay, PatchFile } from './types.js';
import { envPatch, removedMounts, removedVolumes } from './connection-patch.js';
import { baseConnection, usesCloudNativePg, usesValkeyStatefulSet } from '../answers/stores.js';
import { dnsEgress, restrictedContainerSecurity, restrictedPodSecurity, tcpPort } from './pod-security.js';
import { clientsNetworkPolicy, exposureFiles } from './exposure.js';

const app = { name: 'inngest', component: 'server' };
const NAME = objectNames.inngest;
const CONFIG = objectNames.inngestConfig;

export const inngest: Component = {
  name: 'inngest',
  base(answers) {
    return {
      manifests: [
        { file: 'serviceaccount.yaml', objects: [serviceAccount(answers)] },
        { file: 'deployment.yaml', objects: [deployment(answers)] },
        { file: 'service.yaml', objects: [service(answers)] },
        { file: 'poddisruptionbudget.yaml', objects: [podDisruptionBudget(answers)] },
        { file: 'networkpolicy.yaml', objects: [networkPolicy(answers)] },
      ],
      configMapGenerator: [
        {
          name: CONFIG,
          envs: ['inngest.env'],
          options: {
            annotations: { [SYNC_WAVE]: String(waves.infrastructure) },
            labels: commonLabels(answers, app.name, app.component),
          },
        },
      ],
      files: [{ file: 'inngest.env', text: envFile(configValues(answers)) }],
    };
  },
  overlay(answers, env) {
    const overlay: ComponentOverlay = {
      patches: [deploymentPatch(env), pdbPatch(env)],
      images: [imagePin(answers, env)],
      manifests: [...exposureFiles(answers, env)],
    };
    const clients = clientsNetworkPolicy(answers, env);
    if (clients) overlay.manifests!.push(clients);
    const base = baseConnections(answers);
    const own = ownConnections(env);
    if (own.postgres !== base.postgres || own.valkey !== base.valkey) overlay.patches.push(connectionsPatch(base, own));
    const egress = externalStoresPolicy(answers, env);
    if (egress) overlay.manifests!.push({ file: 'external-stores.yaml', objects: [egress] });
    const overrides = environmentConfigOverrides(answers, env);
    if (Object.keys(overrides).length > 0) {
      // Only the keys that differ; Kustomize merges them into the base ConfigMap and the new
      // content hash in its name rolls the Deployment.
      overlay.files = [
        {
          file: ENV_OVERRIDES_FILE,
          text: envFile(
            overrides,
            `Settings of inngest start in ${env.name} that differ from base/inngest/inngest.env.`,
          ),
        },
      ];
      overlay.configMapGenerator = [{ name: CONFIG, behavior: 'merge', envs: [ENV_OVERRIDES_FILE] }];
    }
    return overlay;
  },
};

/** overlays/<env>/<this>: the environment's own inngest settings (environments[].inngest). */
const ENV_OVERRIDES_FILE = 'inngest.env';

/**
 * Non-secret settings, as `inngest start` reads them from the environment: every flag of
 * github.com/inngest/inngest cmd/start/cmd.go as INNGEST_<FLAG> (cmd/internal/config/config.go).
 * The log level is LOG_LEVEL: the CLI's global flags have no INNGEST_ variable, so
 * INNGEST_LOG_LEVEL would be ignored (cmd/root.go). INNGEST_SDK_URL is split on commas.
 * Settings whose "off" is "not set" (no SDK URLs, no linear retry interval, no experimental
 * metrics) are left out rather than written as an empty or zero value.
 */
function settingValues(s: InngestSettings): Record<string, string> {
  const values: Record<string, string> = {
    DO_NOT_TRACK: '1', // no telemetry event and no update check at start (pkg/api/tel/tel.go)
    INNGEST_CONNECT_EXECUTOR_GRPC_PORT: String(ports.connectExecutorGrpc),
    INNGEST_CONNECT_GATEWAY_GRPC_PORT: String(ports.connectGatewayGrpc),
    INNGEST_CONNECT_GATEWAY_PORT: String(ports.connect),
    INNGEST_NO_UI: String(s.noUI),
    INNGEST_POLL_INTERVAL: String(s.pollInterval),
    INNGEST_PORT: String(ports.http),
    INNGEST_POSTGRES_CONN_MAX_IDLE_TIME: String(s.postgresConnMaxIdleTime),
    INNGEST_POSTGRES_CONN_MAX_LIFETIME: String(s.postgresConnMaxLifetime),
    INNGEST_POSTGRES_MAX_IDLE_CONNS: String(s.postgresMaxIdleConns),
    INNGEST_POSTGRES_MAX_OPEN_CONNS: String(s.postgresMaxOpenConns),
    INNGEST_QUEUE_WORKERS: String(s.queueWorkers),
    INNGEST_TICK: String(s.tick),
    LOG_LEVEL: s.logLevel,
  };
  if (s.sdkUrls.length > 0) values.INNGEST_SDK_URL = s.sdkUrls.join(',');
  if (s.retryInterval > 0) values.INNGEST_RETRY_INTERVAL = String(s.retryInterval);
  if (s.experimentalPromMetrics) values.INNGEST_EXPERIMENTAL_PROM_METRICS = '1';
  return values;
}

/** The base ConfigMap (global settings), or what one environment runs with. */
export function configValues(answers: Answers, env?: Environment): Record<string, string> {
  return settingValues(env ? environmentSettings(answers, env) : answers.inngest);
}

/** The keys whose value in this environment differs from the base ConfigMap. */
function environmentConfigOverrides(answers: Answers, env: Environment): Record<string, string> {
  const base = configValues(answers);
  const own = configValues(answers, env);
  return Object.fromEntries(Object.entries(own).filter(([key, value]) => base[key] !== value));
}

function envFile(
  values: Record<string, string>,
  header = 'Non-secret settings for inngest start; secrets come from SealedSecrets.',
): string {
  const lines = Object.keys(values)
    .sort()
    .map((key) => `${key}=${values[key]}`);
  return `# ${header}\n${lines.join('\n')}\n`;
}

function serviceAccount(answers: Answers): ServiceAccount {
  return new ServiceAccount({
    metadata: objectMeta(answers, NAME, app, waves.application),
    automountServiceAccountToken: false,
  });
}

type Connection = 'in-cluster' | 'external';

interface Connections {
  postgres: Connection;
  valkey: Connection;
}

/** How the base Deployment connects: in-cluster unless every environment uses an external server. */
function baseConnections(answers: Answers): Connections {
  return {
    postgres: baseConnection(answers.environments, 'postgres'),
    valkey: baseConnection(answers.environments, 'valkey'),
  };
}

function ownConnections(env: Environment): Connections {
  return {
    postgres: usesCloudNativePg(env) ? 'in-cluster' : 'external',
    valkey: usesValkeyStatefulSet(env) ? 'in-cluster' : 'external',
  };
}

const fromSecret = (name: string, secret: { name: string }, key: string): IEnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: secret.name, key } },
});

/**
 * Secret-backed variables, in dependency order: $(VAR) only expands variables defined earlier
 * in the same list (kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables).
 * Helper variables avoid the INNGEST_ prefix because Inngest maps every INNGEST_* variable to a flag.
 * An external server's URI is the user's sealed connection string, used as it is.
 */
function inngestEnv(connections: Connections): IEnvVar[] {
  const pg = postgresConnection();
  const valkey = valkeyConnection();
  const postgresUri = providedSecrets.postgresUri;
  const redisUri = providedSecrets.redisUri;
  return [
    fromSecret(secrets.inngestKeys.keys.eventKey, secrets.inngestKeys, secrets.inngestKeys.keys.eventKey),
    fromSecret(secrets.inngestKeys.keys.signingKey, secrets.inngestKeys, secrets.inngestKeys.keys.signingKey),
    ...(connections.postgres === 'external'
      ? [fromSecret('INNGEST_POSTGRES_URI', postgresUri, postgresUri.keys.uri)]
      : [
          fromSecret('POSTGRES_PASSWORD', secrets.postgresRole, secrets.postgresRole.keys.password),
          { name: 'INNGEST_POSTGRES_URI', value: pg.uri('$(POSTGRES_PASSWORD)') },
        ]),
    ...(connections.valkey === 'external'
      ? [fromSecret('INNGEST_REDIS_URI', redisUri, redisUri.keys.uri)]
      : [
          fromSecret('VALKEY_PASSWORD', secrets.valkey, secrets.valkey.keys.password),
          { name: 'INNGEST_REDIS_URI', value: valkey.uri('$(VALKEY_PASSWORD)') },
        ]),
    // Connect across replicas: peers reach this pod's gRPC servers on its own IP (v1.42.0+, inngest/inngest#4709).
    { name: 'INNGEST_CONNECT_GATEWAY_GRPC_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    { name: 'INNGEST_CONNECT_EXECUTOR_GRPC_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
  ];
}

/** The CloudNativePG CA, to verify the in-cluster server (sslmode=verify-full); an external URI brings its own. */
function volumeMounts(connections: Connections): IVolumeMount[] {
  const mounts: IVolumeMount[] = [{ name: 'tmp', mountPath: '/tmp' }];
  if (connections.postgres === 'in-cluster')
    mounts.push({ name: 'postgres-ca', mountPath: postgresConnection().caMountPath, readOnly: true });
  return mounts;
}

function volumes(connections: Connections): IVolume[] {
  const pg = postgresConnection();
  const list: IVolume[] = [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }];
  if (connections.postgres === 'in-cluster')
    list.push({ name: 'postgres-ca', secret: { secretName: pg.caSecret, items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
  return list;
}

const healthProbe = (overrides: Partial<IProbe>): IProbe => ({
  httpGet: { path: '/health', port: 'http' },
  timeoutSeconds: 3,
  ...overrides,
});

function container(answers: Answers): IContainer {
  const connections = baseConnections(answers);
  return {
    name: 'inngest',
    image: `${answers.image.repository}:${answers.image.tag}`,
    imagePullPolicy: 'IfNotPresent',
    command: ['inngest', 'start'],
    envFrom: [{ configMapRef: { name: CONFIG } }],
    env: inngestEnv(connections),
    ports: [
      { name: 'http', containerPort: ports.http, protocol: 'TCP' },
      { name: 'connect', containerPort: ports.connect, protocol: 'TCP' },
      { name: 'gateway-grpc', containerPort: ports.connectGatewayGrpc, protocol: 'TCP' },
      { name: 'executor-grpc', containerPort: ports.connectExecutorGrpc, protocol: 'TCP' },
    ],
    // /health answers once Postgres is migrated and Redis connected; the startup probe allows
    // 5 minutes for migrations and for the databases to come up (pkg/api/api.go, devserver.start).
    startupProbe: healthProbe({ periodSeconds: 5, failureThreshold: 60 }),
    livenessProbe: healthProbe({ periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }),
    readinessProbe: healthProbe({ periodSeconds: 5, failureThreshold: 3 }),
    resources: profileResources(answers),
    securityContext: restrictedContainerSecurity(),
    volumeMounts: volumeMounts(connections),
  };
}

/** The base carries the small profile; each overlay patches its own sizes. */
function profileResources(answers: Answers): IContainer['resources'] {
  const first = baseEnvironment(answers);
  return structuredClone(first.resources);
}

function podSpec(answers: Answers): IPodSpec {
  return {
    serviceAccountName: NAME,
    automountServiceAccountToken: false,
    // A Service named "inngest" would inject INNGEST_PORT=tcp://… into the pod, which Inngest reads as its port flag.
    enableServiceLinks: false,
    terminationGracePeriodSeconds: answers.inngest.terminationGracePeriodSeconds,
    securityContext: restrictedPodSecurity(1000),
    containers: [container(answers)],
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: selectorLabels(answers, app.name) },
      },
    ],
    volumes: volumes(baseConnections(answers)),
  };
}

function deployment(answers: Answers): Deployment {
  return new Deployment({
    metadata: objectMeta(answers, NAME, app, waves.application),
    // No spec.replicas: an overlay sets it, unless KEDA owns it there (an HPA-managed workload
    // must not carry replicas, kubernetes.io "Migrating Deployments … to horizontal autoscaling").
    spec: {
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorLabels(answers, app.name) },
      // Migrations run in-process at start and take no lock: never replace more than one pod at a time.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        // Sidecars that overlays may add (metrics exporter, Prometheus) never become kubectl's default.
        metadata: {
          labels: commonLabels(answers, app.name, app.component),
          annotations: { 'kubectl.kubernetes.io/default-container': 'inngest' },
        },
        spec: podSpec(answers),
      },
    },
  });
}

function service(answers: Answers): Service {
  return new Service({
    metadata: objectMeta(answers, NAME, app, waves.application),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(answers, app.name),
      ports: [
        { name: 'http', port: ports.http, targetPort: 'http', protocol: 'TCP' },
        { name: 'connect', port: ports.connect, targetPort: 'connect', protocol: 'TCP' },
      ],
    },
  });
}

function podDisruptionBudget(answers: Answers): PodDisruptionBudget {
  return new PodDisruptionBudget({
    metadata: objectMeta(answers, NAME, app, waves.application),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(answers, app.name) } },
  });
}

/**
 * Default deny for the Inngest pods (both directions), then only what Inngest needs. Who else
 * may call its ports differs per environment: overlays/<env>/networkpolicy-clients.yaml. The way
 * to the stores is added by whoever provides them (NetworkPolicies add up): the postgres and
 * valkey components for the in-cluster ones, externalStoresPolicy for external servers.
 */
function networkPolicy(answers: Answers): NetworkPolicy {
  const self: INetworkPolicyPeer = { podSelector: { matchLabels: selectorLabels(answers, app.name) } };
  const tcp = tcpPort;
  return new NetworkPolicy({
    metadata: objectMeta(answers, NAME, app, waves.infrastructure),
    spec: {
      podSelector: { matchLabels: selectorLabels(answers, app.name) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        // Between replicas: Connect gateway ↔ executor (gRPC), the API and the Connect gateway.
        {
          from: [self],
          ports: [tcp(ports.http), tcp(ports.connect), tcp(ports.connectGatewayGrpc), tcp(ports.connectExecutorGrpc)],
        },
      ],
      egress: [
        ...dnsEgress(answers.network),
        { to: [self], ports: [tcp(ports.connectGatewayGrpc), tcp(ports.connectExecutorGrpc)] },
        // Inngest calls the apps' serve URLs (SDK URLs), in or out of the cluster.
        { ports: answers.inngest.appEgressPorts.map(tcp) },
      ],
    },
  });
}

/** Sizes and, unless KEDA scales this environment, the fixed replica count. */
function deploymentPatch(env: Environment): PatchFile {
  const replicas = env.keda.enabled ? {} : { replicas: env.replicas };
  return {
    file: 'inngest-deployment.yaml',
    patch: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: NAME },
      spec: {
        ...replicas,
        template: { spec: { containers: [{ name: 'inngest', resources: env.resources }] } },
      },
    },
  };
}

/**
 * An environment on an external server where the base connects in-cluster: the URI from the
 * provided Secret instead of the one built from the generated password, and no CloudNativePG CA.
 */
function connectionsPatch(from: Connections, to: Connections): PatchFile {
  return {
    file: 'inngest-store-connections.yaml',
    patch: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: NAME },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'inngest',
                env: envPatch(inngestEnv(from), inngestEnv(to)),
                volumeMounts: removedMounts(volumeMounts(from), volumeMounts(to)),
              },
            ],
            volumes: removedVolumes(volumes(from), volumes(to)),
          },
        },
      },
    },
  };
}

/**
 * Egress to an environment's external servers: exactly the answers' networks, on the server's
 * port. NetworkPolicies add up, so the base policy stays as it is. The servers are outside the
 * cluster, so they are named by address (ipBlock), not by selector.
 */
function externalStoresPolicy(answers: Answers, env: Environment): NetworkPolicy | undefined {
  const servers = [
    env.postgres.mode === 'external' ? env.postgres.external : undefined,
    env.valkey.mode === 'external' ? env.valkey.external : undefined,
  ].filter((server) => server !== undefined);
  if (servers.length === 0) return undefined;
  return new NetworkPolicy({
    metadata: objectMeta(answers, objectNames.inngestExternalStores, app, waves.infrastructure),
    spec: {
      podSelector: { matchLabels: selectorLabels(answers, app.name) },
      policyTypes: ['Egress'],
      egress: servers.map((server) => ({
        to: server.egressCIDRs.map((cidr) => ({ ipBlock: { cidr } })),
        ports: [tcpPort(server.port)],
      })),
    },
  });
}

/** One replica may go during a drain in a small environment; production keeps one running. */
function pdbPatch(env: Environment): PatchFile {
  const spec = minInngestReplicas(env) >= 2 ? { minAvailable: 1, maxUnavailable: null } : { maxUnavailable: 1 };
  return {
    file: 'inngest-poddisruptionbudget.yaml',
    patch: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: NAME }, spec },
  };
}

/** The overlay's Kustomize images entry: the environment's own pin (set-image) or the global tag. */
function imagePin(answers: Answers, env: Environment): { name: string; newTag?: string; digest?: string } {
  const pin = env.image ?? { tag: answers.image.tag };
  return {
    name: answers.image.repository,
    ...(pin.tag ? { newTag: pin.tag } : {}),
    ...(pin.digest ? { digest: pin.digest } : {}),
  };
}
