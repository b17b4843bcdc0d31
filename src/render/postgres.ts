import { Cluster } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster';
import type { IClusterSpec } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/ClusterSpec';
import { Database } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Database';
import type { IPluginConfiguration } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/PluginConfiguration';
import type { IRoleConfiguration } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/RoleConfiguration';
import { ScheduledBackup } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/ScheduledBackup';
import type { IStorageConfiguration } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/StorageConfiguration';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { Answers, Environment, PostgresBackup } from '../answers/schema.js';
import { KEEP_ON_DELETE, objectNames, ports, secrets, providedSecrets } from '../model/names.js';
import { BARMAN_CLOUD_PLUGIN, images } from '../model/versions.js';
import { objectMeta, selectorLabels, SKIP_DRY_RUN_IF_CRD_MISSING } from '../model/labels.js';
import { waves } from '../model/waves.js';
import { ObjectStore } from '../model/object-store.js';
import { dnsEgress, tcpPort } from './pod-security.js';
import { postgresConnection } from '../model/postgres-connection.js';
import type { Component, ManifestFile, PatchFile } from './types.js';
import { firstInCluster, usesCloudNativePg } from '../answers/stores.js';

/**
 * PostgreSQL for Inngest (history, observability, app metadata) as a CloudNativePG `Cluster`
 * (operator 1.30, github.com/cloudnative-pg/cloudnative-pg). Clients reach the primary through
 * the operator's <cluster>-rw Service (postgres-connection.ts).
 */
const app = { name: 'postgres', component: 'database' };
const CLUSTER = objectNames.postgresCluster;

/** Labels of the operator's pods (its Helm chart and manifests set app.kubernetes.io/name: cloudnative-pg). */
export const CNPG_OPERATOR_POD_LABELS = { 'app.kubernetes.io/name': 'cloudnative-pg' } as const;

export const postgres: Component = {
  name: 'postgres',
  // Environments on an external server (postgres.mode external) carry nothing of it.
  enabled: (answers) => answers.environments.some(usesCloudNativePg),
  usedIn: (_answers, env) => usesCloudNativePg(env),
  plainWhenUsedEverywhere: true,
  base(answers) {
    return {
      manifests: [
        { file: 'cluster.yaml', objects: [cluster(answers)] },
        { file: 'database.yaml', objects: [database(answers)] },
        { file: 'networkpolicy.yaml', objects: [networkPolicy(answers), inngestEgressPolicy(answers)] },
      ],
    };
  },
  overlay(answers, env) {
    const backup = env.postgres.backup;
    return {
      patches: [clusterPatch(env)],
      ...(backup ? { manifests: [backupFile(answers, backup)] } : {}),
    };
  },
};

/** The image CloudNativePG runs; pinned in versions.ts. */
export function postgresImage(): string {
  return `${images.postgres.repository}:${images.postgres.tag}`;
}

/**
 * Server settings. CNPG's CRD types parameters as map[string]string, so every value is a
 * quoted string (a bare 200 fails validation). max_connections comes from the answers, which
 * already checked it fits replicas × INNGEST_POSTGRES_MAX_OPEN_CONNS + headroom.
 */
function postgresParameters(env: Environment): Record<string, string> {
  return { max_connections: String(env.postgres.maxConnections) };
}

/**
 * The role Inngest logs in as. Every attribute is written out, with CloudNativePG's defaults,
 * because the API server fills in `ensure`, `inherit` and `connectionLimit` inside the list
 * item and Argo CD's client-side diff then shows the Cluster OutOfSync forever
 * (argoproj/argo-cd#28724). The password comes from the basic-auth Secret the secrets
 * component seals (labelled cnpg.io/reload so a rotated password applies at once).
 */
function inngestRole(): IRoleConfiguration {
  return {
    name: objectNames.postgresRole,
    ensure: 'present',
    login: true,
    superuser: false,
    createdb: false,
    createrole: false,
    inherit: true,
    replication: false,
    bypassrls: false,
    connectionLimit: -1,
    passwordSecret: { name: secrets.postgresRole.name },
  };
}

function storage(env: Environment): IStorageConfiguration {
  const { storageSize, storageClass } = env.postgres;
  return storageClass ? { size: storageSize, storageClass } : { size: storageSize };
}

/** A PodDisruptionBudget on a single instance would block every node drain (CNPG docs/src/kubernetes_upgrade.md). */
function enablePDB(env: Environment): boolean {
  return env.postgres.instances > 1;
}

