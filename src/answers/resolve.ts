import type { ErrorObject } from 'ajv';
import { UserError } from '../core/errors.js';
import { answersSchema, type Answers, type Environment, type InngestSettings, type PartialAnswers } from './schema.js';
import { DEFAULT_CLUSTER, DEFAULT_INGRESS_CLASS, DEFAULT_REVISION, defaultProfile, profiles } from './profiles.js';
import { parseQuantity } from '../model/quantity.js';
import { validateAnswers } from './validator.js';
import { CONNECTION_HEADROOM, environmentSettings, maxInngestReplicas, requiredConnections } from './sizing.js';
import { checkInngestTag } from './image-pin.js';
import { asText } from '../core/records.js';

/**
 * Partial answers (config file merged with flags) → complete, checked Answers. Pure: no I/O.
 * Throws a UserError naming the first offending field.
 */
export function resolveAnswers(input: unknown): Answers {
  const data = structuredClone(input ?? {}) as Record<string, unknown>;
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError('config', 'must be an object', 'a JSON or YAML mapping of answers');
  }
  if (!validateAnswers(data)) throw toUserError(validateAnswers.errors ?? [], data);
  const partial = data as PartialAnswers &
    Pick<
      Answers,
      | 'name'
      | 'repoURL'
      | 'image'
      | 'inngest'
      | 'monitoring'
      | 'argocd'
      | 'platform'
      | 'network'
      | 'sealing'
      | 'ci'
      | 'renovate'
    >;
  const answers: Answers = {
    ...partial,
    environments: (partial.environments ?? []).map((env) => completeEnvironment(partial.name, env)),
  };
  for (const env of answers.environments) {
    env.postgres.maxConnections ??= defaultMaxConnections(answers, env);
  }
  checkCrossFieldRules(answers);
  return answers;
}

/** The answers a `--yes` run uses. */
export function defaultAnswers(): Answers {
  return resolveAnswers({});
}

function completeEnvironment(project: string, env: NonNullable<PartialAnswers['environments']>[number]): Environment {
  const name = env.name!;
  const profile = env.profile ?? defaultProfile(name);
  const sized = profiles[profile];
  return {
    name,
    profile,
    namespace: env.namespace ?? `${project}-${name}`,
    targetRevision: env.targetRevision ?? DEFAULT_REVISION,
    cluster: env.cluster ?? DEFAULT_CLUSTER,
    replicas: env.replicas ?? sized.replicas,
    resources: (env.resources as Environment['resources']) ?? sized.resources,
    hostname: env.hostname ?? '',
    ingressClassName: env.ingressClassName ?? DEFAULT_INGRESS_CLASS,
    postgres: { ...sized.postgres, ...(env.postgres as Partial<Environment['postgres']>) } as Environment['postgres'],
    valkey: { ...sized.valkey, ...(env.valkey as Partial<Environment['valkey']>) },
    keda: { ...sized.keda, ...(env.keda as Partial<Environment['keda']>) },
    inngest: { ...(env.inngest as Partial<InngestSettings>) },
    retention: { ...sized.retention, ...(env.retention as Partial<Environment['retention']>) },
    connectHostname: env.connectHostname ?? '',
    ...(env.image ? { image: { ...env.image } } : {}),
  };
}

function defaultMaxConnections(answers: Answers, env: Environment): number {
  return Math.max(100, Math.ceil(requiredConnections(answers, env) / 50) * 50);
}

