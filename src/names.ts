/**
 * Names shared between components, defined once. A Secret written by the secrets component and
 * read by a Deployment must agree on its name and keys; both import them from here.
 */
export const INNGEST = 'inngest';

export const ports = {
  http: 8288,
  connect: 8289,
  connectGatewayGrpc: 50052,
  connectExecutorGrpc: 50053,
  postgres: 5432,
  /** CloudNativePG instance manager status endpoint the operator calls (cloudnative-pg docs/src/networking.md). */
  postgresStatus: 8000,
  valkey: 6379,
  /** The Kubernetes API as pods reach it: the kubernetes Service (443) or the API servers directly (6443). */
  kubernetesApi: [443, 6443],
} as const;

/** Object names inside an environment's namespace. */
export const objectNames = {
  inngest: 'inngest',
  inngestConfig: 'inngest-config',
  postgresCluster: 'inngest-postgres',
  postgresDatabase: 'inngest',
  postgresRole: 'inngest',
  /** Barman Cloud plugin ObjectStore and the ScheduledBackup that uses it (only when backups are configured). */
  postgresObjectStore: 'inngest-postgres-backup',
  postgresScheduledBackup: 'inngest-postgres-backup',
  valkey: 'inngest-valkey',
} as const;

/** Secrets the generated repository needs, with their keys. Values are generated and sealed per environment. */
export const secrets = {
  inngestKeys: {
    name: 'inngest-keys',
    type: 'Opaque',
    keys: { eventKey: 'INNGEST_EVENT_KEY', signingKey: 'INNGEST_SIGNING_KEY' },
  },
  postgresRole: {
    name: 'inngest-postgres-role',
    type: 'kubernetes.io/basic-auth',
    keys: { username: 'username', password: 'password' },
  },
  valkey: {
    name: 'inngest-valkey',
    type: 'Opaque',
    keys: { password: 'password' },
  },
  /** S3 credentials of the Postgres backup object store; only for environments with postgres.backup. */
  backupCredentials: {
    name: 'inngest-postgres-backup-credentials',
    type: 'Opaque',
    keys: { accessKeyId: 'ACCESS_KEY_ID', secretAccessKey: 'ACCESS_SECRET_KEY' },
  },
} as const;

/** Recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels). */
export const labelKeys = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  environment: 'inngest-gitops/environment',
} as const;

export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
