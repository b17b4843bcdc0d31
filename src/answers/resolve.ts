import type { ErrorObject } from 'ajv';
import { UserError } from '../core/errors.js';
import { answersSchema, type Answers, type Environment, type InngestSettings, type PartialAnswers } from './schema.js';
import {
  DEFAULT_CLUSTER,
  DEFAULT_INGRESS_CONTROLLER_NAMESPACE,
  DEFAULT_REVISION,
  defaultProfile,
  profiles,
} from './profiles.js';
import { cidrProblem, containsAddress, parseAddress, parseCidr } from './cidr.js';
import { parseQuantity } from '../model/quantity.js';
import { validateAnswers } from './validator.js';
import { CONNECTION_HEADROOM, environmentSettings, maxInngestReplicas, requiredConnections } from './sizing.js';
import { checkInngestTag } from './image-pin.js';
import { asText, isRecord } from '../core/records.js';
import { redactUrl } from '../core/url.js';
import { clusterKey } from '../model/argocd-names.js';
import { checks, type CheckName } from './checks.js';
import { checkDerivedNames } from './derived-names.js';

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
  const checked = valueCheckError(answersSchema, data, '');
  if (checked) throw checked;
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
  (partial.environments ?? []).forEach((env, i) => checkExposure(`environments[${i}]`, env));
  const answers: Answers = {
    ...partial,
    environments: (partial.environments ?? []).map((env) => completeEnvironment(partial.name, env)),
  };
  answers.environments.forEach((env, i) => {
    env.postgres.maxConnections ??= derivedMaxConnections(answers, env, `environments[${i}]`);
  });
  checkCrossFieldRules(answers);
  checkDerivedNames(answers);
  checkComplete(answers);
  return answers;
}

/**
 * The answers a repository records must pass the schema themselves, or every later run would stop
 * on a field the user never set. Derived values are checked where they are derived (above); this
 * is the guard behind that.
 */
function checkComplete(answers: Answers): void {
  const copy = structuredClone(answers);
  if (validateAnswers(copy)) return;
  const error = toUserError(validateAnswers.errors ?? [], copy);
  throw new UserError(error.field, `${error.problem}, as derived from the other answers`, error.allowed);
}

/**
 * Recorded answers for a re-run, without the values resolve derived from the others while they
 * still equal what those answers derive (postgres.maxConnections): a re-run that changes
 * postgresMaxOpenConns or the replicas derives them again instead of failing on a number the
 * user never set.
 */
export function withoutDerivedValues(recorded: unknown): PartialAnswers {
  const out = structuredClone(recorded ?? {}) as Record<string, unknown>;
  if (!isRecord(out) || !Array.isArray(out.environments)) return out;
  const global = isRecord(out.inngest) ? out.inngest : {};
  for (const env of out.environments) {
    if (!isRecord(env) || !isRecord(env.postgres) || !isRecord(env.keda)) continue;
    const own = isRecord(env.inngest) ? env.inngest : {};
    const replicas = env.keda.enabled === true ? env.keda.maxReplicas : env.replicas;
    const open = own.postgresMaxOpenConns ?? global.postgresMaxOpenConns;
    if (typeof replicas !== 'number' || typeof open !== 'number') continue;
    if (env.postgres.maxConnections === roundedConnections(replicas * open + CONNECTION_HEADROOM))
      delete env.postgres.maxConnections;
  }
  return out;
}

/** The answers a `--yes` run uses. */
export function defaultAnswers(): Answers {
  return resolveAnswers({});
}

type PartialEnvironment = NonNullable<PartialAnswers['environments']>[number] & { ingressClassName?: string };

/** One exposure per environment, and only with a public hostname to expose. */
function checkExposure(at: string, env: PartialEnvironment): void {
  if (env.gateway && env.ingress)
    throw new UserError(
      `${at}.gateway`,
      'is set together with ingress',
      'one exposure per environment: gateway or ingress',
    );
  for (const key of ['gateway', 'ingress'] as const) {
    if (env[key] && !env.hostname)
      throw new UserError(
        `${at}.${key}`,
        `is set, but the environment has no hostname for ${key === 'gateway' ? 'HTTPRoutes' : 'Ingresses'} to route`,
        `set ${at}.hostname, or leave ${key} out`,
      );
  }
  if (env.ingressClassName && (env.gateway || env.ingress))
    throw new UserError(
      `${at}.ingressClassName`,
      `is the old place of ingress.className and cannot be combined with ${env.gateway ? 'gateway' : 'ingress'}`,
      `remove ${at}.ingressClassName${env.gateway ? '' : ' and set ingress.className'}`,
    );
}