function checkCrossFieldRules(answers: Answers): void {
  const { inngest } = answers;
  checkInngestTag('image.tag', answers.image.tag);
  answers.environments.forEach(
    (env, i) => env.image?.tag && checkInngestTag(`environments[${i}].image.tag`, env.image.tag),
  );
  if (inngest.postgresMaxIdleConns > inngest.postgresMaxOpenConns) {
    throw new UserError(
      'inngest.postgresMaxIdleConns',
      `${inngest.postgresMaxIdleConns} is above postgresMaxOpenConns (${inngest.postgresMaxOpenConns})`,
      'at most postgresMaxOpenConns',
    );
  }
  const names = answers.environments.map((e) => e.name);
  answers.renovate.automerge?.forEach((name, i) => {
    if (!names.includes(name))
      throw new UserError(
        `renovate.automerge[${i}]`,
        `"${name}" is not an environment`,
        `names of environments: ${names.join(', ')}`,
      );
  });
  const seenNames = new Set<string>();
  const seenNamespaces = new Map<string, string>();
  const seenBackupPaths = new Map<string, string>();
  answers.environments.forEach((env, i) => {
    const at = `environments[${i}]`;
    if (seenNames.has(env.name))
      throw new UserError(`${at}.name`, `"${env.name}" is used twice`, 'unique environment names');
    seenNames.add(env.name);
    const clusterNs = `${env.cluster} ${env.namespace}`;
    if (seenNamespaces.has(clusterNs)) {
      throw new UserError(
        `${at}.namespace`,
        `"${env.namespace}" is already used by environment ${seenNamespaces.get(clusterNs)} on the same cluster`,
        'one namespace per environment',
      );
    }
    seenNamespaces.set(clusterNs, env.name);
    if (env.postgres.backup) {
      // Every cluster is named inngest-postgres, so two environments in one folder would archive
      // WAL into the same server folder and the second would refuse to start archiving.
      const path = env.postgres.backup.destinationPath.replace(/\/+$/, '');
      const other = seenBackupPaths.get(path);
      if (other !== undefined) {
        throw new UserError(
          `${at}.postgres.backup.destinationPath`,
          `"${env.postgres.backup.destinationPath}" is already used by environment ${other}`,
          'a different bucket or folder per environment',
        );
      }
      seenBackupPaths.set(path, env.name);
    }
    checkKeda(`${at}.keda`, env.keda);
    if (env.connectHostname && !env.hostname) {
      // Workers start a Connect session with POST /v0/connect/start on the API host, then open the WebSocket.
      throw new UserError(
        `${at}.connectHostname`,
        'needs a public hostname for the API too: workers start Connect sessions there',
        `set ${at}.hostname, or leave connectHostname empty`,
      );
    }
    checkRequestsWithinLimits(`${at}.resources`, env.resources);
    checkRequestsWithinLimits(`${at}.postgres.resources`, env.postgres.resources);
    checkRequestsWithinLimits(`${at}.valkey.resources`, env.valkey.resources);
    checkSettingOverrides(answers, env, at);
    const needed = requiredConnections(answers, env);
    if (env.postgres.maxConnections < needed) {
      throw new UserError(
        `${at}.postgres.maxConnections`,
        `${env.postgres.maxConnections} cannot fit ${maxInngestReplicas(env)} Inngest replicas × ${environmentSettings(answers, env).postgresMaxOpenConns} inngest.postgresMaxOpenConns + ${CONNECTION_HEADROOM} headroom = ${needed}`,
        `at least ${needed}, or lower inngest.postgresMaxOpenConns or the replicas`,
      );
    }
    // Valkey forks to rewrite the AOF; keep maxmemory well under the container limit.
    const maxMemory = parseQuantity(env.valkey.maxMemory);
    const limit = parseQuantity(env.valkey.resources.limits.memory);
    if (maxMemory > limit * 0.8) {
      throw new UserError(
        `${at}.valkey.maxMemory`,
        `${env.valkey.maxMemory} leaves no room under the memory limit ${env.valkey.resources.limits.memory}`,
        'at most 80% of valkey.resources.limits.memory',
      );
    }
  });
}

/**
 * An overlay can change a ConfigMap key but never remove one (configMapGenerator behavior:
 * merge), so settings that are only rendered when set cannot be taken back per environment.
 */
function checkSettingOverrides(answers: Answers, env: Environment, at: string): void {
  const own = env.inngest;
  const effective = environmentSettings(answers, env);
  if (own.postgresMaxIdleConns !== undefined || own.postgresMaxOpenConns !== undefined) {
    if (effective.postgresMaxIdleConns > effective.postgresMaxOpenConns) {
      const field = own.postgresMaxIdleConns !== undefined ? 'postgresMaxIdleConns' : 'postgresMaxOpenConns';
      throw new UserError(
        `${at}.inngest.${field}`,
        `leaves postgresMaxIdleConns (${effective.postgresMaxIdleConns}) above postgresMaxOpenConns (${effective.postgresMaxOpenConns})`,
        'postgresMaxIdleConns at most postgresMaxOpenConns',
      );
    }
  }
  const unset: [keyof InngestSettings, boolean, string][] = [
    [
      'sdkUrls',
      own.sdkUrls !== undefined && own.sdkUrls.length === 0 && answers.inngest.sdkUrls.length > 0,
      'set sdkUrls per environment instead of in inngest.sdkUrls',
    ],
    [
      'retryInterval',
      own.retryInterval === 0 && answers.inngest.retryInterval > 0,
      'a retry interval of 1 or more, or set retryInterval per environment instead of in inngest.retryInterval',
    ],
    [
      'experimentalPromMetrics',
      own.experimentalPromMetrics === false && answers.inngest.experimentalPromMetrics,
      'set experimentalPromMetrics per environment instead of in inngest.experimentalPromMetrics',
    ],
  ];
  for (const [key, cannot, allowed] of unset) {
    if (cannot)
      throw new UserError(`${at}.inngest.${key}`, `cannot switch off inngest.${key} for one environment`, allowed);
  }
}

