/**
 * Argo CD sync waves. Every generated object carries one.
 *
 * How Argo CD walks them (argo-cd gitops-engine/pkg/sync/sync_context.go, Sync): it applies the
 * lowest pending wave, then waits until every object of it is Healthy (Degraded fails the sync;
 * Progressing, Suspended or Unknown keep it waiting, and the sync timeout is off by default).
 * Only the LAST wave of the last phase is not waited on: once it is applied the operation ends,
 * "EVEN if those objects subsequently degrades". So an object whose health depends on something
 * this repository does not control must sit in the last wave, or a sync can hang forever:
 * - Ingress: Progressing until the controller publishes status.loadBalancer.ingress, which
 *   NodePort and bare-metal controllers never do (gitops-engine pkg/health/health_ingress.go);
 * - HTTPRoute: Progressing until a Gateway controller accepts it (argo-cd
 *   resource_customizations/gateway.networking.k8s.io/HTTPRoute/health.lua);
 * - PodMonitor/ServiceMonitor: their CRDs come from the Prometheus Operator;
 * - ScaledObject: Degraded while its metric source fails (Fallback=True or Ready=False, argo-cd
 *   resource_customizations/keda.sh/ScaledObject/health.lua), e.g. before Prometheus scrapes.
 * Anything that adds a later wave or phase (PruneLast, PostSync hooks) would make the last wave a
 * waited-on one again; src/validate/waves.ts rejects both.
 */
export const waves = {
  secrets: -1,
  infrastructure: 0,
  database: 1,
  application: 2,
  /** The last wave: objects whose health depends on something outside this repository, never waited on. */
  external: 3,
} as const;
export type Wave = (typeof waves)[keyof typeof waves];

/**
 * The sync-wave table (docs/ARCHITECTURE.md "Sync waves") as data. One kind may sit in two waves (a Service of Valkey is
 * infrastructure, the Service of Inngest is the application); then `app` (the object's
 * app.kubernetes.io/name) decides. A rule without `app` matches any object of its kind that no
 * app-specific rule matched. `externalHealth` marks kinds whose health depends on something
 * outside this repository: they must be in the table's last wave (checked by validate/waves.ts).
 */
export interface WaveRule {
  group: string;
  kind: string;
  app?: string;
  wave: Wave;
  externalHealth?: true;
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
  { group: 'networking.k8s.io', kind: 'Ingress', app: INNGEST, wave: waves.external, externalHealth: true },
  { group: 'monitoring.coreos.com', kind: 'PodMonitor', wave: waves.external, externalHealth: true },
  { group: 'monitoring.coreos.com', kind: 'ServiceMonitor', wave: waves.external, externalHealth: true },
  { group: 'keda.sh', kind: 'ScaledObject', wave: waves.external, externalHealth: true },
  // No health of its own (argo-cd has no health check for it); beside the ScaledObject that reads it.
  { group: 'keda.sh', kind: 'TriggerAuthentication', wave: waves.external },
  { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', app: INNGEST, wave: waves.external, externalHealth: true },
];

/** The table's last wave: the only one a sync never waits on. */
export function lastWave(rules: readonly WaveRule[] = WAVE_RULES): number {
  return Math.max(...rules.map((r) => r.wave));
}

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
