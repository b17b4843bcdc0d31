import type { Answers, Environment } from './schema.js';

/**
 * Where each environment keeps its data: in the namespace (a CloudNativePG cluster, a Valkey
 * StatefulSet) or on an existing server (postgres.mode / valkey.mode external). Pure.
 */
export type Store = 'postgres' | 'valkey';

/** A server's host as a URI writes it: an IPv6 address in brackets. */
export function uriHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** `host:port` of an external server, an IPv6 address in brackets (as in its connection string). */
export function serverAddress(server: { host: string; port: number }): string {
  return `${uriHost(server.host)}:${server.port}`;
}

export function usesCloudNativePg(env: Environment): boolean {
  return env.postgres.mode === 'cloudnative-pg';
}

export function usesValkeyStatefulSet(env: Environment): boolean {
  return env.valkey.mode === 'statefulset';
}

function isInCluster(env: Environment, store: Store): boolean {
  return store === 'postgres' ? usesCloudNativePg(env) : usesValkeyStatefulSet(env);
}

/**
 * How the base connects Inngest (and the retention job) to a store. In-cluster unless every one
 * of these environments uses an external server: overlays then only ever switch an in-cluster
 * base to external, never back (an in-cluster URI needs its password variable defined before it,
 * which a patch cannot guarantee).
 */
export function baseConnection(environments: readonly Environment[], store: Store): 'in-cluster' | 'external' {
  return environments.every((env) => !isInCluster(env, store)) ? 'external' : 'in-cluster';
}

/** The first environment that runs the store in the cluster: the one whose sizes that store's base carries. */
export function firstInCluster(answers: Answers, store: Store): Environment | undefined {
  return answers.environments.find((env) => isInCluster(env, store));
}
