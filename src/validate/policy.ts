/**
 * Policy rules of `validate`, one pure function per rule: a rendered object in, its problems out.
 * (References between objects need the whole environment: see references.ts.)
 */
import { SYNC_WAVE } from '../model/names.js';
import { scopeOf } from '../model/sealed-scope.js';
import { checkWaves } from './waves.js';
import {
  asArray,
  containersOf,
  formatPath,
  isRecord,
  joinPath,
  kindOf,
  podTemplateOf,
  str,
  type K8sObject,
  type ObjectProblem,
} from './objects.js';
import { secretLookingValues } from './secret-values.js';

const PSS = 'Pod Security Standard restricted';

/**
 * Pod Security Standard "restricted" (kubernetes.io/docs/concepts/security/pod-security-standards),
 * which includes "baseline": no host namespaces, hostPath or host ports, no privileged containers,
 * only the restricted volume types, non-root, RuntimeDefault/Localhost seccomp, no privilege
 * escalation, capabilities dropped to nothing but NET_BIND_SERVICE.
 */
export function checkPodSecurity(object: K8sObject): ObjectProblem[] {
  const template = podTemplateOf(object);
  if (!template) return [];
  const out: ObjectProblem[] = [];
  const problem = (path: string, message: string) =>
    out.push({ rule: 'pod-security', path, message: `${message} (${PSS})` });
  const spec = template.spec;

  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[field] === true) problem(joinPath(template.path, field), `${field} must not be true`);
  }

  const podSecurity = isRecord(spec.securityContext) ? spec.securityContext : {};
  const podPath = joinPath(template.path, 'securityContext');
  const podNonRoot = podSecurity.runAsNonRoot === true;
  const podSeccomp = seccompType(podSecurity);
  if (podSecurity.runAsUser === 0) problem(joinPath(podPath, 'runAsUser'), 'must not be 0 (root)');
  if (podSeccomp !== undefined && !ALLOWED_SECCOMP.has(podSeccomp)) {
    problem(joinPath(podPath, 'seccompProfile', 'type'), `is ${podSeccomp}; must be RuntimeDefault or Localhost`);
  }

  asArray(spec.volumes).forEach((volume, index) => {
    if (!isRecord(volume)) return;
    for (const type of Object.keys(volume)) {
      if (type === 'name' || ALLOWED_VOLUME_TYPES.has(type)) continue;
      problem(
        joinPath(template.path, 'volumes', index, type),
        `${type} volumes are not allowed (allowed: ${[...ALLOWED_VOLUME_TYPES].join(', ')})`,
      );
    }
  });

  for (const { path, container } of containersOf(template)) {
    const sc = isRecord(container.securityContext) ? container.securityContext : undefined;
    const scPath = joinPath(path, 'securityContext');
    if (!sc) {
      problem(scPath, 'required: allowPrivilegeEscalation false and capabilities.drop [ALL]');
      if (!podNonRoot) problem(joinPath(scPath, 'runAsNonRoot'), 'must be true, here or in the pod securityContext');
      if (podSeccomp === undefined)
        problem(
          joinPath(scPath, 'seccompProfile', 'type'),
          'must be RuntimeDefault or Localhost, here or in the pod securityContext',
        );
      continue;
    }
    if (sc.privileged === true) problem(joinPath(scPath, 'privileged'), 'privileged containers are not allowed');
    if (sc.allowPrivilegeEscalation !== false) problem(joinPath(scPath, 'allowPrivilegeEscalation'), 'must be false');
    if (sc.runAsNonRoot === false) problem(joinPath(scPath, 'runAsNonRoot'), 'must not be false');
    else if (sc.runAsNonRoot !== true && !podNonRoot)
      problem(joinPath(scPath, 'runAsNonRoot'), 'must be true, here or in the pod securityContext');
    if (sc.runAsUser === 0) problem(joinPath(scPath, 'runAsUser'), 'must not be 0 (root)');
    const seccomp = seccompType(sc);
    if (seccomp !== undefined && !ALLOWED_SECCOMP.has(seccomp)) {
      problem(joinPath(scPath, 'seccompProfile', 'type'), `is ${seccomp}; must be RuntimeDefault or Localhost`);
    } else if (seccomp === undefined && podSeccomp === undefined) {
      problem(
        joinPath(scPath, 'seccompProfile', 'type'),
        'must be RuntimeDefault or Localhost, here or in the pod securityContext',
      );
    }
    if (sc.procMount !== undefined && sc.procMount !== 'Default')
      problem(joinPath(scPath, 'procMount'), 'must be Default');
    const capabilities = isRecord(sc.capabilities) ? sc.capabilities : {};
    const drop = asArray(capabilities.drop).map(String);
    if (!drop.includes('ALL')) problem(joinPath(scPath, 'capabilities', 'drop'), 'must contain ALL');
    asArray(capabilities.add).forEach((cap, index) => {
      if (cap !== 'NET_BIND_SERVICE')
        problem(
          joinPath(scPath, 'capabilities', 'add', index),
          `adds ${String(cap)}; only NET_BIND_SERVICE may be added`,
        );
    });
    asArray(container.ports).forEach((port, index) => {
      if (isRecord(port) && typeof port.hostPort === 'number' && port.hostPort !== 0) {
        problem(joinPath(path, 'ports', index, 'hostPort'), 'host ports are not allowed');
      }
    });
  }
  return out;
}

