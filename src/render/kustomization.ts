import type { ConfigMapGenerator } from './types.js';

/** The subset of kustomize.config.k8s.io/v1beta1 Kustomization we write. */
export interface Kustomization {
  apiVersion: 'kustomize.config.k8s.io/v1beta1' | 'kustomize.config.k8s.io/v1alpha1';
  kind: 'Kustomization' | 'Component';
  namespace?: string;
  resources?: string[];
  components?: string[];
  labels?: { pairs: Record<string, string>; includeSelectors: boolean; includeTemplates?: boolean }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  patches?: { path: string }[];
  configMapGenerator?: ConfigMapGenerator[];
}

export function kustomization(fields: Omit<Kustomization, 'apiVersion' | 'kind'>): Kustomization {
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...fields };
}

/** A Kustomize Component: a reusable, opt-in piece an overlay lists under `components:`. */
export function kustomizeComponent(fields: Omit<Kustomization, 'apiVersion' | 'kind' | 'namespace'>): Kustomization {
  return { apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', ...fields };
}
