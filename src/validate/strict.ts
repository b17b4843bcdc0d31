/**
 * Strict validation of rendered manifests, in the spirit of `kubeconform -strict`:
 * wrong types, missing required fields, bad enum/format values AND unknown fields.
 *
 * Two layers, both from the same pinned kubernetes-models packages (see README.md):
 *  1. types / required / enums / formats: the packages' precompiled ajv standalone
 *     validators (`Model#validate()`), which know int32, int-or-string, quantity, ...;
 *  2. unknown fields: generated shape tables in ./schemas/ (one JSON file per kind,
 *     read and parsed on first use of that kind).
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Cluster } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster';
import { Database } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Database';
import { ScheduledBackup } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/ScheduledBackup';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import { SealedSecret } from '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';

import { KINDS, shapeFileName } from './kinds.js';
import { asText } from '../core/records.js';

export interface StrictProblem {
  /** Dotted/indexed path, e.g. `spec.template.spec.containers[0].image`; "" = the object. */
  path: string;
  message: string;
}

/** Structural shape of a kind; see scripts/strict-schemas-lib.ts for the format. */
type Shape = 0 | string | { p: Record<string, Shape>; a?: Shape } | { i: Shape };
interface ShapeFile {
  apiVersion: string;
  kind: string;
  root: Shape;
  defs: Record<string, Shape>;
}

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data?: never): { validate(): void };
}

const MODELS: readonly ModelClass[] = [
  ConfigMap,
  Secret,
  Service,
  ServiceAccount,
  Namespace,
  PersistentVolumeClaim,
  Deployment,
  StatefulSet,
  PodDisruptionBudget,
  NetworkPolicy,
  Ingress,
  HTTPRoute,
  CronJob,
  Job,
  Cluster,
  Database,
  ScheduledBackup,
  ScaledObject,
  TriggerAuthentication,
  SealedSecret,
  Application,
  AppProject,
  PodMonitor,
  ServiceMonitor,
];

const key = (apiVersion: string, kind: string): string => `${apiVersion} ${kind}`;

const MODEL_BY_KIND = new Map(MODELS.map((m) => [key(m.apiVersion, m.kind), m]));
const KNOWN = new Set(KINDS.map((k) => key(k.apiVersion, k.kind)));

/** The kinds strictValidate has schemas for, as `apiVersion kind` pairs. */
export function strictKinds(): { apiVersion: string; kind: string }[] {
  return KINDS.map((k) => ({ apiVersion: k.apiVersion, kind: k.kind }));
}

const shapeCache = new Map<string, ShapeFile>();

function loadShape(apiVersion: string, kind: string): ShapeFile {
  const k = key(apiVersion, kind);
  let s = shapeCache.get(k);
  if (!s) {
    s = readShapeFile(shapeFileName(apiVersion, kind));
    shapeCache.set(k, s);
  }
  return s;
}

let packedTables: Record<string, ShapeFile> | undefined;

/**
 * The published bundle packs every table into one gzipped file beside its module
 * (scripts/build.mjs); the source tree reads the generated files in ./schemas/ directly.
 */
function readShapeFile(file: string): ShapeFile {
  const packed = new URL('./schemas.json.gz', import.meta.url);
  if (packedTables === undefined && existsSync(packed)) {
    packedTables = JSON.parse(gunzipSync(readFileSync(packed)).toString('utf8')) as Record<string, ShapeFile>;
  }
  const table = packedTables?.[file];
  if (table) return table;
  return JSON.parse(readFileSync(new URL(`./schemas/${file}`, import.meta.url), 'utf8')) as ShapeFile;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENT.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

// ---------------------------------------------------------------- unknown fields

function checkShape(
  value: unknown,
  shape: Shape,
  defs: Record<string, Shape>,
  segments: (string | number)[],
  out: StrictProblem[],
): void {
  let s: Shape | undefined = shape;
  while (typeof s === 'string') s = defs[s];
  if (s === undefined || s === 0) return;
  if ('i' in s) {
    if (Array.isArray(value)) {
      const items = s.i;
      value.forEach((v, i) => checkShape(v, items, defs, [...segments, i], out));
    }
    return;
  }
  if (!isPlainObject(value)) return; // wrong type: reported by the type layer
  for (const [k, v] of Object.entries(value)) {
    const next = [...segments, k];
    if (Object.prototype.hasOwnProperty.call(s.p, k)) checkShape(v, s.p[k] as Shape, defs, next, out);
    else if (s.a !== undefined) checkShape(v, s.a, defs, next, out);
    else out.push({ path: formatPath(next), message: 'unknown field' });
  }
}

// ---------------------------------------------------------------- types etc.

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** JSON pointer -> segments, using the object to tell array indexes from keys. */
function pointerSegments(root: unknown, pointer: string): (string | number)[] {
  if (pointer === '') return [];
  const segs: (string | number)[] = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(part)) {
      const i = Number(part);
      segs.push(i);
      cur = cur[i];
    } else {
      segs.push(part);
      cur = isPlainObject(cur) ? cur[part] : undefined;
    }
  }
  return segs;
}

