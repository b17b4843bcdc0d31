import { objectNames, providedSecrets, secrets } from '../model/names.js';

/**
 * What to run after rotated SealedSecrets reach the cluster, in order, each command with its
 * namespace. Valkey reads its password at start and Inngest connects with the one it read at
 * start, so Valkey restarts first and Inngest after it; CloudNativePG applies a new role password
 * by itself (the Secret carries cnpg.io/reload: cloudnative-pg docs/src/declarative_role_management.md),
 * and Inngest reads the role password and its keys at start.
 */
export function restartSteps(namespace: string, rotated: readonly string[]): string[] {
  const has = (name: string) => rotated.includes(name);
  const steps: string[] = [];
  if (has(secrets.valkey.name)) {
    steps.push(`kubectl -n ${namespace} rollout restart statefulset/${objectNames.valkey}`);
    steps.push(`kubectl -n ${namespace} rollout status statefulset/${objectNames.valkey}`);
  }
  // A connection string of an external server: Inngest reads it at start (the retention job at each run).
  const uri = has(providedSecrets.postgresUri.name) || has(providedSecrets.redisUri.name);
  if (uri || has(secrets.valkey.name) || has(secrets.postgresRole.name) || has(secrets.inngestKeys.name)) {
    steps.push(`kubectl -n ${namespace} rollout restart deployment/${objectNames.inngest}`);
    steps.push(`kubectl -n ${namespace} rollout status deployment/${objectNames.inngest}`);
  }
  return steps;
}
