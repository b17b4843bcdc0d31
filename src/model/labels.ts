import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import { labelKeys, SYNC_WAVE } from './names.js';
import type { Wave } from './waves.js';

/** What labels need of the answers: the project name is every object's instance label. */
interface Project {
  name: string;
}

/** Labels that select pods: stable forever, since Deployment and StatefulSet selectors are immutable. */
export function selectorLabels(answers: Project, name: string): Record<string, string> {
  return { [labelKeys.name]: name, [labelKeys.instance]: answers.name };
}

export function commonLabels(answers: Project, name: string, component: string): Record<string, string> {
  return {
    ...selectorLabels(answers, name),
    [labelKeys.component]: component,
    [labelKeys.partOf]: answers.name,
    [labelKeys.managedBy]: 'argocd',
  };
}

export function objectMeta(
  answers: Project,
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
