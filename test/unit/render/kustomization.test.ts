import { describe, expect, it } from 'vitest';
import { kustomization, kustomizeComponent } from '../../../src/render/kustomization.js';

describe('the Kustomization helpers', () => {
  it('write a Kustomization, and a Kustomize Component without a namespace of its own', () => {
    expect(kustomization({ namespace: 'inngest-prod', resources: ['../../base'] })).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: 'inngest-prod',
      resources: ['../../base'],
    });
    expect(kustomizeComponent({ resources: ['cronjob.yaml'] })).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1alpha1',
      kind: 'Component',
      resources: ['cronjob.yaml'],
    });
  });
});

/**
 * Their parameter types make a wrong field a TypeScript error when the generator is built, not a
 * kustomization.yaml that kubectl kustomize rejects later. `npm run typecheck` (tsc over src/
 * and test/) checks these lines: each @ts-expect-error sits right above the one property that
 * must be an error, and if the types stopped rejecting it, tsc fails on an unused directive.
 */
export const typeErrors = [
  () =>
    kustomization({
      resources: ['../../base'],
      // @ts-expect-error -- a misspelled field: patchs is not a field of a Kustomization (patches is)
      patchs: [{ path: 'patches/a.yaml' }],
    }),
  () =>
    kustomizeComponent({
      resources: ['cronjob.yaml'],
      // @ts-expect-error -- a Kustomize Component takes the namespace of the overlay that includes it
      namespace: 'inngest-prod',
    }),
];
