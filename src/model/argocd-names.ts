/**
 * Names of the Argo CD objects and of the files under argocd/, derived from the answers. One
 * place, so that the renderer and the answer checks (which refuse answers whose derived names
 * collide or grow too long) derive them the same way.
 */

import { environmentApplicationName } from './names.js';

/** The operators installed per cluster (platform.installOperators), by the id in their Application names. */
export const OPERATOR_IDS = [
  'cloudnative-pg',
  'keda',
  'sealed-secrets',
  'cert-manager',
  'plugin-barman-cloud',
] as const;
export type OperatorId = (typeof OPERATOR_IDS)[number];

/** The AppProject Argo CD creates itself; the root Application lives in it. */
export const DEFAULT_PROJECT = 'default';

export const argocdNames = {
  project: (project: string): string => project,
  platformProject: (project: string): string => `${project}-platform`,
  root: (project: string): string => `${project}-root`,
  environment: environmentApplicationName,
  operator: (id: OperatorId, clusterSuffix: string): string => `platform-${id}${clusterSuffix}`,
};

export const argocdPaths = {
  root: 'argocd/root.yaml',
  project: 'argocd/apps/project.yaml',
  platformProject: 'argocd/apps/platform-project.yaml',
  environment: (env: string): string => `argocd/apps/${env}.yaml`,
  operator: (applicationName: string): string => `argocd/apps/${applicationName}.yaml`,
  health: 'argocd/bootstrap/argocd-cm-health.yaml',
};

/**
 * A cluster URL as compared: scheme and host in lower case, no default port, no trailing slash
 * (WHATWG URL parsing does the first three). Two spellings with the same key are one cluster.
 */
export function clusterKey(cluster: string): string {
  try {
    return new URL(cluster).href.replace(/\/+$/, '');
  } catch {
    return cluster;
  }
}

/** The distinct clusters, by key, each in the spelling of the first environment on it. */
export function distinctClusters(clusters: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const cluster of clusters) if (!byKey.has(clusterKey(cluster))) byKey.set(clusterKey(cluster), cluster);
  return [...byKey.values()];
}

/**
 * "" when every environment runs on one cluster; else a DNS-label suffix from the API server's
 * host (at most 30 characters), so each cluster gets its own operator Applications.
 */
export function clusterSuffix(clusters: readonly string[], cluster: string): string {
  if (distinctClusters(clusters).length <= 1) return '';
  let host: string;
  try {
    host = new URL(cluster).hostname;
  } catch {
    host = cluster;
  }
  const slug = host
    .replace(/[^a-z0-9]+/gi, '-')
    .toLowerCase()
    .replace(/^-+|-+$/g, '')
    .slice(0, 30)
    .replace(/-+$/, '');
  return `-${slug}`;
}
