/**
 * Every Secret and ConfigMap reference of an environment must resolve to an object rendered in
 * that same environment: a SealedSecret (by spec.template.metadata.name, else metadata.name; its
 * keys are encryptedData plus spec.template.data) or a ConfigMap (data plus binaryData keys).
 * Secrets created at run time by an operator are allowed only by RUNTIME_SECRETS below.
 */
import { providedSecrets, secrets, providedVariable } from '../model/names.js';
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

interface Reference {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  /** undefined: the whole object is used (envFrom, a volume without items). */
  key?: string;
  /** Path of the reference inside the referring object. */
  path: string;
  optional: boolean;
}

/**
 * Secrets that CloudNativePG creates for each Cluster rendered in the environment
 * (cloudnative-pg docs/src/certificates.md: `<cluster>-ca` holds the CA as ca.crt/ca.key,
 * `<cluster>-server` and `<cluster>-replication` are TLS secrets). `<cluster>-app` and
 * `<cluster>-superuser` are deliberately absent: the generated Cluster bootstraps from the sealed
 * inngest-postgres-role Secret and disables superuser access, so CNPG does not create them and a
 * reference to them would dangle in the cluster too. An environment on an external PostgreSQL
 * renders no Cluster, so nothing may refer to these there.
 */
export function runtimeSecrets(objects: readonly K8sObject[]): { name: string; keys: string[]; createdBy: string }[] {
  return cnpgClusters(objects).flatMap((cluster) => [
    { name: `${cluster}-ca`, keys: ['ca.crt', 'ca.key'], createdBy: `CloudNativePG (Cluster ${cluster})` },
    { name: `${cluster}-server`, keys: ['tls.crt', 'tls.key'], createdBy: `CloudNativePG (Cluster ${cluster})` },
    { name: `${cluster}-replication`, keys: ['tls.crt', 'tls.key'], createdBy: `CloudNativePG (Cluster ${cluster})` },
  ]);
}

/** Names of the CloudNativePG Clusters among the objects. */
export function cnpgClusters(objects: readonly K8sObject[]): string[] {
  return objects
    .filter((o) => (str(o.apiVersion) ?? '').startsWith('postgresql.cnpg.io/') && kindOf(o) === 'Cluster')
    .map(nameOf);
}

/** Names of the Secrets the scaffolder generates values for (sealed by the secrets command). */
const GENERATED_SECRETS: ReadonlySet<string> = new Set(Object.values(secrets).map((s) => s.name));

/** Keys CloudNativePG reads from a role or initdb secret (type kubernetes.io/basic-auth). */
const BASIC_AUTH_KEYS = ['username', 'password'];

function ref(
  kind: Reference['kind'],
  value: Record<string, unknown>,
  nameField: string,
  path: string,
  key?: string,
): Reference[] {
  const name = str(value[nameField]);
  if (name === undefined) return [];
  return [{ kind, name, ...(key !== undefined ? { key } : {}), path, optional: value.optional === true }];
}

function keyRef(kind: Reference['kind'], value: unknown, path: string): Reference[] {
  if (!isRecord(value)) return [];
  const key = str(value.key);
  return ref(kind, value, 'name', path, key);
}

/** References in a pod template: env, envFrom, volumes (projected too) and imagePullSecrets. */
function podReferences(object: K8sObject): Reference[] {
  const template = podTemplateOf(object);
  if (!template) return [];
  const out: Reference[] = [];
  for (const { path, container } of containersOf(template)) {
    asArray(container.env).forEach((env, i) => {
      if (!isRecord(env) || !isRecord(env.valueFrom)) return;
      const base = joinPath(path, 'env', i, 'valueFrom');
      out.push(...keyRef('Secret', env.valueFrom.secretKeyRef, joinPath(base, 'secretKeyRef')));
      out.push(...keyRef('ConfigMap', env.valueFrom.configMapKeyRef, joinPath(base, 'configMapKeyRef')));
    });
    asArray(container.envFrom).forEach((source, i) => {
      if (!isRecord(source)) return;
      if (isRecord(source.secretRef))
        out.push(...ref('Secret', source.secretRef, 'name', joinPath(path, 'envFrom', i, 'secretRef')));
      if (isRecord(source.configMapRef))
        out.push(...ref('ConfigMap', source.configMapRef, 'name', joinPath(path, 'envFrom', i, 'configMapRef')));
    });
  }
  const itemRefs = (
    kind: Reference['kind'],
    value: Record<string, unknown>,
    nameField: string,
    path: string,
  ): Reference[] => {
    const items = asArray(value.items).filter(isRecord);
    if (items.length === 0) return ref(kind, value, nameField, path);
    return items.flatMap((item, j) => ref(kind, value, nameField, joinPath(path, 'items', j), str(item.key)));
  };
  asArray(template.spec.volumes).forEach((volume, i) => {
    if (!isRecord(volume)) return;
    const base = joinPath(template.path, 'volumes', i);
    if (isRecord(volume.secret)) out.push(...itemRefs('Secret', volume.secret, 'secretName', joinPath(base, 'secret')));
    if (isRecord(volume.configMap))
      out.push(...itemRefs('ConfigMap', volume.configMap, 'name', joinPath(base, 'configMap')));
    if (isRecord(volume.projected)) {
      asArray(volume.projected.sources).forEach((source, j) => {
        if (!isRecord(source)) return;
        const sourcePath = joinPath(base, 'projected', 'sources', j);
        if (isRecord(source.secret))
          out.push(...itemRefs('Secret', source.secret, 'name', joinPath(sourcePath, 'secret')));
        if (isRecord(source.configMap))
          out.push(...itemRefs('ConfigMap', source.configMap, 'name', joinPath(sourcePath, 'configMap')));
      });
    }
  });
  asArray(template.spec.imagePullSecrets).forEach((secret, i) => {
    if (isRecord(secret)) out.push(...ref('Secret', secret, 'name', joinPath(template.path, 'imagePullSecrets', i)));
  });
  return out;
}

