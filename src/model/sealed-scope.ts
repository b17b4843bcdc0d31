import { isRecord } from '../core/records.js';

/**
 * Sealing scopes of Sealed Secrets and the annotations that carry them
 * (github.com/bitnami-labs/sealed-secrets pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go).
 * The controller decrypts with the label of the scope annotated on the SealedSecret's own
 * metadata: strict "<namespace>/<name>", namespace-wide "<namespace>", cluster-wide "".
 */
export type Scope = 'strict' | 'namespace-wide' | 'cluster-wide';

export const SCOPE_ANNOTATIONS = {
  namespaceWide: 'sealedsecrets.bitnami.com/namespace-wide',
  clusterWide: 'sealedsecrets.bitnami.com/cluster-wide',
} as const;

/** `SecretScope`: cluster-wide when annotated "true", else namespace-wide when annotated "true", else strict. */
export function scopeOf(annotations: unknown): Scope {
  const map = isRecord(annotations) ? annotations : {};
  if (map[SCOPE_ANNOTATIONS.clusterWide] === 'true') return 'cluster-wide';
  if (map[SCOPE_ANNOTATIONS.namespaceWide] === 'true') return 'namespace-wide';
  return 'strict';
}
