import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IStatefulSetSpec } from 'kubernetes-models/apps/v1/StatefulSetSpec';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { Service } from 'kubernetes-models/v1/Service';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { Answers, Environment } from '../answers/schema.js';
import { objectNames, ports, secrets } from '../model/names.js';
import { images } from '../model/versions.js';
import { commonLabels, objectMeta, selectorLabels } from '../model/labels.js';
import { waves } from '../model/waves.js';
import { dnsEgress, restrictedContainerSecurity, restrictedPodSecurity, tcpPort } from './pod-security.js';
import type { Component, PatchFile } from './types.js';
import { valkeyConnection } from '../model/valkey-connection.js';
import { firstInCluster, usesValkeyStatefulSet } from '../answers/stores.js';

/**
 * Valkey for Inngest's queue and run state: one StatefulSet replica with an append-only file
 * on a PVC. Inngest keeps queue state only here (research: inngest/inngest devserver), so
 * durability beats cache semantics: AOF fsync every second and no eviction.
 */
const app = { name: 'valkey', component: 'queue' };
const NAME = objectNames.valkey;
/** The image's valkey user and group (github.com/valkey-io/valkey-container Dockerfile: uid/gid 999). */
const VALKEY_UID = 999;
const DATA = '/data';
const CONTAINER = 'valkey';

export const valkey: Component = {
  name: 'valkey',
  // Environments on an external server (valkey.mode external) carry nothing of it.
  enabled: (answers) => answers.environments.some(usesValkeyStatefulSet),
  usedIn: (_answers, env) => usesValkeyStatefulSet(env),
  plainWhenUsedEverywhere: true,
  base(answers) {
    return {
      manifests: [
        { file: 'statefulset.yaml', objects: [statefulSet(answers)] },
        { file: 'service.yaml', objects: [service(answers)] },
        { file: 'networkpolicy.yaml', objects: [networkPolicy(answers), inngestEgressPolicy(answers)] },
      ],
    };
  },
  overlay(_answers, env) {
    return { patches: [statefulSetPatch(env)] };
  },
};

/**
 * Kubernetes memory quantity → Valkey memory units, which are powers of two for "mb"/"gb"
 * (valkey.conf "Units": 1mb => 1024*1024 bytes). The answers allow only Mi and Gi.
 */
export function valkeyMemory(quantity: string): string {
  const match = /^([1-9][0-9]*)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`not a Mi/Gi quantity: ${quantity}`);
  return `${match[1]}${match[2] === 'Mi' ? 'mb' : 'gb'}`;
}

/**
 * Secret and per-environment values, in dependency order: $(VAR) in args expands from these.
 * maxmemory is an env var so overlays patch one list item (merged by name) instead of args.
 */
function valkeyEnv(env: Environment): IEnvVar[] {
  return [
    {
      name: 'VALKEY_PASSWORD',
      valueFrom: { secretKeyRef: { name: secrets.valkey.name, key: secrets.valkey.keys.password } },
    },
    { name: 'VALKEY_MAXMEMORY', value: valkeyMemory(env.valkey.maxMemory) },
  ];
}

/**
 * valkey-server flags. Without a config file Valkey listens on every interface (compiled-in
 * `bind * -::*`), which the Service needs. protected-mode is already off in the official image
 * (valkey-container Dockerfile); it is said again because the password and the NetworkPolicy
 * are what protect this server. `noeviction`: Inngest's keys carry no TTL and evicting one loses a run; writes fail loudly
 * instead when memory is full.
 */
function valkeyArgs(): string[] {
  return [
    'valkey-server',
    '--port',
    String(ports.valkey),
    '--protected-mode',
    'no',
    '--requirepass',
    '$(VALKEY_PASSWORD)',
    '--dir',
    DATA,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--maxmemory',
    '$(VALKEY_MAXMEMORY)',
    '--maxmemory-policy',
    'noeviction',
  ];
}

/**
 * An unauthenticated PING is answered NOAUTH once requirepass is set, so the probe
 * authenticates; valkey-cli reads the password from VALKEYCLI_AUTH, which keeps it out of the
 * process list (valkey-io/valkey-operator#235).
 */
function valkeyProbeCommand(): string[] {
  return ['sh', '-c', 'VALKEYCLI_AUTH="$VALKEY_PASSWORD" valkey-cli -p ' + ports.valkey + ' ping | grep -q PONG'];
}

const probe = (overrides: Partial<IProbe>): IProbe => ({
  exec: { command: valkeyProbeCommand() },
  timeoutSeconds: 3,
  ...overrides,
});