/** CloudNativePG Cluster: bootstrap secrets, managed role passwords, superuser secret, in-tree backup credentials. */
function clusterReferences(object: K8sObject): Reference[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  const out: Reference[] = [];
  const bootstrap = isRecord(spec.bootstrap) ? spec.bootstrap : {};
  for (const [method, value] of Object.entries(bootstrap)) {
    if (isRecord(value) && isRecord(value.secret)) {
      const path = joinPath('spec', 'bootstrap', method, 'secret');
      for (const key of BASIC_AUTH_KEYS) out.push(...ref('Secret', value.secret, 'name', path, key));
    }
  }
  const managed = isRecord(spec.managed) ? spec.managed : {};
  asArray(managed.roles).forEach((role, i) => {
    if (!isRecord(role) || !isRecord(role.passwordSecret)) return;
    const path = joinPath('spec', 'managed', 'roles', i, 'passwordSecret');
    for (const key of BASIC_AUTH_KEYS) out.push(...ref('Secret', role.passwordSecret, 'name', path, key));
  });
  if (isRecord(spec.superuserSecret)) {
    for (const key of BASIC_AUTH_KEYS)
      out.push(...ref('Secret', spec.superuserSecret, 'name', 'spec.superuserSecret', key));
  }
  const backup = isRecord(spec.backup) ? spec.backup : {};
  if (isRecord(backup.barmanObjectStore))
    out.push(...credentialReferences(backup.barmanObjectStore, 'spec.backup.barmanObjectStore'));
  return out;
}

/** s3/azure/google credentials and endpointCA of a Barman object store configuration. */
function credentialReferences(configuration: Record<string, unknown>, base: string): Reference[] {
  const out: Reference[] = [];
  for (const block of ['s3Credentials', 'azureCredentials', 'googleCredentials'] as const) {
    const credentials = configuration[block];
    if (!isRecord(credentials)) continue;
    for (const [field, value] of Object.entries(credentials)) {
      if (isRecord(value) && typeof value.name === 'string')
        out.push(...keyRef('Secret', value, joinPath(base, block, field)));
    }
  }
  if (isRecord(configuration.endpointCA))
    out.push(...keyRef('Secret', configuration.endpointCA, joinPath(base, 'endpointCA')));
  return out;
}

/** KEDA TriggerAuthentication / ClusterTriggerAuthentication: secretTargetRef and configMapTargetRef. */
function triggerAuthenticationReferences(object: K8sObject): Reference[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  const out: Reference[] = [];
  asArray(spec.secretTargetRef).forEach((target, i) =>
    out.push(...keyRef('Secret', target, joinPath('spec', 'secretTargetRef', i))),
  );
  asArray(spec.configMapTargetRef).forEach((target, i) =>
    out.push(...keyRef('ConfigMap', target, joinPath('spec', 'configMapTargetRef', i))),
  );
  return out;
}

/** Every Secret/ConfigMap reference of one object. */
function referencesOf(object: K8sObject): Reference[] {
  const apiVersion = str(object.apiVersion) ?? '';
  const kind = kindOf(object);
  if (apiVersion.startsWith('postgresql.cnpg.io/') && kind === 'Cluster') return clusterReferences(object);
  if (
    apiVersion.startsWith('keda.sh/') &&
    (kind === 'TriggerAuthentication' || kind === 'ClusterTriggerAuthentication')
  ) {
    return triggerAuthenticationReferences(object);
  }
  if (apiVersion.startsWith('barmancloud.cnpg.io/') && kind === 'ObjectStore') {
    const spec = isRecord(object.spec) ? object.spec : {};
    return isRecord(spec.configuration) ? credentialReferences(spec.configuration, 'spec.configuration') : [];
  }
  return podReferences(object);
}

/** What an environment provides: secret and config map names, each with its keys. */
interface Provided {
  secrets: Map<string, Set<string>>;
  configMaps: Map<string, Set<string>>;
  sealedSecretCount: number;
}

