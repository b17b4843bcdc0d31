/**
 * Shared vocabulary of `validate`: rendered objects, problems and pod templates.
 * Pure helpers only; nothing here reads files or runs processes.
 */

import { isRecord, type K8sObject } from '../core/records.js';
import { apiGroup } from '../model/waves.js';

export { isRecord, type K8sObject };

/** The rules `validate` applies; each problem names the one that found it. */
type Rule =
  | 'kustomize'
  | 'schema'
  | 'pod-security'
  | 'resources'
  | 'probes'
  | 'image-pinned'
  | 'no-plain-secret'
  | 'configmap-secret-values'
  | 'sealed-secret-scope'
  | 'sync-wave'
  | 'secret-ref'
  | 'configmap-ref'
  | 'argocd'
  | 'service-ref'
  | 'repo-url';

/** A problem found in one object, before it is tied to an environment. */
export interface ObjectProblem {
  rule: Rule;
  /** Dotted/indexed path inside the object (`spec.template.spec.containers[0].image`); "" = the object. */
  path: string;
  message: string;
}

/** A problem as `validate` reports it. */
export interface Problem extends ObjectProblem {
  env: string;
  kind: string;
  name: string;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function kindOf(object: K8sObject): string {
  return typeof object.kind === 'string' ? object.kind : '?';
}

export function nameOf(object: K8sObject): string {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return typeof metadata.name === 'string' ? metadata.name : '?';
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** The same path syntax as strictValidate: `a.b[0]["dotted.key"]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENT.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Appends segments to an already formatted path. */
export function joinPath(base: string, ...segments: (string | number)[]): string {
  const tail = formatPath(segments);
  if (base === '') return tail;
  if (tail === '' || tail.startsWith('[')) return `${base}${tail}`;
  return `${base}.${tail}`;
}

/** A pod template inside a workload, with the path to its PodSpec. */
export interface PodTemplate {
  /** Path of the PodSpec, e.g. `spec.template.spec`. */
  path: string;
  spec: Record<string, unknown>;
  /** Deployments, StatefulSets, DaemonSets, ReplicaSets and Pods run until stopped; Jobs finish. */
  longRunning: boolean;
}

const TEMPLATE_KINDS: Record<string, { path: string[]; longRunning: boolean }> = {
  Deployment: { path: ['spec', 'template', 'spec'], longRunning: true },
  StatefulSet: { path: ['spec', 'template', 'spec'], longRunning: true },
  DaemonSet: { path: ['spec', 'template', 'spec'], longRunning: true },
  ReplicaSet: { path: ['spec', 'template', 'spec'], longRunning: true },
  Job: { path: ['spec', 'template', 'spec'], longRunning: false },
  CronJob: { path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], longRunning: false },
  Pod: { path: ['spec'], longRunning: true },
};

/** Workload kinds of the core and apps/batch groups whose pod template the policy rules check. */
export function podTemplateOf(object: K8sObject): PodTemplate | undefined {
  const apiVersion = str(object.apiVersion) ?? '';
  const group = apiGroup(apiVersion);
  if (!['', 'apps', 'batch'].includes(group)) return undefined;
  const where = TEMPLATE_KINDS[kindOf(object)];
  if (!where) return undefined;
  let cursor: unknown = object;
  for (const key of where.path) cursor = isRecord(cursor) ? cursor[key] : undefined;
  if (!isRecord(cursor)) return undefined;
  return { path: formatPath(where.path), spec: cursor, longRunning: where.longRunning };
}

type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerAt {
  list: ContainerList;
  index: number;
  path: string;
  container: Record<string, unknown>;
}

/** Every container of a pod spec, init and ephemeral containers included. */
export function containersOf(template: PodTemplate): ContainerAt[] {
  const out: ContainerAt[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    asArray(template.spec[list]).forEach((container, index) => {
      if (isRecord(container)) out.push({ list, index, path: joinPath(template.path, list, index), container });
    });
  }
  return out;
}
