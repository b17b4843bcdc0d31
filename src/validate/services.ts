/**
 * Every Service an environment names must exist there (rule service-ref): the hosts of
 * connection strings and PGHOST in pod environment variables, Ingress and HTTPRoute backends and
 * KEDA trigger URLs, when they name a Service of the environment's own namespace (a bare name or
 * <name>.<namespace>.svc…). Services that exist are those rendered, plus the ones CloudNativePG
 * creates for a rendered Cluster: <cluster>-rw, -ro and -r (cloudnative-pg
 * docs/src/service_management.md). A store moved to an external server leaves nothing that
 * still points at its in-cluster Service.
 */
import { cnpgClusters } from './references.js';
import {
  asArray,
  containersOf,
  isRecord,
  joinPath,
  kindOf,
  nameOf,
  podTemplateOf,
  str,
  type K8sObject,
  type ObjectProblem,
} from './objects.js';

interface ServiceReference {
  service: string;
  path: string;
  /** What names it, for the message. */
  via: string;
}

/** scheme://[userinfo@]host[:port]… → host; undefined for anything else. */
function urlHost(value: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#[\]]+)/i.exec(value)?.[1];
}

/** A host that names a Service of this namespace → its name; other hosts (external, other namespaces) → undefined. */
function serviceOf(host: string, namespace: string | undefined): string | undefined {
  if (host.includes('$(') || host === 'localhost') return undefined;
  const labels = host.toLowerCase().split('.');
  if (labels.length === 1) return labels[0];
  const [name, ns, svc, ...rest] = labels;
  const clusterDomain = rest.length === 0 || rest.join('.') === 'cluster.local';
  if (ns === namespace && (svc === undefined || (svc === 'svc' && clusterDomain))) return name;
  return undefined;
}

function namespaceOf(object: K8sObject): string | undefined {
  return isRecord(object.metadata) ? str(object.metadata.namespace) : undefined;
}

function podReferences(object: K8sObject): ServiceReference[] {
  const template = podTemplateOf(object);
  if (!template) return [];
  const namespace = namespaceOf(object);
  const out: ServiceReference[] = [];
  for (const { path, container } of containersOf(template)) {
    asArray(container.env).forEach((env, i) => {
      if (!isRecord(env)) return;
      const name = str(env.name) ?? '?';
      const value = str(env.value);
      if (value === undefined) return;
      const host = name === 'PGHOST' ? value : urlHost(value);
      const service = host === undefined ? undefined : serviceOf(host, namespace);
      if (service) out.push({ service, path: joinPath(path, 'env', i, 'value'), via: name });
    });
  }
  return out;
}

function ingressReferences(object: K8sObject): ServiceReference[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  const out: ServiceReference[] = [];
  const backend = (value: unknown, path: string) => {
    if (!isRecord(value) || !isRecord(value.service)) return;
    const name = str(value.service.name);
    if (name) out.push({ service: name, path: joinPath(path, 'service', 'name'), via: 'the Ingress backend' });
  };
  backend(spec.defaultBackend, 'spec.defaultBackend');
  asArray(spec.rules).forEach((rule, i) => {
    if (!isRecord(rule) || !isRecord(rule.http)) return;
    asArray(rule.http.paths).forEach((p, j) => {
      if (isRecord(p)) backend(p.backend, joinPath('spec', 'rules', i, 'http', 'paths', j, 'backend'));
    });
  });
  return out;
}

/** HTTPRoute backendRefs of kind Service (the default) in the route's namespace. */
function routeReferences(object: K8sObject): ServiceReference[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  const out: ServiceReference[] = [];
  asArray(spec.rules).forEach((rule, i) => {
    if (!isRecord(rule)) return;
    asArray(rule.backendRefs).forEach((ref, j) => {
      if (!isRecord(ref) || (ref.kind ?? 'Service') !== 'Service' || (ref.group ?? '') !== '') return;
      if (ref.namespace !== undefined && ref.namespace !== namespaceOf(object)) return;
      const name = str(ref.name);
      if (name)
        out.push({ service: name, path: joinPath('spec', 'rules', i, 'backendRefs', j, 'name'), via: 'the route' });
    });
  });
  return out;
}

function triggerReferences(object: K8sObject): ServiceReference[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  const namespace = namespaceOf(object);
  const out: ServiceReference[] = [];
  asArray(spec.triggers).forEach((trigger, i) => {
    if (!isRecord(trigger) || !isRecord(trigger.metadata)) return;
    for (const [key, value] of Object.entries(trigger.metadata)) {
      const host = typeof value === 'string' ? urlHost(value) : undefined;
      const service = host === undefined ? undefined : serviceOf(host, namespace);
      if (service)
        out.push({ service, path: joinPath('spec', 'triggers', i, 'metadata', key), via: `the ${key} of the trigger` });
    }
  });
  return out;
}

function referencesOf(object: K8sObject): ServiceReference[] {
  const apiVersion = str(object.apiVersion) ?? '';
  const kind = kindOf(object);
  if (apiVersion.startsWith('networking.k8s.io/') && kind === 'Ingress') return ingressReferences(object);
  if (apiVersion.startsWith('gateway.networking.k8s.io/') && kind === 'HTTPRoute') return routeReferences(object);
  if (apiVersion.startsWith('keda.sh/') && kind === 'ScaledObject') return triggerReferences(object);
  return podReferences(object);
}

export function checkServiceReferences(objects: readonly K8sObject[]): { object: K8sObject; problem: ObjectProblem }[] {
  const services = new Set(objects.filter((o) => o.apiVersion === 'v1' && kindOf(o) === 'Service').map(nameOf));
  const created = cnpgClusters(objects).flatMap((cluster) => ['rw', 'ro', 'r'].map((s) => `${cluster}-${s}`));
  for (const name of created) services.add(name);
  const out: { object: K8sObject; problem: ObjectProblem }[] = [];
  for (const object of objects) {
    for (const reference of referencesOf(object)) {
      if (services.has(reference.service)) continue;
      out.push({
        object,
        problem: {
          rule: 'service-ref',
          path: reference.path,
          message: `service ${JSON.stringify(reference.service)} not found in this environment (named by ${reference.via})`,
        },
      });
    }
  }
  return out;
}
