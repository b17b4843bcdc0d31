import { labelKeys } from '../model/names.js';
import type { ConfigMapGenerator } from './types.js';

/** The subset of kustomize.config.k8s.io/v1beta1 Kustomization we write. */
export interface Kustomization {
  apiVersion: 'kustomize.config.k8s.io/v1beta1' | 'kustomize.config.k8s.io/v1alpha1';
  kind: 'Kustomization' | 'Component';
  namespace?: string;
  resources?: string[];
  components?: string[];
  labels?: Label[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  patches?: { path: string }[];
  configMapGenerator?: ConfigMapGenerator[];
}

/** kustomize api/types/labels.go Label (`fields` since kustomize v4.1.0). */
interface Label {
  pairs: Record<string, string>;
  includeSelectors: boolean;
  includeTemplates?: boolean;
  fields?: { group?: string; kind: string; path: string; create?: boolean }[];
}

/**
 * The environment label of every object of an overlay, pod templates included, selectors not
 * (they are immutable). Kustomize only knows the templates of built-in kinds, so the Secret a
 * SealedSecret becomes (its spec.template) is named explicitly: SealedSecrets sealed by any
 * version of this tool get the label, without re-sealing.
 */
export function environmentLabel(environment: string): Label {
  return {
    pairs: { [labelKeys.environment]: environment },
    includeSelectors: false,
    includeTemplates: true,
    fields: [{ group: 'bitnami.com', kind: 'SealedSecret', path: 'spec/template/metadata/labels', create: true }],
  };
}

export function kustomization(fields: Omit<Kustomization, 'apiVersion' | 'kind'>): Kustomization {
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...fields };
}

/** A Kustomize Component: a reusable, opt-in piece an overlay lists under `components:`. */
export function kustomizeComponent(fields: Omit<Kustomization, 'apiVersion' | 'kind' | 'namespace'>): Kustomization {
  return { apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', ...fields };
}
