import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { Answers } from '../answers/schema.js';
import { labelKeys, SYNC_WAVE } from '../names.js';

/**
 * Argo CD sync waves (DESIGN.md "Sync waves"). Every generated object carries one.
 */
export const waves = {
  secrets: -1,
  infrastructure: 0,
  database: 1,
  application: 2,
  autoscaling: 3,
} as const;
export type Wave = (typeof waves)[keyof typeof waves];

/** Labels that select pods: stable forever, since Deployment and StatefulSet selectors are immutable. */
export function selectorLabels(answers: Answers, name: string): Record<string, string> {
  return { [labelKeys.name]: name, [labelKeys.instance]: answers.name };
}

export function commonLabels(answers: Answers, name: string, component: string): Record<string, string> {
  return {
    ...selectorLabels(answers, name),
    [labelKeys.component]: component,
    [labelKeys.partOf]: answers.name,
    [labelKeys.managedBy]: 'argocd',
  };
}

export function objectMeta(
  answers: Answers,
  objectName: string,
  app: { name: string; component: string },
  wave: Wave,
  extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): IObjectMeta {
  return {
    name: objectName,
    labels: { ...commonLabels(answers, app.name, app.component), ...extra.labels },
    annotations: { [SYNC_WAVE]: String(wave), ...extra.annotations },
  };
}

/**
 * For kinds whose CRDs come from something this repository may not install (the Barman Cloud
 * plugin, the Prometheus Operator): without the CRD, Argo CD's dry-run would fail the whole
 * environment's sync; with this option only that object waits (argo-cd docs/user-guide/sync-options.md).
 */
export const SKIP_DRY_RUN_IF_CRD_MISSING = {
  'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
} as const;