function container(answers: Answers): IContainer {
  const first = firstInCluster(answers, 'valkey')!;
  return {
    name: CONTAINER,
    image: `${images.valkey.repository}:${images.valkey.tag}`,
    imagePullPolicy: 'IfNotPresent',
    args: valkeyArgs(),
    env: valkeyEnv(first),
    ports: [{ name: 'valkey', containerPort: ports.valkey, protocol: 'TCP' }],
    // Replaying a large AOF at start can take minutes: the startup probe allows 5.
    startupProbe: probe({ periodSeconds: 5, failureThreshold: 60 }),
    livenessProbe: probe({ periodSeconds: 10, failureThreshold: 6 }),
    readinessProbe: probe({ periodSeconds: 5, failureThreshold: 3 }),
    resources: structuredClone(first.valkey.resources),
    securityContext: restrictedContainerSecurity(),
    volumeMounts: [
      { name: 'data', mountPath: DATA },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
}

function podSpec(answers: Answers): IPodSpec {
  return {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    // AOF is fsynced every second; give Valkey time to flush on SIGTERM.
    terminationGracePeriodSeconds: 60,
    securityContext: restrictedPodSecurity(VALKEY_UID),
    containers: [container(answers)],
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
  };
}

/** The PVC template for /data. volumeClaimTemplates are immutable after creation (see README). */
type ClaimTemplate = NonNullable<IStatefulSetSpec['volumeClaimTemplates']>[number];

function dataClaim(env: Environment): ClaimTemplate {
  const { storageSize, storageClass } = env.valkey;
  return {
    metadata: { name: 'data' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(storageClass ? { storageClassName: storageClass } : {}),
      resources: { requests: { storage: storageSize } },
    },
  };
}

function statefulSet(answers: Answers): StatefulSet {
  const first = firstInCluster(answers, 'valkey')!;
  return new StatefulSet({
    metadata: objectMeta(answers, NAME, app, waves.infrastructure),
    spec: {
      // One primary: Inngest documents no Sentinel or cluster setup for self-hosting.
      replicas: 1,
      serviceName: NAME,
      selector: { matchLabels: selectorLabels(answers, app.name) },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate' },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        // Sidecars that overlays may add (metrics exporter, Prometheus) never become kubectl's default.
        metadata: {
          labels: commonLabels(answers, app.name, app.component),
          annotations: { 'kubectl.kubernetes.io/default-container': CONTAINER },
        },
        spec: podSpec(answers),
      },
      // The class is environment-specific: only overlays name one (empty means the cluster default).
      volumeClaimTemplates: [dataClaim({ ...first, valkey: { ...first.valkey, storageClass: '' } })],
    },
  });
}

/** The host in INNGEST_REDIS_URI (valkey-connection.ts) is this Service's name. */
function service(answers: Answers): Service {
  return new Service({
    metadata: objectMeta(answers, valkeyConnection().host, app, waves.infrastructure),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(answers, app.name),
      ports: [{ name: 'valkey', port: ports.valkey, targetPort: 'valkey', protocol: 'TCP' }],
    },
  });
}

/** Only the Inngest pods reach Valkey; Valkey itself only resolves names. */
function networkPolicy(answers: Answers): NetworkPolicy {
  return new NetworkPolicy({
    metadata: objectMeta(answers, NAME, app, waves.infrastructure),
    spec: {
      podSelector: { matchLabels: selectorLabels(answers, app.name) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: selectorLabels(answers, 'inngest') } }],
          ports: [tcpPort(ports.valkey)],
        },
      ],
      egress: dnsEgress(answers.network),
    },
  });
}

/** Inngest's way to Valkey: it goes with the StatefulSet, so environments without one have none. */
function inngestEgressPolicy(answers: Answers): NetworkPolicy {
  return new NetworkPolicy({
    metadata: objectMeta(answers, objectNames.inngestToValkey, app, waves.infrastructure),
    spec: {
      podSelector: { matchLabels: selectorLabels(answers, 'inngest') },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ podSelector: { matchLabels: selectorLabels(answers, app.name) } }], ports: [tcpPort(ports.valkey)] },
      ],
    },
  });
}

/** Per environment: maxmemory (env list merges by name), resources and the data volume. */
function statefulSetPatch(env: Environment): PatchFile {
  return {
    file: 'valkey-statefulset.yaml',
    patch: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: NAME },
      spec: {
        template: { spec: { containers: [{ name: CONTAINER, env: valkeyEnv(env), resources: env.valkey.resources }] } },
        volumeClaimTemplates: [dataClaim(env)],
      },
    },
  };
}
