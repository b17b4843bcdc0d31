import type { Environment, KedaSettings, Profile, Resources, RetentionSettings } from './schema.js';
import { IN_CLUSTER_API } from '../model/names.js';

/**
 * Per-environment defaults by profile. An environment named prod or production is sized for
 * production unless it says otherwise; everything else starts small.
 */
type Sized = Omit<
  Environment,
  | 'name'
  | 'profile'
  | 'namespace'
  | 'targetRevision'
  | 'cluster'
  | 'hostname'
  | 'ingress'
  | 'gateway'
  | 'appNamespaces'
  | 'postgres'
  | 'valkey'
  | 'keda'
  | 'inngest'
  | 'retention'
  | 'connectHostname'
  | 'connectSourceRanges'
> & {
  keda: KedaSettings;
  retention: RetentionSettings;
  postgres: Omit<Environment['postgres'], 'maxConnections' | 'deletionProtection' | 'mode' | 'external'>;
  valkey: Omit<Environment['valkey'], 'mode' | 'external'>;
};

const res = (reqCpu: string, reqMem: string, limCpu: string, limMem: string): Resources => ({
  requests: { cpu: reqCpu, memory: reqMem },
  limits: { cpu: limCpu, memory: limMem },
});

/**
 * Queue-depth autoscaling: KEDA reads Inngest's /metrics directly (metrics-api, format prometheus,
 * KEDA ≥ 2.14). 10 queued items per replica, read every 30 s. The metric counts scheduled items
 * (sleeps, retries, the next cron tick) too: keda.idleQueueDepth subtracts them where the source
 * is a PromQL query (prometheus, sidecar).
 */
const kedaDefaults = (minReplicas: number, maxReplicas: number): KedaSettings => ({
  enabled: true,
  source: 'metrics-api',
  minReplicas,
  maxReplicas,
  threshold: 10,
  prometheusAddress: '',
  prometheusAuth: 'none',
  idleQueueDepth: 0,
  prometheusUnsafeSsl: false,
  prometheusCA: false,
  pollingInterval: 30,
  cooldownPeriod: 300,
});

/**
 * History retention (github.com/inngest/inngest docs/POSTGRES_RETENTION.md: 30 days is its
 * default window). Daily at 03:17 UTC: off the hour, when every other cron job starts.
 */
const retentionDefaults = (enabled: boolean): RetentionSettings => ({ enabled, days: 30, schedule: '17 3 * * *' });

export const profiles: Record<Profile, Sized> = {
  small: {
    replicas: 1,
    keda: kedaDefaults(1, 3),
    retention: retentionDefaults(false),
    resources: res('250m', '512Mi', '1', '1Gi'),
    postgres: { instances: 1, storageSize: '5Gi', storageClass: '', resources: res('250m', '512Mi', '1', '1Gi') },
    valkey: {
      storageSize: '2Gi',
      storageClass: '',
      maxMemory: '384Mi',
      resources: res('100m', '512Mi', '500m', '512Mi'),
    },
  },
  production: {
    // Inngest's Helm chart requests 500m/1Gi (github.com/inngest/inngest-helm values.yaml); we add limits.
    replicas: 2,
    keda: kedaDefaults(2, 10),
    retention: retentionDefaults(true),
    resources: res('500m', '1Gi', '2', '2Gi'),
    postgres: { instances: 3, storageSize: '50Gi', storageClass: '', resources: res('1', '2Gi', '2', '4Gi') },
    valkey: { storageSize: '10Gi', storageClass: '', maxMemory: '1536Mi', resources: res('250m', '2Gi', '1', '2Gi') },
  },
};

export function defaultProfile(environmentName: string): Profile {
  return environmentName === 'prod' || environmentName === 'production' ? 'production' : 'small';
}

export const DEFAULT_CLUSTER = IN_CLUSTER_API;
export const DEFAULT_REVISION = 'main';
/**
 * Where an ingress controller runs unless the answers say otherwise: the namespace of the
 * ingress-nginx installation guide, the controller older repositories were generated for (their
 * recorded class is nginx). Other controllers: ingress.controllerNamespace.
 */
export const DEFAULT_INGRESS_CONTROLLER_NAMESPACE = 'ingress-nginx';