function typeList(t: unknown): string {
  return (Array.isArray(t) ? t : [t]).filter((x) => x !== 'null').join(' or ');
}

function errorMessage(e: AjvError): string {
  const p = e.params;
  switch (e.keyword) {
    case 'type':
      return `must be ${typeList(p.type)}`;
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `must be ${String(p.allowedValue)}`;
    case 'format':
      return p.format === 'quantity'
        ? 'must be a quantity (e.g. 512Mi, 0.5, 1)'
        : `must be a valid ${String(p.format)}`;
    case 'pattern':
      return `must match pattern ${String(p.pattern)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}`;
    case 'minLength':
      return `must be at least ${String(p.limit)} characters long`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters long`;
    case 'minItems':
      return `must have at least ${String(p.limit)} items`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} items`;
    case 'minProperties':
      return `must have at least ${String(p.limit)} entries`;
    case 'maxProperties':
      return `must have at most ${String(p.limit)} entries`;
    case 'uniqueItems':
      return 'must not contain duplicate items';
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

/** Message for a oneOf/anyOf failure, built from the branch errors at the same path. */
function alternativesMessage(branch: AjvError[]): string {
  if (branch.some((e) => e.keyword === 'format' && e.params.format === 'quantity')) {
    return 'must be a quantity (e.g. 512Mi, 0.5, 1)';
  }
  const types = [...new Set(branch.filter((e) => e.keyword === 'type').flatMap((e) => typeList(e.params.type)))];
  if (types.length > 1) return `must be ${types.join(' or ')}`;
  const msgs = [...new Set(branch.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf').map(errorMessage))];
  return msgs.length ? msgs.join('; or ') : 'must match one of the allowed forms';
}

function typeProblems(obj: Record<string, unknown>, errors: readonly AjvError[]): StrictProblem[] {
  const byPath = new Map<string, AjvError[]>();
  for (const e of errors) {
    const list = byPath.get(e.instancePath) ?? [];
    list.push(e);
    byPath.set(e.instancePath, list);
  }
  const out: StrictProblem[] = [];
  for (const [pointer, list] of byPath) {
    const segs = pointerSegments(obj, pointer);
    if (list.some((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')) {
      out.push({ path: formatPath(segs), message: alternativesMessage(list) });
      continue;
    }
    for (const e of list) {
      if (e.keyword === 'required') {
        out.push({ path: formatPath([...segs, String(e.params.missingProperty)]), message: 'required field missing' });
      } else if (e.keyword === 'additionalProperties') {
        out.push({ path: formatPath([...segs, String(e.params.additionalProperty)]), message: 'unknown field' });
      } else {
        out.push({ path: formatPath(segs), message: errorMessage(e) });
      }
    }
  }
  return out;
}

function runTypeLayer(model: ModelClass, obj: Record<string, unknown>): StrictProblem[] {
  try {
    new model(obj as never).validate();
    return [];
  } catch (err) {
    const errors = (err as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw err;
    return typeProblems(obj, errors);
  }
}

// ---------------------------------------------------------------- entry point

/**
 * Validate one manifest object strictly. Returns [] when it is valid.
 * Unknown apiVersion/kind gives a single `no schema for <apiVersion> <kind>` problem.
 */
export function strictValidate(obj: unknown): StrictProblem[] {
  if (!isPlainObject(obj)) return [{ path: '', message: 'must be object' }];
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : asText(obj.apiVersion);
  const kind = typeof obj.kind === 'string' ? obj.kind : asText(obj.kind);
  const k = key(apiVersion, kind);
  const model = MODEL_BY_KIND.get(k);
  if (!model || !KNOWN.has(k)) return [{ path: '', message: `no schema for ${apiVersion} ${kind}` }];

  const problems = runTypeLayer(model, obj);
  const shape = loadShape(apiVersion, kind);
  checkShape(obj, shape.root, shape.defs, [], problems);

  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const id = `${p.path}\u0000${p.message}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
