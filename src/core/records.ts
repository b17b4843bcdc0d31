/** A plain object (not null, not an array): what parsed JSON or YAML mappings are. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One Kubernetes object as parsed from YAML; fields are unknown until checked. */
export type K8sObject = Record<string, unknown> & {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: unknown;
};