/**
 * Ingress is the exposure of an environment with a hostname unless it names a Gateway.
 * Repositories generated by 0.2 and earlier recorded the class as ingressClassName (default
 * nginx): a recorded class is kept, so they re-render with the class they were generated with.
 */
function exposure(env: PartialEnvironment): Pick<Environment, 'ingress' | 'gateway'> {
  if (env.gateway) return { gateway: { ...(env.gateway as Environment['gateway'] & object) } };
  if (!env.hostname) return {};
  const own = env.ingress ?? {};
  return {
    ingress: {
      className: own.className ?? env.ingressClassName ?? '',
      ...(own.certManager ? { certManager: { ...own.certManager } as NonNullable<typeof own.certManager> } : {}),
      controllerNamespace: own.controllerNamespace ?? DEFAULT_INGRESS_CONTROLLER_NAMESPACE,
    } as Environment['ingress'],
  };
}

/** An external server's defaults under what the answers give (schema.ts externalServer). */
function externalDefaults(given: object | undefined, defaults: object): { external?: object } {
  return given ? { external: { ...defaults, ...given } } : {};
}

function completeEnvironment(project: string, env: PartialEnvironment): Environment {
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
    ...exposure(env),
    appNamespaces: [...(env.appNamespaces ?? [])],
    postgres: {
      mode: 'cloudnative-pg',
      ...sized.postgres,
      deletionProtection: true,
      ...(env.postgres as Partial<Environment['postgres']>),
      ...externalDefaults(env.postgres?.external, { port: 5432 }),
    } as Environment['postgres'],
    valkey: {
      mode: 'statefulset',
      ...sized.valkey,
      ...(env.valkey as Partial<Environment['valkey']>),
      ...externalDefaults(env.valkey?.external, { port: 6379, tls: true }),
    } as Environment['valkey'],
    keda: { ...sized.keda, ...(env.keda as Partial<Environment['keda']>) },
    inngest: { ...(env.inngest as Partial<InngestSettings>) },
    retention: { ...sized.retention, ...(env.retention as Partial<Environment['retention']>) },
    connectHostname: env.connectHostname ?? '',
    connectSourceRanges: [...(env.connectSourceRanges ?? [])],
    ...(env.image ? { image: { ...env.image } } : {}),
  };
}

/** max_connections to fit `needed`: a round number, never below PostgreSQL's own default of 100. */
function roundedConnections(needed: number): number {
  return Math.max(100, Math.ceil(needed / 50) * 50);
}

const MAX_CONNECTIONS =
  answersSchema.properties.environments.items.properties.postgres.properties.maxConnections.maximum;

/**
 * max_connections when the answers leave it out: every Inngest pod's pool plus headroom. Too
 * many for PostgreSQL is an error on the answer the user set (the pool size), not on this value.
 */
function derivedMaxConnections(answers: Answers, env: Environment, at: string): number {
  const needed = requiredConnections(answers, env);
  const derived = roundedConnections(needed);
  if (derived <= MAX_CONNECTIONS) return derived;
  const replicas = maxInngestReplicas(env);
  const open = environmentSettings(answers, env).postgresMaxOpenConns;
  const field =
    env.inngest.postgresMaxOpenConns !== undefined
      ? `${at}.inngest.postgresMaxOpenConns`
      : 'inngest.postgresMaxOpenConns';
  const replicasField = env.keda.enabled ? `${at}.keda.maxReplicas` : `${at}.replicas`;
  throw new UserError(
    field,
    `${open} connections per Inngest pod × ${replicas} pods of ${env.name} + ${CONNECTION_HEADROOM} headroom need max_connections ${needed}, above the ${MAX_CONNECTIONS} PostgreSQL is given here`,
    `at most ${Math.floor((MAX_CONNECTIONS - CONNECTION_HEADROOM) / replicas)} with ${replicas} pods, or fewer pods (${replicasField})`,
  );
}