function clusterSpec(env: Environment): IClusterSpec {
  const connection = postgresConnection();
  return {
    instances: env.postgres.instances,
    imageName: postgresImage(),
    primaryUpdateStrategy: 'unsupervised',
    enableSuperuserAccess: false,
    enablePDB: enablePDB(env),
    postgresql: { parameters: postgresParameters(env) },
    bootstrap: {
      initdb: {
        database: connection.database,
        owner: connection.user,
        // Our own basic-auth Secret: CNPG then creates no <cluster>-app Secret (docs/src/bootstrap.md).
        secret: { name: secrets.postgresRole.name },
      },
    },
    managed: { roles: [inngestRole()] },
    storage: storage(env),
    resources: structuredClone(env.postgres.resources),
    affinity: {
      enablePodAntiAffinity: true,
      // "required" could leave replicas Pending on clusters with fewer nodes than instances.
      podAntiAffinityType: 'preferred',
      topologyKey: 'kubernetes.io/hostname',
    },
  };
}

/** The base carries the sizes of the first environment that uses it; every overlay patches its own. */
function cluster(answers: Answers): Cluster {
  const first = firstInCluster(answers, 'postgres')!;
  // A merge patch cannot take a storage class away, so the base names none and overlays add theirs.
  const spec = clusterSpec({ ...first, postgres: { ...first.postgres, storageClass: '' } });
  return new Cluster({ metadata: objectMeta(answers, CLUSTER, app, waves.infrastructure), spec });
}

/**
 * The database, declaratively (docs/src/declarative_database_management.md). initdb already
 * created it; the CR keeps owner and existence reconciled and, with `retain`, deleting the CR
 * never drops the data. Wave 1: after the Cluster.
 */
function database(answers: Answers): Database {
  const connection = postgresConnection();
  return new Database({
    metadata: objectMeta(answers, objectNames.postgresDatabase, app, waves.database),
    spec: {
      name: connection.database,
      owner: connection.user,
      cluster: { name: CLUSTER },
      ensure: 'present',
      databaseReclaimPolicy: 'retain',
    },
  });
}

/**
 * Who may talk to the instances. Per CNPG docs/src/networking.md the operator must reach every
 * instance on 5432 and 8000 (the instance manager's status endpoint) and instances must reach
 * each other: 5432 for streaming replication and the join Job's pg_basebackup (Job pods carry
 * the same cnpg.io/cluster label), 8000 for the instance managers, which the primary's liveness
 * isolation check (CNPG 1.27+, on by default) pings when the API server is unreachable
 * (pkg/management/postgres/webserver/probes/pinger.go). Assumption, documented in
 * the generated README: the operator's pods carry app.kubernetes.io/name=cloudnative-pg, as the
 * official Helm chart and manifests set, in whatever namespace it runs. Metrics (9187) are not
 * opened: add a rule for your Prometheus when you scrape the instances.
 */
function networkPolicy(answers: Answers): NetworkPolicy {
  const instances: INetworkPolicyPeer = { podSelector: { matchLabels: postgresConnection().podLabels } };
  const operator: INetworkPolicyPeer = {
    namespaceSelector: {},
    podSelector: { matchLabels: { ...CNPG_OPERATOR_POD_LABELS } },
  };
  const inngestPods: INetworkPolicyPeer = { podSelector: { matchLabels: selectorLabels(answers, 'inngest') } };
  const tcp = tcpPort;
  return new NetworkPolicy({
    metadata: objectMeta(answers, CLUSTER, app, waves.infrastructure),
    spec: {
      podSelector: { matchLabels: postgresConnection().podLabels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [inngestPods], ports: [tcp(ports.postgres)] },
        { from: [operator], ports: [tcp(ports.postgres), tcp(ports.postgresStatus)] },
        { from: [instances], ports: [tcp(ports.postgres), tcp(ports.postgresStatus)] },
      ],
      egress: [
        ...dnsEgress(answers.network),
        { to: [instances], ports: [tcp(ports.postgres), tcp(ports.postgresStatus)] },
        // The instance manager watches and updates its Cluster through the Kubernetes API. API
        // servers are not pods, so no selector can name them: the rule allows these ports only.
        { ports: answers.network.kubernetesApiPorts.map(tcp) },
      ],
    },
  });
}

/** Inngest's way to the primary: it goes with the cluster, so environments without one have none. */
function inngestEgressPolicy(answers: Answers): NetworkPolicy {
  return new NetworkPolicy({
    metadata: objectMeta(answers, objectNames.inngestToPostgres, app, waves.infrastructure),
    spec: {
      podSelector: { matchLabels: selectorLabels(answers, 'inngest') },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ podSelector: { matchLabels: postgresConnection().podLabels } }], ports: [tcpPort(ports.postgres)] },
      ],
    },
  });
}

