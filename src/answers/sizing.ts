import type { Answers, Environment, InngestSettings } from './schema.js';

/**
 * The environment whose sizes the base carries: the first one. Every overlay patches its own
 * sizes, so only the base and the patches' "from" values depend on this choice. (The in-cluster
 * stores carry the first environment that runs them: stores.ts firstInCluster.)
 */
export function baseEnvironment(answers: Answers): Environment {
  return answers.environments[0]!;
}

/** Values derived from the answers that the generator, the validator and the README all use. Pure. */

/** The inngest settings an environment runs with: the global ones, then its own overrides. */
export function environmentSettings(answers: Answers, env: Environment): InngestSettings {
  return { ...answers.inngest, ...env.inngest };
}

/**
 * Connections Postgres must accept: every Inngest replica may open postgresMaxOpenConns
 * (inngest/inngest PR #2782 added the limit because the default of 100 per process exhausts
 * servers), plus headroom for CloudNativePG's own connections, the superuser reserve
 * (superuser_reserved_connections, default 3), jobs and people.
 */
export const CONNECTION_HEADROOM = 20;

/** The most Inngest pods an environment runs: KEDA's maximum when it autoscales, else the fixed count. */
export function maxInngestReplicas(env: Environment): number {
  return env.keda.enabled ? env.keda.maxReplicas : env.replicas;
}

/** The fewest Inngest pods an environment runs (sizes the PodDisruptionBudget). */
export function minInngestReplicas(env: Environment): number {
  return env.keda.enabled ? env.keda.minReplicas : env.replicas;
}

export function requiredConnections(answers: Answers, env: Environment): number {
  return maxInngestReplicas(env) * environmentSettings(answers, env).postgresMaxOpenConns + CONNECTION_HEADROOM;
}