function checkCrossFieldRules(answers: Answers): void {
  const { inngest } = answers;
  if (answers.sealing.method === 'new-key' && !answers.sealing.keyFolder) {
    throw new UserError(
      'sealing.keyFolder',
      'is required when sealing.method is new-key',
      'a folder outside the repository',
    );
  }
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
    const clusterNs = `${clusterKey(env.cluster)} ${env.namespace}`;
    if (seenNamespaces.has(clusterNs)) {
      throw new UserError(
        `${at}.namespace`,
        `"${env.namespace}" is already used by environment ${seenNamespaces.get(clusterNs)} on the same cluster`,
        'one namespace per environment',
      );
    }
    seenNamespaces.set(clusterNs, env.name);
    checkExternalStores(env, at);
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
    checkConnectSourceRanges(at, env);
    checkRequestsWithinLimits(`${at}.resources`, env.resources);
    checkSettingOverrides(answers, env, at);
    // The in-cluster sizes of a store an environment takes from elsewhere are kept but unused.
    if (env.postgres.mode === 'cloudnative-pg') checkCloudNativePgSizes(answers, env, at);
    if (env.valkey.mode === 'statefulset') checkValkeySizes(env, at);
  });
}

function checkCloudNativePgSizes(answers: Answers, env: Environment, at: string): void {
  checkRequestsWithinLimits(`${at}.postgres.resources`, env.postgres.resources);
  const needed = requiredConnections(answers, env);
  if (env.postgres.maxConnections < needed) {
    throw new UserError(
      `${at}.postgres.maxConnections`,
      `${env.postgres.maxConnections} cannot fit ${maxInngestReplicas(env)} Inngest replicas × ${environmentSettings(answers, env).postgresMaxOpenConns} inngest.postgresMaxOpenConns + ${CONNECTION_HEADROOM} headroom = ${needed}`,
      `at least ${needed}, or lower inngest.postgresMaxOpenConns or the replicas`,
    );
  }
}

function checkValkeySizes(env: Environment, at: string): void {
  checkRequestsWithinLimits(`${at}.valkey.resources`, env.valkey.resources);
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
}

/**
 * postgres.external / valkey.external go with mode external and only with it; an external
 * PostgreSQL is backed up by its provider, not by CloudNativePG.
 */
function checkExternalStores(env: Environment, at: string): void {
  const stores = [
    { field: `${at}.postgres`, mode: env.postgres.mode, external: env.postgres.external },
    { field: `${at}.valkey`, mode: env.valkey.mode, external: env.valkey.external },
  ];
  for (const { field, mode, external } of stores) {
    if (mode === 'external' && !external) {
      throw new UserError(
        `${field}.external.host`,
        `is required when ${field}.mode is external`,
        `${field}.external with the server's host and egressCIDRs`,
      );
    }
    if (mode !== 'external' && external) {
      throw new UserError(
        `${field}.external`,
        `only applies when ${field}.mode is external, not ${mode}`,
        `set ${field}.mode to external, or remove ${field}.external`,
      );
    }
    if (external) checkExternalServer(`${field}.external`, external);
  }
  if (env.postgres.external && 'tls' in env.postgres.external) {
    throw new UserError(
      `${at}.postgres.external.tls`,
      'only applies to valkey.external',
      'remove it: a PostgreSQL connection string sets TLS with sslmode',
    );
  }
  if (env.postgres.mode === 'external' && env.postgres.backup) {
    throw new UserError(
      `${at}.postgres.backup`,
      'backs up a CloudNativePG cluster: an external PostgreSQL server is backed up by its provider',
      `remove ${at}.postgres.backup, or set ${at}.postgres.mode to cloudnative-pg`,
    );
  }
}

