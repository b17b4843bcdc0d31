import { resolveAnswers } from '../../src/answers/resolve.js';
import type { PartialAnswers } from '../../src/answers/schema.js';
import { UserError } from '../../src/core/errors.js';

/** resolveAnswers' UserError for this input; fails the test when the input is accepted. */
export function userErrorOf(input: unknown): UserError {
  try {
    resolveAnswers(input);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

/** KEDA from every source at once: off, sidecar, and an existing Prometheus with a bearer token. */
export const MIXED_KEDA: PartialAnswers = {
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

/** An environment with backups: the platform then also installs cert-manager and the Barman Cloud plugin. */
export const BACKUPS: PartialAnswers = {
  environments: [
    { name: 'stage', keda: { source: 'sidecar' } },
    { name: 'prod', postgres: { backup: { destinationPath: 's3://acme-backups/prod' } } },
  ],
};

export const APP_URLS = [
  'http://shop.inngest-stage.svc.cluster.local:3000/api/inngest',
  'https://billing.example.com/api/inngest',
];

/** Every day-2 feature on (settings, monitoring, retention, Connect), with a per-environment override in stage only. */
export const DAY2_FULL: PartialAnswers = {
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

export const PROD_BACKUP = {
  destinationPath: 's3://inngest-backups/prod',
  endpointURL: 'https://s3.eu-central-1.amazonaws.com',
};

/** Postgres backups to an S3-compatible store in prod only. */
export const WITH_BACKUP: PartialAnswers = {
  environments: [{ name: 'stage' }, { name: 'prod', postgres: { backup: PROD_BACKUP } }],
};

/** Everything whose health comes from outside: a host (Ingress, Connect Ingress), monitoring, KEDA. */
export const EXTERNAL_HEALTH: PartialAnswers = {
  monitoring: { enabled: true },
  environments: [
    { name: 'stage', keda: { source: 'sidecar' } },
    {
      name: 'prod',
      hostname: 'inngest.example.com',
      connectHostname: 'connect.example.com',
      connectSourceRanges: ['203.0.113.0/24'],
      keda: { source: 'prometheus', prometheusAddress: 'https://prom.example.com', prometheusAuth: 'bearer' },
      postgres: { backup: { destinationPath: 's3://acme-backups/prod' } },
    },
  ],
};

/** Every optional image (sidecar KEDA source, retention, backups) in three environments. */
export const EVERY_OPTIONAL_IMAGE: PartialAnswers = {
  monitoring: { enabled: true },
  environments: [
    { name: 'dev', keda: { enabled: true, source: 'sidecar' } },
    { name: 'stage' },
    {
      name: 'prod',
      retention: { enabled: true },
      postgres: { backup: { destinationPath: 's3://backups/inngest/prod' } },
    },
  ],
};
