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
  valkey: 6379,
} as const;

/** Object names inside an environment's namespace. */
export const objectNames = {
  inngest: 'inngest',
  inngestConfig: 'inngest-config',
  postgresCluster: 'inngest-postgres',
  postgresDatabase: 'inngest',
  postgresRole: 'inngest',
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