/** The schema checked the shapes; here the addresses: real IPs, network addresses, the host inside a network. */
function checkExternalServer(field: string, server: { host: string; egressCIDRs: string[] }): void {
  const networks = server.egressCIDRs.map((cidr, i) => {
    const problem = cidrProblem(cidr);
    if (problem) throw new UserError(`${field}.egressCIDRs[${i}]`, `"${cidr}" ${problem}`, CIDR_ALLOWED);
    return parseCidr(cidr)!;
  });
  const looksLikeIp = /^[0-9.]+$/.test(server.host) || server.host.includes(':');
  if (!looksLikeIp) return;
  const address = parseAddress(server.host);
  if (!address)
    throw new UserError(
      `${field}.host`,
      `${JSON.stringify(server.host)} is not an IP address`,
      'a DNS name or an IP address',
    );
  if (!networks.some((network) => containsAddress(network, address))) {
    throw new UserError(
      `${field}.egressCIDRs`,
      `none of the networks contains the host ${server.host}`,
      'add a network that contains the server, such as its /32 or /128',
    );
  }
}

const CIDR_ALLOWED = 'a CIDR with the host bits zero, such as 10.20.0.0/16, 10.20.30.40/32 or 2001:db8::/64';

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

/**
 * The Connect gateway accepts any worker whose token is signed with a key published in Inngest's
 * source (github.com/inngest/inngest pkg/consts/devserver.go DevServerConnectJwtSecret, used by
 * pkg/devserver/devserver.go for the gateway's auth handler): who may reach the host is the only
 * guard, so a Connect host needs the ranges written out, "anyone" included.
 */
