/**
 * Argo CD sync waves. Every generated object carries one.
 */
export const waves = {
  secrets: -1,
  infrastructure: 0,
  database: 1,
  application: 2,
  autoscaling: 3,
} as const;
export type Wave = (typeof waves)[keyof typeof waves];

/**
 * The sync-wave table (docs/ARCHITECTURE.md "Sync waves") as data. One kind may sit in two waves (a
 * Service of Valkey is infrastructure, the Service of Inngest is the application); then
 * `app` (the object's app.kubernetes.io/name) decides. A rule without `app` matches any object
 * of its kind that no app-specific rule matched.
 */
export interface WaveRule {
  group: string;
  kind: string;
  app?: string;
  wave: Wave;
}

const INNGEST = 'inngest';
const VALKEY = 'valkey';

export const WAVE_RULES: readonly WaveRule[] = [
  { group: 'bitnami.com', kind: 'SealedSecret', wave: waves.secrets },
  { group: 'postgresql.cnpg.io', kind: 'Cluster', wave: waves.infrastructure },
  { group: 'barmancloud.cnpg.io', kind: 'ObjectStore', wave: waves.infrastructure },
  { group: 'apps', kind: 'StatefulSet', app: VALKEY, wave: waves.infrastructure },
  { group: '', kind: 'Service', app: VALKEY, wave: waves.infrastructure },
  { group: 'policy', kind: 'PodDisruptionBudget', app: VALKEY, wave: waves.infrastructure },
  { group: '', kind: 'ServiceAccount', app: VALKEY, wave: waves.infrastructure },
  { group: '', kind: 'ConfigMap', wave: waves.infrastructure },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy', wave: waves.infrastructure },
  { group: 'postgresql.cnpg.io', kind: 'Database', wave: waves.database },
  { group: 'postgresql.cnpg.io', kind: 'ScheduledBackup', wave: waves.database },
  { group: 'batch', kind: 'Job', wave: waves.database },
  // The retention CronJob deletes from the database: wave 1 like the Database it works on. It
  // starts nothing at sync (only on its schedule), so nothing waits on it.
  { group: 'batch', kind: 'CronJob', wave: waves.database },
  { group: '', kind: 'ServiceAccount', app: INNGEST, wave: waves.application },
  { group: 'apps', kind: 'Deployment', app: INNGEST, wave: waves.application },
  { group: '', kind: 'Service', app: INNGEST, wave: waves.application },
  { group: 'policy', kind: 'PodDisruptionBudget', app: INNGEST, wave: waves.application },
  { group: 'networking.k8s.io', kind: 'Ingress', app: INNGEST, wave: waves.application },
  // Scrape configs go with the application they watch.
  { group: 'monitoring.coreos.com', kind: 'PodMonitor', wave: waves.application },
  { group: 'monitoring.coreos.com', kind: 'ServiceMonitor', wave: waves.application },
  { group: 'keda.sh', kind: 'ScaledObject', wave: waves.autoscaling },
  { group: 'keda.sh', kind: 'TriggerAuthentication', wave: waves.autoscaling },
];

/** "postgresql.cnpg.io/v1" → "postgresql.cnpg.io"; "v1" → "" (the core group). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** The rule an object falls under, or undefined when the table has none. */
export function ruleFor(
  group: string,
  kind: string,
  app: string | undefined,
  rules: readonly WaveRule[] = WAVE_RULES,
): WaveRule | undefined {
  const sameKind = rules.filter((r) => r.group === group && r.kind === kind);
  return sameKind.find((r) => r.app !== undefined && r.app === app) ?? sameKind.find((r) => r.app === undefined);
}
