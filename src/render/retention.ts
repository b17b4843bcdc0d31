import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { Answers, Environment, ExternalPostgres, RetentionSettings } from '../answers/schema.js';
import { baseConnection } from '../answers/stores.js';
import { objectNames, ports, providedSecrets, secrets, SYNC_WAVE } from '../model/names.js';
import { commonLabels, objectMeta, selectorLabels } from '../model/labels.js';
import { waves } from '../model/waves.js';
import { dnsEgress, restrictedContainerSecurity, restrictedPodSecurity, tcpPort } from './pod-security.js';
import { postgresConnection } from '../model/postgres-connection.js';
import { postgresImage } from './postgres.js';
import { RETENTION_SQL } from './retention-sql.js';
import type { Component, ComponentOverlay, PatchFile } from './types.js';
import { deleteObjectPatch, envPatch, removedMounts, removedVolumes } from './connection-patch.js';

/**
 * History retention: inngest start never deletes run history from Postgres
 * (github.com/inngest/inngest docs/POSTGRES_RETENTION.md, which suggests "a Kubernetes cron
 * job"). A CronJob runs retention.sql with psql as the Inngest role, which owns the tables (on
 * an external server, with Inngest's own connection string, so as the same user).
 *
 * Opt-in per environment (environments[].retention.enabled), so base/retention/ is a Kustomize
 * Component that only the overlays of those environments include; each overlay patches its
 * schedule and its number of days.
 */
const app = { name: 'inngest-retention', component: 'retention' };
const NAME = objectNames.retention;
const CONTAINER = 'retention';
const SQL_FILE = 'retention.sql';
const SQL_MOUNT = '/sql';
/**
 * The postgres user of CloudNativePG's operand images (github.com/cloudnative-pg/postgres-containers
 * Dockerfile: `usermod -u 26 postgres`, `USER 26`; the Cluster's postgresUID/postgresGID default to 26).
 */
export const POSTGRES_UID = 26;

export const retention: Component = {
  name: 'retention',
  enabled: (answers) => answers.environments.some((env) => env.retention.enabled),
  usedIn: (_answers, env) => env.retention.enabled,
  base(answers) {
    const first = answers.environments.find((env) => env.retention.enabled)!;
    const connection = baseRetentionConnection(answers);
    return {
      manifests: [
        { file: 'cronjob.yaml', objects: [cronJob(answers, first.retention, connection)] },
        {
          file: 'networkpolicy.yaml',
          objects: [
            networkPolicy(answers),
            ...(connection === 'in-cluster' ? [postgresEgressPolicy(answers), postgresIngressPolicy(answers)] : []),
          ],
        },
      ],
      configMapGenerator: [
        {
          name: objectNames.retentionSql,
          files: [SQL_FILE],
          options: {
            annotations: { [SYNC_WAVE]: String(waves.infrastructure) },
            labels: commonLabels(answers, app.name, app.component),
          },
        },
      ],
      files: [{ file: SQL_FILE, text: RETENTION_SQL }],
    };
  },
  overlay(answers, env) {
    const overlay: ComponentOverlay = { patches: [cronJobPatch(env)] };
    const external = env.postgres.mode === 'external' ? env.postgres.external : undefined;
    if (!external) return overlay;
    if (baseRetentionConnection(answers) === 'in-cluster') {
      overlay.patches.push(
        externalConnectionPatch(),
        ...[objectNames.retentionToPostgres, POSTGRES_INGRESS_POLICY].map((name) =>
          deleteObjectPatch(`${name}-delete.yaml`, 'networking.k8s.io/v1', 'NetworkPolicy', name),
        ),
      );
    }
    overlay.manifests = [
      { file: 'retention-external-postgres.yaml', objects: [externalEgressPolicy(answers, external)] },
    ];
    return overlay;
  },
};

type Connection = 'in-cluster' | 'external';

/** In-cluster unless every environment with retention uses an external PostgreSQL. */
function baseRetentionConnection(answers: Answers): Connection {
  return baseConnection(
    answers.environments.filter((env) => env.retention.enabled),
    'postgres',
  );
}

