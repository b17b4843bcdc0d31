/**
 * The schema rule: strictValidate for every kind it knows, plus what the API server checks beyond
 * the OpenAPI schemas (HTTPRoute CEL rules, no ephemeral containers in pod templates); the Barman
 * Cloud ObjectStore, which no npm package models, through the hand-written model in
 * src/model/object-store.ts.
 */
import { ObjectStore, type IObjectStore } from '../model/object-store.js';
import { httpRouteProblems } from './http-route.js';
import { isRecord, joinPath, kindOf, podTemplateOf, str, type K8sObject, type ObjectProblem } from './objects.js';
import { strictValidate } from './strict.js';

export function checkSchema(object: K8sObject): ObjectProblem[] {
  if (str(object.apiVersion) === 'barmancloud.cnpg.io/v1' && kindOf(object) === 'ObjectStore')
    return objectStoreProblems(object);
  const problems: ObjectProblem[] = strictValidate(object).map((p) => ({
    rule: 'schema',
    path: p.path,
    message: p.message,
  }));
  if (str(object.apiVersion) === 'gateway.networking.k8s.io/v1' && kindOf(object) === 'HTTPRoute')
    problems.push(...httpRouteProblems(object));
  const template = podTemplateOf(object);
  // Ephemeral containers exist only on running pods (kubectl debug): Kubernetes rejects them in a
  // pod template (kubernetes/kubernetes pkg/apis/core/validation/validation.go ValidatePodTemplateSpec).
  if (template?.spec.ephemeralContainers !== undefined)
    problems.push({
      rule: 'schema',
      path: joinPath(template.path, 'ephemeralContainers'),
      message: 'is not allowed in a pod template (ephemeral containers are added to running pods only)',
    });
  return problems;
}

const OBJECT_STORE_TOP = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
/** ObjectStoreSpec of github.com/cloudnative-pg/plugin-barman-cloud api/v1/objectstore_types.go. */
const OBJECT_STORE_SPEC = new Set(['configuration', 'retentionPolicy', 'instanceSidecarConfiguration']);
const BARMAN_IN_CLUSTER = 'spec.backup.barmanObjectStore';

/**
 * ObjectStore: closed top level and spec; metadata and spec.configuration checked strictly by
 * placing them in a CloudNativePG Cluster, whose spec.backup.barmanObjectStore is the same
 * BarmanObjectStoreConfiguration type (barman-cloud pkg/api), generated shape included; then the
 * model's own rules (destinationPath required, serverName forbidden, credentials, retention).
 * spec.instanceSidecarConfiguration is not closed: its fields grow with every plugin release.
 */
export function objectStoreProblems(object: K8sObject): ObjectProblem[] {
  const out: ObjectProblem[] = [];
  const schema = (path: string, message: string) => out.push({ rule: 'schema', path, message });
  for (const key of Object.keys(object)) if (!OBJECT_STORE_TOP.has(key)) schema(key, 'unknown field');
  if (!isRecord(object.metadata)) schema('metadata', 'required field missing');
  if (!isRecord(object.spec)) {
    schema('spec', 'required field missing');
    return out;
  }
  const spec = object.spec;
  for (const key of Object.keys(spec)) if (!OBJECT_STORE_SPEC.has(key)) schema(`spec.${key}`, 'unknown field');
  if (!isRecord(spec.configuration)) {
    schema('spec.configuration', 'required field missing');
    return out;
  }

  const proxy = {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: object.metadata,
    spec: { instances: 1, storage: { size: '1Gi' }, backup: { barmanObjectStore: spec.configuration } },
  };
  for (const p of strictValidate(proxy)) {
    if (
      p.path === BARMAN_IN_CLUSTER ||
      p.path.startsWith(`${BARMAN_IN_CLUSTER}.`) ||
      p.path.startsWith(`${BARMAN_IN_CLUSTER}[`)
    ) {
      schema(`spec.configuration${p.path.slice(BARMAN_IN_CLUSTER.length)}`, p.message);
    } else if (p.path.startsWith('metadata')) {
      schema(p.path, p.message);
    }
  }
  if (out.length > 0) return out;

  try {
    new ObjectStore({
      metadata: object.metadata as IObjectStore['metadata'],
      spec: spec as unknown as IObjectStore['spec'],
    }).validate();
  } catch (error) {
    // "ObjectStore <name>: spec.x is ..." → path spec.x, message "is ..."
    const message = (error as Error).message.replace(/^ObjectStore [^:]*: /, '');
    const m = /^((?:metadata|spec)(?:\.[A-Za-z0-9_]+)*) (.*)$/.exec(message);
    if (m) schema(m[1] ?? '', m[2] ?? message);
    else schema('spec', message);
  }
  return out;
}