/** Everything an overlay sets on the Cluster: a merge patch (CRDs merge maps and replace lists). */
function clusterPatch(env: Environment): PatchFile {
  const spec: Record<string, unknown> = {
    instances: env.postgres.instances,
    enablePDB: enablePDB(env),
    postgresql: { parameters: postgresParameters(env) },
    storage: storage(env),
    resources: env.postgres.resources,
  };
  if (env.postgres.backup) spec.plugins = [barmanPlugin()];
  // Per environment (postgres.deletionProtection), so the base carries none: a merge patch adds it.
  const metadata = env.postgres.deletionProtection
    ? { name: CLUSTER, annotations: { ...KEEP_ON_DELETE } }
    : { name: CLUSTER };
  return {
    file: 'postgres-cluster.yaml',
    patch: { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata, spec },
  };
}

/**
 * WAL archiving and base backups through the Barman Cloud plugin (CNPG-I), which replaces the
 * in-tree barmanObjectStore deprecated since CNPG 1.26 (github.com/cloudnative-pg/plugin-barman-cloud
 * web/docs/usage.md). `enabled` is written out for the same OutOfSync reason as the role.
 */
function barmanPlugin(): IPluginConfiguration {
  return {
    name: BARMAN_CLOUD_PLUGIN,
    enabled: true,
    isWALArchiver: true,
    parameters: { barmanObjectName: objectNames.postgresObjectStore },
  };
}

function backupFile(answers: Answers, backup: PostgresBackup): ManifestFile {
  return {
    file: 'postgres-backup.yaml',
    objects: [objectStore(answers, backup), scheduledBackup(answers, backup), backupNetworkPolicy(answers, backup)],
  };
}

/** The S3 keys are references into a Secret the secrets component seals; never values. */
function objectStore(answers: Answers, backup: PostgresBackup): ObjectStore {
  const credentials = providedSecrets.backupCredentials;
  return new ObjectStore({
    metadata: objectMeta(answers, objectNames.postgresObjectStore, app, waves.infrastructure, {
      annotations: { ...SKIP_DRY_RUN_IF_CRD_MISSING },
    }),
    spec: {
      configuration: {
        destinationPath: backup.destinationPath,
        ...(backup.endpointURL ? { endpointURL: backup.endpointURL } : {}),
        s3Credentials: {
          accessKeyId: { name: credentials.name, key: credentials.keys.accessKeyId },
          secretAccessKey: { name: credentials.name, key: credentials.keys.secretAccessKey },
        },
        wal: { compression: 'gzip' },
        data: { compression: 'gzip' },
      },
      retentionPolicy: backup.retentionPolicy,
    },
  });
}

/**
 * Base backups on a six-field cron (seconds first, robfig/cron: CRD scheduledbackups
 * description). `immediate` takes the first base backup at once, so point-in-time recovery
 * works from the first day; `self` lets Backup objects be garbage-collected with this CR.
 * Wave 1: after the Cluster and the ObjectStore.
 */
function scheduledBackup(answers: Answers, backup: PostgresBackup): ScheduledBackup {
  return new ScheduledBackup({
    metadata: objectMeta(answers, objectNames.postgresScheduledBackup, app, waves.database, {
      annotations: { ...SKIP_DRY_RUN_IF_CRD_MISSING },
    }),
    spec: {
      cluster: { name: CLUSTER },
      schedule: backup.schedule,
      method: 'plugin',
      pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN },
      immediate: true,
      backupOwnerReference: 'self',
    },
  });
}

/** The object store's port: explicit in endpointURL, else HTTPS. */
export function objectStorePort(backup: PostgresBackup): number {
  if (!backup.endpointURL) return 443;
  const port = new URL(backup.endpointURL).port;
  return port ? Number(port) : 443;
}

/**
 * NetworkPolicies add up, so backups get their own: egress from the instances (the plugin's
 * sidecar runs in them) to the object store. It is outside the cluster, so only the port is named.
 */
function backupNetworkPolicy(answers: Answers, backup: PostgresBackup): NetworkPolicy {
  return new NetworkPolicy({
    metadata: objectMeta(answers, objectNames.postgresObjectStore, app, waves.infrastructure),
    spec: {
      podSelector: { matchLabels: postgresConnection().podLabels },
      policyTypes: ['Egress'],
      egress: [{ ports: [tcpPort(objectStorePort(backup))] }],
    },
  });
}