/** The days to keep: an env var, so an overlay patches one list item (merged by name) and args stay as written. */
function daysEnv(settings: RetentionSettings): IEnvVar {
  return { name: 'RETENTION_DAYS', value: String(settings.days) };
}

/**
 * libpq reads the connection from PG* variables (postgresql.org/docs/current/libpq-envars.html):
 * the -rw Service, the Inngest role's password from its Secret, and the server certificate
 * verified against the cluster's CA (the same as Inngest's own URI, postgres-connection.ts).
 * An external server: the user's sealed connection string, the same Inngest uses, given to psql
 * as its database argument (psql -d expands a URI; a PG* variable would not).
 */
function retentionEnv(settings: RetentionSettings, connection: Connection): IEnvVar[] {
  return [daysEnv(settings), ...connectionEnv(connection)];
}

function connectionEnv(connection: Connection): IEnvVar[] {
  const pg = postgresConnection();
  const uri = providedSecrets.postgresUri;
  const server: IEnvVar[] =
    connection === 'external'
      ? [{ name: URI_VARIABLE, valueFrom: { secretKeyRef: { name: uri.name, key: uri.keys.uri } } }]
      : [
          { name: 'PGHOST', value: pg.host },
          { name: 'PGPORT', value: String(pg.port) },
          { name: 'PGDATABASE', value: pg.database },
          { name: 'PGUSER', value: pg.user },
          {
            name: 'PGPASSWORD',
            valueFrom: { secretKeyRef: { name: secrets.postgresRole.name, key: secrets.postgresRole.keys.password } },
          },
          { name: 'PGSSLMODE', value: 'verify-full' },
          { name: 'PGSSLROOTCERT', value: `${pg.caMountPath}/ca.crt` },
        ];
  return [...server, { name: 'PGAPPNAME', value: NAME }, { name: 'PGCONNECT_TIMEOUT', value: '10' }];
}

/** Not PG*: libpq would not expand it; psql gets it as -d. */
const URI_VARIABLE = 'POSTGRES_URI';

/** psql -X: no ~/.psqlrc; ON_ERROR_STOP: any failed statement fails the Job. */
function retentionArgs(connection: Connection): string[] {
  return [
    '-X',
    '-v',
    'ON_ERROR_STOP=1',
    '-v',
    'retention_days=$(RETENTION_DAYS)',
    '-f',
    `${SQL_MOUNT}/${SQL_FILE}`,
    ...(connection === 'external' ? ['-d', `$(${URI_VARIABLE})`] : []),
  ];
}

function volumeMounts(connection: Connection): IVolumeMount[] {
  return [
    { name: 'sql', mountPath: SQL_MOUNT, readOnly: true },
    ...(connection === 'in-cluster'
      ? [{ name: 'postgres-ca', mountPath: postgresConnection().caMountPath, readOnly: true }]
      : []),
    { name: 'tmp', mountPath: '/tmp' },
  ];
}

function volumes(connection: Connection): IVolume[] {
  const pg = postgresConnection();
  return [
    { name: 'sql', configMap: { name: objectNames.retentionSql } },
    ...(connection === 'in-cluster'
      ? [{ name: 'postgres-ca', secret: { secretName: pg.caSecret, items: [{ key: 'ca.crt', path: 'ca.crt' }] } }]
      : []),
    { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
  ];
}

function container(settings: RetentionSettings, connection: Connection): IContainer {
  return {
    name: CONTAINER,
    // The image the cluster runs already has psql: no extra image to pin, mirror or scan.
    image: postgresImage(),
    imagePullPolicy: 'IfNotPresent',
    command: ['psql'],
    args: retentionArgs(connection),
    env: retentionEnv(settings, connection),
    // psql is light: the database does the work.
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    securityContext: restrictedContainerSecurity(),
    volumeMounts: volumeMounts(connection),
  };
}

/**
 * Daily by default, one run at a time (Forbid), in UTC. A missed start is still made up within
 * an hour; a run is cut after 3 hours (committed batches stay; the next run continues) and
 * retried twice. The last three runs of each outcome are kept for their logs.
 */
function cronJob(answers: Answers, settings: RetentionSettings, connection: Connection): CronJob {
  return new CronJob({
    metadata: objectMeta(answers, NAME, app, waves.database),
    spec: {
      schedule: settings.schedule,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels: commonLabels(answers, app.name, app.component) },
        spec: {
          backoffLimit: 2,
          activeDeadlineSeconds: 3 * 3600,
          template: {
            metadata: { labels: commonLabels(answers, app.name, app.component) },
            spec: {
              restartPolicy: 'Never',
              automountServiceAccountToken: false,
              enableServiceLinks: false,
              securityContext: restrictedPodSecurity(POSTGRES_UID),
              containers: [container(settings, connection)],
              volumes: volumes(connection),
            },
          },
        },
      },
    },
  });
}

