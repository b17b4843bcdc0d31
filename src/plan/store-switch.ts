import type { Answers } from '../answers/schema.js';
import { UserError } from '../core/errors.js';
import { isRecord } from '../core/records.js';
import { KEEP_ON_DELETE, objectNames } from '../model/names.js';

/**
 * An environment whose new answers move a store from its namespace to an external server. Argo CD
 * prunes what the repository no longer holds: the Valkey StatefulSet with Inngest's queue, and the
 * CloudNativePG Cluster unless it carries Delete=false,Prune=false (postgres.deletionProtection),
 * in which case it stays, unmanaged, with its data. Either way Inngest starts on the new server
 * without that data.
 */
export interface StoreSwitch {
  env: string;
  store: 'postgres' | 'valkey';
}

/**
 * Compares the answers a repository was generated with (inngest-gitops.json as stored: an
 * environment recorded before modes existed was in-cluster) with the new ones. Environments that
 * are new or removed are not switches.
 */
export function inClusterStoresReplaced(previous: unknown, next: Answers): StoreSwitch[] {
  const environments = isRecord(previous) && Array.isArray(previous.environments) ? previous.environments : [];
  const before = new Map(
    environments.filter(isRecord).flatMap((env) => (typeof env.name === 'string' ? [[env.name, env] as const] : [])),
  );
  const modeOf = (env: Record<string, unknown>, store: StoreSwitch['store']): unknown =>
    isRecord(env[store]) ? env[store].mode : undefined;
  return next.environments.flatMap((env) => {
    const old = before.get(env.name);
    if (!old) return [];
    return (['postgres', 'valkey'] as const)
      .filter((store) => modeOf(old, store) !== 'external' && env[store].mode === 'external')
      .map((store) => ({ env: env.name, store }));
  });
}

const keepOnDelete = Object.values(KEEP_ON_DELETE)[0];

/**
 * What the switch does in the cluster, for the plan; without --allow-data-removal naming the
 * environment it stops the run, like a removal (plan/removal.ts) would. `protectedInRepository`:
 * the Cluster in the repository carries Delete=false,Prune=false now.
 */
export function storeSwitchPlan(
  change: StoreSwitch & { protectedInRepository: boolean },
  confirmed: readonly string[],
): string {
  const what =
    change.store === 'valkey'
      ? `Argo CD deletes the Valkey StatefulSet ${objectNames.valkey} and Inngest's queue in it (the PVC data-${objectNames.valkey}-0 stays)`
      : change.protectedInRepository
        ? `Argo CD leaves the CloudNativePG Cluster ${objectNames.postgresCluster} and its data in place (${keepOnDelete}), no longer managed`
        : `Argo CD deletes the CloudNativePG Cluster ${objectNames.postgresCluster} and the data in it`;
  if (!confirmed.includes(change.env)) {
    throw new UserError(
      '--allow-data-removal',
      `${change.env} moves ${change.store} to an external server: ${what}`,
      `copy the data to the new server first, then confirm with --allow-data-removal ${change.env}`,
    );
  }
  return `move ${change.store} of ${change.env} to its external server: once this is pushed, ${what}; Inngest starts on the new server.`;
}
