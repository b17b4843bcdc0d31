/** Small hand-made objects for the validate rules: a Deployment whose pod passes every rule, and parts to break. */
import type { K8sObject } from '../../src/validate/objects.js';

const WAVE = { 'argocd.argoproj.io/sync-wave': '2' };
export const container = (extra: Record<string, unknown> = {}) => ({
  name: 'app',
  image: 'inngest/inngest:v1.45.1',
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  livenessProbe: { httpGet: { path: '/health', port: 8288 } },
  readinessProbe: { httpGet: { path: '/health', port: 8288 } },
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  ...extra,
});
export const podSpec = (extra: Record<string, unknown> = {}) => ({
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [container()],
  ...extra,
});
export const deployment = (spec: Record<string, unknown> = podSpec()): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'inngest', labels: { 'app.kubernetes.io/name': 'inngest' }, annotations: WAVE },
  spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec } },
});
export const cronJob = (spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'backup' },
  spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec } } } },
});