const ALLOWED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);
/** Volume types the restricted profile allows. */
const ALLOWED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

function seccompType(securityContext: Record<string, unknown>): string | undefined {
  return isRecord(securityContext.seccompProfile) ? (str(securityContext.seccompProfile.type) ?? '(unset)') : undefined;
}

/** cpu and memory requests and a memory limit on every container, init containers too. */
export function checkResources(object: K8sObject): ObjectProblem[] {
  const template = podTemplateOf(object);
  if (!template) return [];
  const out: ObjectProblem[] = [];
  for (const { list, path, container } of containersOf(template)) {
    if (list === 'ephemeralContainers') continue; // the API forbids resources on them
    const resources = isRecord(container.resources) ? container.resources : {};
    const requests = isRecord(resources.requests) ? resources.requests : {};
    const limits = isRecord(resources.limits) ? resources.limits : {};
    for (const name of ['cpu', 'memory'] as const) {
      if (requests[name] === undefined) {
        out.push({
          rule: 'resources',
          path: joinPath(path, 'resources', 'requests', name),
          message: `required: every container needs ${name} requests`,
        });
      }
    }
    if (limits.memory === undefined) {
      out.push({
        rule: 'resources',
        path: joinPath(path, 'resources', 'limits', 'memory'),
        message: 'required: every container needs a memory limit',
      });
    }
  }
  return out;
}

/**
 * Long-running containers (not Job or CronJob pods; init containers only when they are sidecars,
 * restartPolicy Always) need a livenessProbe and a readinessProbe; a startupProbe only delays them.
 */
export function checkProbes(object: K8sObject): ObjectProblem[] {
  const template = podTemplateOf(object);
  if (!template || !template.longRunning) return [];
  const out: ObjectProblem[] = [];
  for (const { list, path, container } of containersOf(template)) {
    if (list === 'ephemeralContainers') continue;
    if (list === 'initContainers' && container.restartPolicy !== 'Always') continue;
    if (!isRecord(container.livenessProbe)) {
      out.push({
        rule: 'probes',
        path: joinPath(path, 'livenessProbe'),
        message: 'required on a long-running container',
      });
    }
    if (!isRecord(container.readinessProbe)) {
      out.push({
        rule: 'probes',
        path: joinPath(path, 'readinessProbe'),
        message: 'required on a long-running container, sidecars included (a startupProbe does not stand in for it)',
      });
    }
  }
  return out;
}