function checkConnectSourceRanges(at: string, env: Environment): void {
  if (env.connectHostname && env.connectSourceRanges.length === 0)
    throw new UserError(
      `${at}.connectSourceRanges`,
      "is required with connectHostname: the Connect gateway's worker tokens are signed with a key published in Inngest's source",
      'the client CIDRs your workers connect from, such as ["203.0.113.0/24"]; ["0.0.0.0/0", "::/0"] for anyone',
    );
  if (!env.connectHostname && env.connectSourceRanges.length > 0)
    throw new UserError(
      `${at}.connectSourceRanges`,
      'is set without connectHostname',
      'leave it out, or set connectHostname',
    );
  env.connectSourceRanges.forEach((range, i) => {
    const problem = cidrProblem(range);
    if (problem)
      throw new UserError(
        `${at}.connectSourceRanges[${i}]`,
        `"${range}" ${problem}`,
        'a CIDR with the host bits zero, such as 203.0.113.0/24 or 2001:db8::/32',
      );
  });
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
  // at every check), and $refs are not inlined, so an error's schemaPath may be relative to a
  // $defs entry: the schema of the failing value and the value are looked up by its data path.
  const schemas = schemasAt(found.instancePath);
  const error = { ...found, data: valueAt(data, found.instancePath) };
  const path = fieldPath(error.instancePath);
  const allowed = schemas.map((schema) => schema['x-allowed']).find((text): text is string => typeof text === 'string');
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const known = schemas
        .filter((schema) => schema.additionalProperties === false)
        .flatMap((schema) => Object.keys((schema.properties as object | undefined) ?? {}))
        .join(', ');
      return new UserError(joinField(path, key), 'unknown key', `known keys: ${known}`);
    }
    case 'required': {
      const key = (error.params as { missingProperty: string }).missingProperty;
      const property = schemasAt(`${found.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      const text = property.map((schema) => schema['x-allowed']).find((t): t is string => typeof t === 'string');
      return new UserError(joinField(path, key), 'is required', text);
    }
    case 'type':
      return new UserError(
        path || 'config',
        `must be ${(error.params as { type: string }).type}, got ${describe(error.data)}`,
        allowed,
      );
    case 'uniqueItems': {
      const { i, j } = error.params as { i: number; j: number };
      const item = Array.isArray(error.data) ? (error.data as unknown[])[i] : undefined;
      return new UserError(
        path || 'config',
        `lists ${describe(item)} twice (items ${Math.min(i, j)} and ${Math.max(i, j)})`,
        allowed ?? 'each item once',
      );
    }
    case 'minItems':
    case 'maxItems': {
      const { limit } = error.params as { limit: number };
      const count = Array.isArray(error.data) ? error.data.length : 0;
      return new UserError(
        path || 'config',
        `has ${count} item${count === 1 ? '' : 's'}, ${error.keyword === 'maxItems' ? 'more than' : 'fewer than'} ${limit}`,
        allowed,
      );
    }
    case 'maxLength':
    case 'minLength': {
      const { limit } = error.params as { limit: number };
      const length = typeof error.data === 'string' ? [...error.data].length : 0;
      return new UserError(
        path || 'config',
        `${describe(error.data)} has ${length} characters, ${error.keyword === 'maxLength' ? 'more than' : 'fewer than'} ${limit}`,
        allowed,
      );
    }
    case 'pattern':
    case 'enum':
    case 'minimum':
    case 'maximum':
      return new UserError(path || 'config', `${describe(error.data)} is not allowed`, allowed ?? error.message);
    default:
      return new UserError(path || 'config', error.message ?? 'is invalid', allowed);
  }
}

type SchemaNode = Record<string, unknown>;

/** The schema nodes that describe the value at a data pointer: "/environments/0/name" → that name's schema. */
function schemasAt(pointer: string): SchemaNode[] {
  let nodes: SchemaNode[] = [answersSchema];
  for (const part of pointerParts(pointer)) {
    nodes = nodes.flatMap(withReferences).flatMap((node): SchemaNode[] => {
      const properties = node.properties as Record<string, SchemaNode> | undefined;
      if (properties?.[part]) return [properties[part]];
      return isRecord(node.items) && /^\d+$/.test(part) ? [node.items] : [];
    });
  }
  return nodes.flatMap(withReferences);
}

/** A node, then what its $ref and allOf add ("#/$defs/x" only: the answers schema has no other references). */
function withReferences(node: SchemaNode): SchemaNode[] {
  const ref = typeof node.$ref === 'string' ? node.$ref.replace('#/$defs/', '') : undefined;
  const defs = answersSchema.$defs as Record<string, SchemaNode>;
  return [
    node,
    ...(ref && defs[ref] ? withReferences(defs[ref]) : []),
    ...((node.allOf as SchemaNode[] | undefined) ?? []).flatMap(withReferences),
  ];
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
    (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : joinField(path, part)),
    '',
  );
}

/** A key appended to a field path; one that is not a plain name (empty, spaces, dots) is quoted: `a["b c"]`. */
function joinField(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/**
 * The checks of checks.ts named by `x-check` in the schema, over the data the schema accepted,
 * in document order: the first failure as a UserError naming the field. Empty strings are left
 * to the schema (where a pattern allows them, they mean "none").
 */
function valueCheckError(node: SchemaNode, data: unknown, path: string): UserError | undefined {
  const nodes = withReferences(node);
  const check = nodes.map((n) => n['x-check']).find((c): c is CheckName => typeof c === 'string');
  if (check && typeof data === 'string' && data !== '') {
    const found = checks[check](data);
    if (found) {
      const allowed = nodes.map((n) => n['x-allowed']).find((t): t is string => typeof t === 'string');
      return new UserError(
        path || 'config',
        found.hideValue ? found.problem : `${describe(data)} ${found.problem}`,
        allowed,
      );
    }
  }
  if (Array.isArray(data)) {
    const items = nodes.map((n) => n.items).filter(isRecord);
    for (const [index, item] of data.entries()) {
      for (const schema of items) {
        const error = valueCheckError(schema, item, `${path}[${index}]`);
        if (error) return error;
      }
    }
  } else if (isRecord(data)) {
    for (const [key, value] of Object.entries(data)) {
      for (const n of nodes) {
        const child = isRecord(n.properties) ? n.properties[key] : undefined;
        const error = isRecord(child) ? valueCheckError(child, value, joinField(path, key)) : undefined;
        if (error) return error;
      }
    }
  }
  return undefined;
}

/** A value as a message shows it: strings quoted and cut at 60 characters, URLs without credentials or query. */
function describe(value: unknown): string {
  if (typeof value === 'string') {
    const redacted = /^[a-z][a-z0-9+.-]*:\/\/|@/i.test(value) ? redactUrl(value) : value;
    const shown = JSON.stringify(redacted.length > 60 ? `${redacted.slice(0, 57)}...` : redacted);
    // JSON leaves U+0085, U+2028 and the like as they are: shown as escapes, they stay visible and on one line.
    return shown.replace(
      // eslint-disable-next-line no-control-regex -- control characters are what is escaped here
      /[\s\u0000-\u001f\u007f-\u009f]/g,
      (c) => (c === ' ' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
  }
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (value instanceof Date) return 'a date (quote it to make it text)';
  if (typeof value === 'object') return 'a mapping';
  return asText(value);
}
