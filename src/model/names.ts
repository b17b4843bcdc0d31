/**
 * Names shared between components, defined once. A Secret written by the secrets component and
 * read by a Deployment must agree on its name and keys; both import them from here.
 */

export const ports = {
  http: 8288,
  connect: 8289,
  connectGatewayGrpc: 50052,
  connectExecutorGrpc: 50053,
  postgres: 5432,
  /** CloudNativePG instance manager status endpoint the operator calls (cloudnative-pg docs/src/networking.md). */
  postgresStatus: 8000,
  valkey: 6379,
  /** The Prometheus sidecar of keda.source sidecar. */
  prometheusSidecar: 9090,
  /** CloudNativePG instances' metrics exporter, container port "metrics" (cloudnative-pg docs/src/monitoring.md). */
  postgresMetrics: 9187,
  /** redis_exporter beside Valkey (monitoring.enabled; github.com/oliver006/redis_exporter default listen address). */
  valkeyMetrics: 9121,
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
  /** History retention CronJob (environments[].retention) and its SQL ConfigMap. */
  retention: 'inngest-retention',
  retentionSql: 'inngest-retention-sql',
  /** Inngest's and the retention job's egress to the stores, each with the store it leads to. */
  inngestToPostgres: 'inngest-to-postgres',
  inngestToValkey: 'inngest-to-valkey',
  retentionToPostgres: 'inngest-retention-to-postgres',
  /** Egress to the external servers of an environment (postgres.mode / valkey.mode external). */
  inngestExternalStores: 'inngest-external-stores',
  retentionExternalPostgres: 'inngest-retention-external-postgres',
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

/**
 * Secrets the user supplies (never generated): sealed into secrets/<env>/ like the others.
 * kedaPrometheus: only with keda.source prometheus and keda.prometheusAuth bearer, the token KEDA
 * sends to Prometheus (read by the TriggerAuthentication).
 */
export const providedSecrets = {
  /** S3 credentials of the Postgres backup object store; only for environments with postgres.backup. */
  backupCredentials: {
    name: 'inngest-postgres-backup-credentials',
    type: 'Opaque',
    keys: { accessKeyId: 'ACCESS_KEY_ID', secretAccessKey: 'ACCESS_SECRET_KEY' },
  },
  kedaPrometheus: {
    name: 'inngest-keda-prometheus',
    type: 'Opaque',
    /** ca: the PEM of a private CA that signed Prometheus' certificate (keda.prometheusCA only). */
    keys: { bearerToken: 'bearerToken', ca: 'ca' },
  },
  /** The connection string of an external PostgreSQL (postgres.mode external), read as INNGEST_POSTGRES_URI. */
  postgresUri: {
    name: 'inngest-postgres-uri',
    type: 'Opaque',
    keys: { uri: 'POSTGRES_URI' },
  },
  /** The connection string of an external Redis-compatible server (valkey.mode external), read as INNGEST_REDIS_URI. */
  redisUri: {
    name: 'inngest-redis-uri',
    type: 'Opaque',
    keys: { uri: 'REDIS_URI' },
  },
} as const;

/**
 * Where the values of a provided secret come from: INNGEST_GITOPS_<ENV>_<KEY> environment
 * variables, never a flag that would land in shell history.
 */
export function providedVariable(environmentName: string, key: string): string {
  return `INNGEST_GITOPS_${environmentName.toUpperCase().replace(/-/g, '_')}_${key.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** KEDA objects in an environment's namespace. */
export const kedaNames = {
  scaledObject: 'inngest',
  triggerAuthentication: 'inngest-prometheus',
  /** The Prometheus sidecar (keda.source sidecar): container, Service port and its config. */
  sidecarContainer: 'prometheus',
  sidecarConfig: 'inngest-prometheus-sidecar',
  sidecarNetworkPolicy: 'inngest-prometheus-sidecar',
} as const;

/** The Inngest metric KEDA scales on: global queue depth, every replica reports the same value. */
export const QUEUE_DEPTH_METRIC = 'inngest_queue_depth';

/**
 * Where the platform operators run. The KEDA operator pods carry app.kubernetes.io/name:
 * keda-operator (github.com/kedacore/charts keda/templates/manager/deployment.yaml, operator.name).
 */
export const platform = {
  cnpg: { namespace: 'cnpg-system', releaseName: 'cnpg' },
  keda: { releaseName: 'keda', operatorPodLabels: { 'app.kubernetes.io/name': 'keda-operator' } },
  sealedSecrets: { releaseName: 'sealed-secrets' },
  /** cert-manager/website content/docs/installation/helm.md installs release cert-manager into namespace cert-manager. */
  certManager: { namespace: 'cert-manager', releaseName: 'cert-manager' },
  /**
   * The Barman Cloud plugin goes into the CloudNativePG operator's namespace: the operator only
   * discovers plugin Services in its own namespace (cloudnative-pg internal/controller/plugin_predicates.go
   * isPluginService; plugin-barman-cloud web/docs/installation.mdx "must be installed in the same namespace").
   */
  barmanCloud: { releaseName: 'plugin-barman-cloud' },
} as const;

/** The KEDA chart's documented namespace (github.com/kedacore/charts keda/README.md: helm install keda kedacore/keda --namespace keda). */
export const KEDA_DEFAULTS = { namespace: 'keda' } as const;

/** The Kubernetes API as pods reach it: the kubernetes Service (443) or the API servers directly (6443). */
export const KUBERNETES_API_PORTS = [443, 6443] as const;

/**
 * kubeseal's defaults (github.com/bitnami-labs/sealed-secrets cmd/kubeseal/main.go): the Helm
 * chart names the controller after the release unless fullnameOverride says otherwise, so the
 * platform Application sets fullnameOverride to this name.
 */
export const SEALED_SECRETS_DEFAULTS = {
  controllerName: 'sealed-secrets-controller',
  controllerNamespace: 'kube-system',
} as const;

export const ARGOCD_DEFAULTS = { namespace: 'argocd', revision: 'main' } as const;
/** Argo CD's cascading-delete finalizer (argo-cd docs/user-guide/app_deletion.md). */
export const ARGOCD_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

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

/** The Argo CD Application of one environment: <project>-<environment>. */
export function environmentApplicationName(project: string, environment: string): string {
  return `${project}-${environment}`;
}

/**
 * On the CloudNativePG Cluster: Argo CD neither prunes it when it leaves Git nor deletes it with
 * its Application (argoproj/argo-cd docs/user-guide/sync-options.md "No Prune Resources" and "No
 * Resource Deletion"; options in one annotation are comma-separated). The Cluster owns its PVCs
 * (cloudnative-pg pkg/reconciler/persistentvolumeclaim/build.go builds them WithClusterInheritance,
 * api/v1/cluster_funcs.go SetInheritedDataAndOwnership), so keeping the Cluster keeps the data.
 */
export const KEEP_ON_DELETE = { 'argocd.argoproj.io/sync-options': 'Delete=false,Prune=false' } as const;

/** The Kubernetes API as Argo CD names the cluster it runs in (argo-cd docs: "in-cluster"). */
export const IN_CLUSTER_API = 'https://kubernetes.default.svc';

/** The cluster DNS name of a Service, reachable from every namespace. */
export function serviceHost(service: string, namespace: string): string {
  return `${service}.${namespace}.svc.cluster.local`;
}