/**
 * The job's pods take no connections and reach only Postgres (and DNS to find it): the way to an
 * in-cluster Postgres is postgresEgressPolicy, to an external server externalEgressPolicy.
 */
function networkPolicy(answers: Answers): NetworkPolicy {
  return new NetworkPolicy({
    metadata: objectMeta(answers, NAME, app, waves.infrastructure),
    spec: {
      podSelector: { matchLabels: selectorLabels(answers, app.name) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [...dnsEgress(answers.network)],
    },
  });
}

/** The job's egress to the CloudNativePG instances. */
function postgresEgressPolicy(answers: Answers): NetworkPolicy {
  return new NetworkPolicy({
    metadata: objectMeta(answers, objectNames.retentionToPostgres, app, waves.infrastructure),
    spec: {
      podSelector: { matchLabels: selectorLabels(answers, app.name) },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ podSelector: { matchLabels: postgresConnection().podLabels } }], ports: [tcpPort(ports.postgres)] },
      ],
    },
  });
}

/** The job's egress to an external PostgreSQL: the answers' networks, on its port. */
function externalEgressPolicy(answers: Answers, server: ExternalPostgres): NetworkPolicy {
  return new NetworkPolicy({
    metadata: objectMeta(answers, objectNames.retentionExternalPostgres, app, waves.infrastructure),
    spec: {
      podSelector: { matchLabels: selectorLabels(answers, app.name) },
      policyTypes: ['Egress'],
      egress: [{ to: server.egressCIDRs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcpPort(server.port)] }],
    },
  });
}

/** An environment on an external server where the base job connects in-cluster. */
function externalConnectionPatch(): PatchFile {
  return {
    file: 'retention-store-connection.yaml',
    patch: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: NAME },
      spec: {
        jobTemplate: {
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: CONTAINER,
                    env: envPatch(connectionEnv('in-cluster'), connectionEnv('external')),
                    args: retentionArgs('external'),
                    volumeMounts: removedMounts(volumeMounts('in-cluster'), volumeMounts('external')),
                  },
                ],
                volumes: removedVolumes(volumes('in-cluster'), volumes('external')),
              },
            },
          },
        },
      },
    },
  };
}

const POSTGRES_INGRESS_POLICY = `${objectNames.postgresCluster}-from-retention`;

/**
 * NetworkPolicies add up: this one admits the job to the instances on 5432 and lives (and goes)
 * with the retention Component, so the Postgres policy stays as it is.
 */
function postgresIngressPolicy(answers: Answers): NetworkPolicy {
  return new NetworkPolicy({
    metadata: objectMeta(answers, POSTGRES_INGRESS_POLICY, app, waves.infrastructure),
    spec: {
      podSelector: { matchLabels: postgresConnection().podLabels },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: selectorLabels(answers, app.name) } }],
          ports: [tcpPort(ports.postgres)],
        },
      ],
    },
  });
}

/** The environment's schedule and days. */
function cronJobPatch(env: Environment): PatchFile {
  return {
    file: 'retention-cronjob.yaml',
    patch: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: NAME },
      spec: {
        schedule: env.retention.schedule,
        jobTemplate: {
          spec: { template: { spec: { containers: [{ name: CONTAINER, env: [daysEnv(env.retention)] }] } } },
        },
      },
    },
  };
}