function checkKeda(at: string, keda: Environment['keda']): void {
  if (keda.maxReplicas < keda.minReplicas) {
    throw new UserError(
      `${at}.maxReplicas`,
      `${keda.maxReplicas} is below keda.minReplicas (${keda.minReplicas})`,
      `at least ${keda.minReplicas}`,
    );
  }
  if (keda.source === 'prometheus' && !keda.prometheusAddress) {
    throw new UserError(
      `${at}.prometheusAddress`,
      'is required when keda.source is prometheus',
      'the Prometheus server URL KEDA queries, such as http://prometheus-operated.monitoring.svc:9090',
    );
  }
  if (keda.prometheusAuth === 'bearer' && keda.source !== 'prometheus') {
    throw new UserError(
      `${at}.prometheusAuth`,
      `bearer only applies to keda.source prometheus, not ${keda.source}`,
      'none, or set keda.source to prometheus',
    );
  }
  if (keda.idleQueueDepth > 0 && keda.source === 'metrics-api') {
    throw new UserError(
      `${at}.idleQueueDepth`,
      'cannot be subtracted with keda.source metrics-api, which passes the raw value',
      '0, or set keda.source to sidecar or prometheus (a PromQL query subtracts it)',
    );
  }
  for (const [field, on] of [
    ['prometheusUnsafeSsl', keda.prometheusUnsafeSsl],
    ['prometheusCA', keda.prometheusCA],
  ] as const) {
    if (!on) continue;
    if (keda.source !== 'prometheus')
      throw new UserError(`${at}.${field}`, `only applies to keda.source prometheus, not ${keda.source}`, 'false');
    if (!keda.prometheusAddress.startsWith('https://'))
      throw new UserError(`${at}.${field}`, 'only applies to an https:// prometheusAddress', 'false');
  }
  // KEDA ignores unsafeSsl once a CA is set (authentication_helpers.go CreateHTTPRoundTripper
  // hardcodes it to false), and applies a CA only with an auth mode: `if !meta.PrometheusAuth.Disabled()`
  // around the CA in kedacore/keda pkg/scalers/prometheus_scaler.go.
  if (keda.prometheusCA && keda.prometheusUnsafeSsl) {
    throw new UserError(
      `${at}.prometheusUnsafeSsl`,
      'has no effect together with prometheusCA: KEDA then always verifies',
      'false when prometheusCA is true',
    );
  }
  if (keda.prometheusCA && keda.prometheusAuth !== 'bearer') {
    throw new UserError(
      `${at}.prometheusCA`,
      'needs prometheusAuth bearer: KEDA applies a CA only together with an authentication mode',
      'set prometheusAuth to bearer, or trust the CA operator-wide (KEDA chart certificates.operator.caDirs)',
    );
  }
}

function checkRequestsWithinLimits(field: string, resources: Environment['resources']): void {
  for (const kind of ['cpu', 'memory'] as const) {
    if (parseQuantity(resources.requests[kind]) > parseQuantity(resources.limits[kind])) {
      throw new UserError(
        `${field}.requests.${kind}`,
        `${resources.requests[kind]} is above the limit ${resources.limits[kind]}`,
        'a request no larger than its limit',
      );
    }
  }
}

/** ajv error → one line naming the field and what is allowed. */
function toUserError(errors: ErrorObject[], data: unknown): UserError {
  const found = errors[0]!;
  // The validator is compiled without ajv's `verbose` (it would copy the schema into the bundle
  // at every check): the failing schema node and value are looked up here instead.
  const error = { ...found, parentSchema: schemaNodeAt(found.schemaPath), data: valueAt(data, found.instancePath) };
  const path = fieldPath(error.instancePath);
  const allowed = (error.parentSchema as { 'x-allowed'?: string } | undefined)?.['x-allowed'];
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {}).join(', ');
      return new UserError(path ? `${path}.${key}` : key, 'unknown key', `known keys: ${known}`);
    }
    case 'required': {
      const key = (error.params as { missingProperty: string }).missingProperty;
      return new UserError(path ? `${path}.${key}` : key, 'is required');
    }
    case 'type':
      return new UserError(
        path || 'config',
        `must be ${(error.params as { type: string }).type}, got ${describe(error.data)}`,
        allowed,
      );
    case 'pattern':
    case 'enum':
    case 'minimum':
    case 'maximum':
    case 'maxLength':
    case 'minLength':
    case 'minItems':
    case 'maxItems':
    case 'uniqueItems':
      return new UserError(path || 'config', `${describe(error.data)} is not allowed`, allowed ?? error.message);
    default:
      return new UserError(path || 'config', error.message ?? 'is invalid', allowed);
  }
}

/** The schema object holding the failed keyword: "#/properties/image/properties/tag/pattern" → that tag schema. */
function schemaNodeAt(schemaPath: string): unknown {
  const parts = pointerParts(schemaPath.replace(/^#/, ''));
  parts.pop();
  return parts.reduce<unknown>(
    (node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
    answersSchema,
  );
}

function valueAt(data: unknown, instancePath: string): unknown {
  return pointerParts(instancePath).reduce<unknown>(
    (node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
    data,
  );
}

function pointerParts(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** "/environments/0/name" → "environments[0].name" */
function fieldPath(pointer: string): string {
  return pointerParts(pointer).reduce(
    (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
    '',
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return asText(value);
}