function providedBy(objects: readonly K8sObject[]): Provided {
  const provided: Provided = { secrets: new Map(), configMaps: new Map(), sealedSecretCount: 0 };
  const add = (map: Map<string, Set<string>>, name: string, keys: Iterable<string>) => {
    const set = map.get(name) ?? new Set<string>();
    for (const key of keys) set.add(key);
    map.set(name, set);
  };
  for (const object of objects) {
    const apiVersion = str(object.apiVersion) ?? '';
    const kind = kindOf(object);
    if (apiVersion.startsWith('bitnami.com/') && kind === 'SealedSecret') {
      provided.sealedSecretCount++;
      const spec = isRecord(object.spec) ? object.spec : {};
      const template = isRecord(spec.template) ? spec.template : {};
      const templateMeta = isRecord(template.metadata) ? template.metadata : {};
      const name = str(templateMeta.name) ?? nameOf(object);
      add(provided.secrets, name, [
        ...Object.keys(isRecord(spec.encryptedData) ? spec.encryptedData : {}),
        ...Object.keys(isRecord(template.data) ? template.data : {}),
      ]);
    } else if (apiVersion === 'v1' && kind === 'Secret') {
      // Reported by no-plain-secret; counted here so one defect gives one problem.
      add(provided.secrets, nameOf(object), [
        ...Object.keys(isRecord(object.data) ? object.data : {}),
        ...Object.keys(isRecord(object.stringData) ? object.stringData : {}),
      ]);
    } else if (apiVersion === 'v1' && kind === 'ConfigMap') {
      add(provided.configMaps, nameOf(object), [
        ...Object.keys(isRecord(object.data) ? object.data : {}),
        ...Object.keys(isRecord(object.binaryData) ? object.binaryData : {}),
      ]);
    }
  }
  for (const runtime of runtimeSecrets(objects)) add(provided.secrets, runtime.name, runtime.keys);
  return provided;
}

/**
 * How to create a missing Secret with the `secrets` command, as the user runs it from where they
 * are (`npx create-inngest-gitops@<version> secrets <dir>`).
 */
function hint(
  name: string,
  env: string,
  noneSealed: boolean,
  secretsCommand: string,
  objects: readonly K8sObject[],
): string {
  if (GENERATED_SECRETS.has(name)) {
    const command = `${secretsCommand} --env ${env} --cert <certificate.pem>`;
    return noneSealed ? ` (no SealedSecrets in this environment yet: run ${command})` : ` (seal it: ${command})`;
  }
  const provided = Object.values(providedSecrets).find((s) => s.name === name);
  if (provided) {
    const variables = Object.values(provided.keys)
      .map((key) => providedVariable(env, key))
      .join(', ');
    return ` (you provide this one: export ${variables}, then run ${secretsCommand} --env ${env} --secret ${name} --cert <certificate.pem>)`;
  }
  const runtime = runtimeSecrets(objects).map((s) => s.name);
  return runtime.length > 0
    ? ` (a SealedSecret under secrets/${env}/, or a Secret CloudNativePG creates: ${runtime.join(', ')})`
    : ` (a SealedSecret under secrets/${env}/; this environment has no CloudNativePG cluster to create one)`;
}

/** The `secrets` command in hints when the caller does not say how the user runs it. */
const DEFAULT_SECRETS_COMMAND = 'create-inngest-gitops secrets';

/** Dangling references of every object of one environment (rules secret-ref and configmap-ref). */
export function checkReferences(
  objects: readonly K8sObject[],
  env: string,
  secretsCommand = DEFAULT_SECRETS_COMMAND,
): { object: K8sObject; problem: ObjectProblem }[] {
  const provided = providedBy(objects);
  const out: { object: K8sObject; problem: ObjectProblem }[] = [];
  for (const object of objects) {
    const seen = new Set<string>();
    for (const reference of referencesOf(object)) {
      if (reference.optional) continue;
      // A missing basic-auth secret is one problem, not one per key.
      const id = `${reference.path}\u0000${reference.kind}\u0000${reference.name}\u0000${reference.key ?? ''}`;
      const missingId = `${reference.path}\u0000${reference.kind}\u0000${reference.name}`;
      if (seen.has(id) || seen.has(missingId)) continue;
      seen.add(id);
      const isSecret = reference.kind === 'Secret';
      const rule = isSecret ? 'secret-ref' : 'configmap-ref';
      const keys = (isSecret ? provided.secrets : provided.configMaps).get(reference.name);
      if (!keys) {
        seen.add(missingId);
        const why = isSecret
          ? hint(reference.name, env, provided.sealedSecretCount === 0, secretsCommand, objects)
          : ` (no ConfigMap of that name)`;
        out.push({
          object,
          problem: {
            rule,
            path: reference.path,
            message: `${reference.kind.toLowerCase()} ${JSON.stringify(reference.name)} not found in this environment${why}`,
          },
        });
      } else if (reference.key !== undefined && !keys.has(reference.key)) {
        out.push({
          object,
          problem: {
            rule,
            path: reference.path,
            message: `${reference.kind.toLowerCase()} ${JSON.stringify(reference.name)} has no key ${JSON.stringify(reference.key)} (keys: ${[...keys].sort().join(', ') || 'none'})`,
          },
        });
      }
    }
  }
  return out;
}