/** `name[:tag][@digest]` → its tag and digest. The tag is after the last ':' that follows the last '/'. */
export function imageReference(image: string): { tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const name = at === -1 ? image : image.slice(0, at);
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  return { ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Every container image is pinned: a digest, or a tag other than latest. */
export function checkImagesPinned(object: K8sObject): ObjectProblem[] {
  const template = podTemplateOf(object);
  if (!template) return [];
  const out: ObjectProblem[] = [];
  for (const { path, container } of containersOf(template)) {
    const image = str(container.image);
    if (image === undefined) continue; // a missing image is a schema problem
    const imagePath = joinPath(path, 'image');
    const { tag, digest } = imageReference(image);
    if (digest !== undefined) {
      if (!DIGEST.test(digest))
        out.push({
          rule: 'image-pinned',
          path: imagePath,
          message: `${image}: malformed digest (sha256: and 64 lowercase hex digits)`,
        });
      continue;
    }
    if (tag === undefined)
      out.push({
        rule: 'image-pinned',
        path: imagePath,
        message: `${image} has no tag (pin a release tag or a digest)`,
      });
    else if (tag === 'latest')
      out.push({
        rule: 'image-pinned',
        path: imagePath,
        message: `${image} uses the latest tag (pin a release tag or a digest)`,
      });
  }
  return out;
}

/** Secrets reach Git only sealed. */
function checkNoPlainSecret(object: K8sObject): ObjectProblem[] {
  if (object.apiVersion !== 'v1' || kindOf(object) !== 'Secret') return [];
  return [
    {
      rule: 'no-plain-secret',
      path: 'kind',
      message:
        'plain Secrets must not be committed (seal it: npx create-inngest-gitops seal, and commit the SealedSecret)',
    },
  ];
}

/** ConfigMap values that look like credentials (see secret-values.ts). */
function checkConfigMapValues(object: K8sObject): ObjectProblem[] {
  if (object.apiVersion !== 'v1' || kindOf(object) !== 'ConfigMap' || !isRecord(object.data)) return [];
  return secretLookingValues(object.data).map((finding) => ({
    rule: 'configmap-secret-values',
    path: formatPath(['data', finding.key]),
    message: `${finding.reason} (put it in a SealedSecret and reference it with secretKeyRef)`,
  }));
}

const WAVE_PATH = formatPath(['metadata', 'annotations', SYNC_WAVE]);

/** The sync wave of the wave table (checkWaves). Plain Secrets are reported by their own rule. */
function checkSyncWave(object: K8sObject): ObjectProblem[] {
  if (object.apiVersion === 'v1' && kindOf(object) === 'Secret') return [];
  return checkWaves([object]).map((p) => ({
    rule: 'sync-wave',
    path: p.problem.startsWith('no sync wave is defined') ? 'kind' : WAVE_PATH,
    message: p.problem,
  }));
}

/**
 * A SealedSecret decrypts only under the name, namespace and scope it was sealed for
 * (bitnami-labs/sealed-secrets pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go: `Unseal`
 * derives the label from the SealedSecret's own metadata and scope annotations). kubeseal
 * records all three in spec.template.metadata, so a difference there means the controller will
 * fail to decrypt it: typically a namespace changed in the overlay after the secret was sealed.
 */
function checkSealedSecret(object: K8sObject): ObjectProblem[] {
  if (typeof object.apiVersion !== 'string' || !object.apiVersion.startsWith('bitnami.com/')) return [];
  if (kindOf(object) !== 'SealedSecret') return [];
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const spec = isRecord(object.spec) ? object.spec : {};
  const template = isRecord(spec.template) && isRecord(spec.template.metadata) ? spec.template.metadata : undefined;
  if (!template) return [];
  const out: ObjectProblem[] = [];
  const again = 'seal it again for this name and namespace: create-inngest-gitops secrets --rotate';
  for (const field of ['name', 'namespace'] as const) {
    const sealedFor = str(template[field]);
    const actual = str(metadata[field]);
    if (sealedFor === undefined || actual === undefined || sealedFor === actual) continue;
    out.push({
      rule: 'sealed-secret-scope',
      path: formatPath(['metadata', field]),
      message: `is ${JSON.stringify(actual)} but it was sealed for ${field} ${JSON.stringify(sealedFor)} (spec.template.metadata.${field}): the controller cannot decrypt it (${again})`,
    });
  }
  const scope = scopeOf(metadata.annotations);
  const sealedScope = scopeOf(template.annotations);
  if (scope !== sealedScope)
    out.push({
      rule: 'sealed-secret-scope',
      path: formatPath(['metadata', 'annotations']),
      message: `say scope ${scope} but it was sealed ${sealedScope} (spec.template.metadata.annotations): the controller decrypts with the scope on metadata and will fail (make both say the scope it was sealed with)`,
    });
  return out;
}

/** Every per-object policy rule, in report order. */
export const OBJECT_RULES: readonly ((object: K8sObject) => ObjectProblem[])[] = [
  checkNoPlainSecret,
  checkPodSecurity,
  checkResources,
  checkProbes,
  checkImagesPinned,
  checkConfigMapValues,
  checkSealedSecret,
  checkSyncWave,
];
