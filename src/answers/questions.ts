/**
 * The questions of an interactive scaffold, as data: what each asks, its default, how a typed
 * value is checked (in the prompt's own words, at most 72 characters, so a message never wraps
 * at 80 columns), and where the answer goes. Pure; io/terminal.ts asks them and
 * commands/interview.ts runs the flow (order, review, edits, cross-field re-asks).
 *
 * Per-environment questions are generated from the environments answered so far, so the list is
 * re-read after every answer.
 */
import { parseGatewayReference } from './flags.js';
import { defaultProfile } from './profiles.js';
import { checks } from './checks.js';
import { cidrProblem, containsAddress, parseAddress, parseCidr } from './cidr.js';
import { uriHost } from './stores.js';
import {
  answersSchema,
  REPO_URL_PATTERN,
  type Environment,
  type GatewayExposure,
  type PartialAnswers,
  type SealingMethod,
} from './schema.js';

/** Facts from outside the answers that questions need; io/ and commands/ provide them. */
export interface QuestionContext {
  /** `git remote get-url origin` of the target's repository (or the one around it). */
  origin?: string;
  kubesealOnPath: boolean;
  /** The target is inside a Git work tree already: no `git init` question. */
  insideRepository: boolean;
  /** The default folder of a new controller key for a project, `~/…`, free of an earlier key. */
  defaultKeyFolder(project: string): string;
  /** A folder as typed (relative, `~/…`) → `~/…` or absolute, the form the answers keep. */
  normaliseKeyFolder(folder: string): string;
  /** Why a folder cannot take a new controller key, in ≤ 72 characters; undefined when it can. */
  keyFolderProblem(folder: string): string | undefined;
  /** Why a certificate file or URL cannot be used, in ≤ 72 characters; undefined when it can. */
  certificateProblem(source: string): string | undefined;
  /** Question ids answered by flags: not asked. */
  given: ReadonlySet<string>;
}

/** The answers being built, and the choices of this run that are not answers. */
export interface Draft {
  answers: PartialAnswers;
  /** `git init` with a first commit. */
  git?: boolean;
  /** The certificate file or URL of sealing method certificate. */
  certificate?: string;
  /** Choices that only steer which questions come next (exposure, cluster settings, key folder). */
  choices: Record<string, string>;
}

interface Choice {
  value: string;
  label: string;
}

interface Base {
  id: string;
  /** The answer as the edit menu shows it; by default the current answer (the question's initial value). */
  show?(draft: Draft): string;
  /** Asked only when this holds. */
  when?(draft: Draft, ctx: QuestionContext): boolean;
  /** Whether a cross-field problem on this answer path (`environments[1].namespace`) is this question's. */
  owns?(field: string, draft: Draft): boolean;
}

export type Question =
  | (Base & {
      kind: 'text';
      message(draft: Draft): string;
      initial(draft: Draft, ctx: QuestionContext): string;
      /** Shown under an empty answer. */
      hint?: string;
      validate(value: string, draft: Draft, ctx: QuestionContext): string | undefined;
      apply(draft: Draft, value: string, ctx: QuestionContext): void;
    })
  | (Base & {
      kind: 'select';
      message(draft: Draft): string;
      /** Lines shown under the choices. */
      hint?(draft: Draft): string[];
      choices(draft: Draft, ctx: QuestionContext): Choice[];
      initial(draft: Draft, ctx: QuestionContext): string;
      apply(draft: Draft, value: string, ctx: QuestionContext): void;
    })
  | (Base & {
      kind: 'multiselect';
      message(draft: Draft): string;
      hint?: string;
      choices(draft: Draft): Choice[];
      initial(draft: Draft): string[];
      apply(draft: Draft, values: string[]): void;
    })
  | (Base & {
      kind: 'confirm';
      message(draft: Draft): string;
      initial(draft: Draft): boolean;
      apply(draft: Draft, value: boolean): void;
    });

/** The most a validation message may take: with its "  ✖ " prefix it stays on one 80-column line. */
export const MAX_MESSAGE = 72;

type PartialEnvironment = NonNullable<PartialAnswers['environments']>[number];

const envs = (draft: Draft): PartialEnvironment[] => draft.answers.environments ?? [];
const envNames = (draft: Draft): string[] => envs(draft).map((e) => e.name ?? '');
const envAt = (draft: Draft, name: string): PartialEnvironment | undefined => envs(draft).find((e) => e.name === name);
const profileOf = (env: PartialEnvironment): string => env.profile ?? defaultProfile(env.name ?? '');
const projectName = (draft: Draft): string => draft.answers.name ?? answersSchema.properties.name.default;

const pattern = (source: string) => new RegExp(source);
const envSchema = answersSchema.properties.environments.items.properties;
const DNS_LABEL = pattern(answersSchema.$defs.dnsLabel.pattern);
const HOSTNAME = pattern(answersSchema.$defs.hostname.pattern);
const INGRESS_CLASS = pattern(envSchema.ingress.properties.className.pattern);
const BACKUP_PATH = pattern(envSchema.postgres.properties.backup.properties.destinationPath.pattern);
const STORAGE_CLASS = pattern(answersSchema.$defs.storageClass.pattern);
const PROMETHEUS_URL = pattern(envSchema.keda.properties.prometheusAddress.pattern);
const SERVER_HOST = pattern(answersSchema.$defs.externalServer.properties.host.pattern);

/** A DNS label problem in words; `what` names the thing ("The name", a quoted environment). */
function dnsLabelProblem(value: string, what: string, max = 63): string | undefined {
  if (!value) return `${what} is needed`;
  if (value.length > max) return `${what}: at most ${max} characters`;
  if (/[A-Z]/.test(value)) return `${what}: lowercase letters only`;
  if (/[^a-z0-9-]/.test(value)) return `${what}: only letters, digits and '-'`;
  if (!DNS_LABEL.test(value)) return `${what}: start and end with a letter or digit`;
  return undefined;
}

/** A value inside a message, short enough to keep the message on one line. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 24 ? `${value.slice(0, 23)}…` : value);
}

/** The per-environment namespace a name would get, as resolve.ts makes it. */
const namespaceOf = (draft: Draft, env: PartialEnvironment) => env.namespace ?? `${projectName(draft)}-${env.name}`;

function clip(text: string): string {
  return text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`;
}

const name: Question = {
  kind: 'text',
  id: 'name',
  message: () => 'Project name',
  initial: (d) => projectName(d),
  validate: (value) => dnsLabelProblem(value, 'The name', answersSchema.properties.name.maxLength),
  apply: (d, value) => {
    d.answers.name = value;
  },
  owns: (field) => field === 'name',
};

const repoURL: Question = {
  kind: 'text',
  id: 'repoURL',
  message: () => 'Git URL Argo CD reads this repository from',
  hint: 'empty: set it later with --repo-url',
  initial: (d, ctx) => d.answers.repoURL || ctx.origin || '',
  show: (d) => d.answers.repoURL || '(not set)',
  validate: (value) => {
    if (/\s/.test(value)) return 'A URL has no spaces';
    if (!pattern(REPO_URL_PATTERN).test(value)) return 'Use https://…, http://…, ssh://… or git@host:org/repo.git';
    const found = checks['repository-url'](value);
    if (found?.hideValue) return 'Leave the password out: Argo CD gets it from a Secret';
    return found && clip(`The URL ${found.problem}`);
  },
  apply: (d, value) => {
    d.answers.repoURL = value;
  },
  owns: (field) => field === 'repoURL',
};

const environments: Question = {
  kind: 'text',
  id: 'environments',
  message: () => 'Environments (comma-separated)',
  initial: (d) => envNames(d).join(',') || 'stage,prod',
  validate: (value, d) => {
    const names = splitNames(value);
    if (names.length === 0) return 'Name at least one environment, such as stage,prod';
    if (names.length > answersSchema.properties.environments.maxItems) return 'At most 10 environments';
    for (const env of names) {
      const problem = dnsLabelProblem(env, quoted(env));
      if (problem) return problem;
      if (names.indexOf(env) !== names.lastIndexOf(env)) return `${quoted(env)} is named twice`;
      const namespace = namespaceOf(d, envAt(d, env) ?? { name: env });
      if (namespace.length > 63) return `${quoted(env)} makes a ${namespace.length}-character namespace; at most 63`;
    }
    return undefined;
  },
  apply: (d, value) => {
    d.answers.environments = splitNames(value).map((env) => structuredClone(envAt(d, env) ?? { name: env }));
  },
  owns: (field) => /^environments(\[\d+\]\.(name|namespace))?$/.test(field),
};

function splitNames(value: string): string[] {
  return value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
}

const profilesQuestion: Question = {
  kind: 'multiselect',
  id: 'profiles',
  message: () => 'Production profile for',
  choices: (d) => envNames(d).map((env) => ({ value: env, label: env })),
  initial: (d) =>
    envs(d)
      .filter((e) => profileOf(e) === 'production')
      .map((e) => e.name ?? ''),
  show: (d) => {
    const production = envs(d).filter((e) => profileOf(e) === 'production');
    return production.length > 0 ? production.map((e) => e.name).join(', ') : 'none';
  },
  apply: (d, values) => {
    for (const env of envs(d)) env.profile = values.includes(env.name ?? '') ? 'production' : 'small';
  },
  owns: (field) =>
    /^environments\[\d+\]\.(profile|replicas|resources|postgres\.(instances|maxConnections))/.test(field),
};

const exposure: Question = {
  kind: 'select',
  id: 'exposure',
  message: () => 'Reach Inngest from outside the cluster?',
  choices: () => [
    { value: 'none', label: 'No, port-forward only' },
    { value: 'gateway', label: 'Gateway API (HTTPRoutes on an existing Gateway)' },
    { value: 'ingress', label: 'Ingress' },
  ],
  initial: (d) => d.choices.exposure ?? 'none',
  apply: (d, value) => {
    d.choices.exposure = value;
    for (const env of envs(d)) applyExposure(d, env);
  },
};

/** The exposure chosen, on an environment: a hostname gets it, no hostname (or none chosen) nothing. */
function applyExposure(d: Draft, env: PartialEnvironment & { ingressClassName?: string }): void {
  const mode = d.choices.exposure ?? 'none';
  if (mode === 'none') delete env.hostname;
  delete env.ingressClassName; // the pre-0.3 place of ingress.className
  if (!env.hostname || mode === 'none') {
    delete env.gateway;
    delete env.ingress;
  } else if (mode === 'gateway') {
    delete env.ingress;
    const proxyNamespace = env.gateway?.proxyNamespace;
    const reference = parseGatewayText(d.choices.gateway ?? '');
    if (reference) env.gateway = { ...reference, ...(proxyNamespace ? { proxyNamespace } : {}) };
  } else {
    delete env.gateway;
    env.ingress = { ...env.ingress, className: d.choices.ingressClass ?? env.ingress?.className ?? '' };
  }
}

/** "gateway-system/shared/https" → namespace, name and listener, as --gateway reads it; undefined if it is not one. */
function parseGatewayText(text: string): GatewayExposure | undefined {
  try {
    return parseGatewayReference(text);
  } catch {
    return undefined;
  }
}

const gatewayText = (d: Draft): string => {
  const known = envs(d).find((e) => e.gateway?.namespace && e.gateway.name)?.gateway;
  return known ? [known.namespace, known.name, known.sectionName].filter(Boolean).join('/') : '';
};

const gateway: Question = {
  kind: 'text',
  id: 'gateway',
  when: (d) => d.choices.exposure === 'gateway',
  message: () => 'Gateway as NAMESPACE/NAME or NAMESPACE/NAME/LISTENER',
  hint: 'such as gateway-system/shared/https',
  initial: (d) => d.choices.gateway ?? gatewayText(d),
  validate: (value) => {
    if (/[A-Z]/.test(value)) return 'Lowercase letters only';
    const m = parseGatewayText(value);
    if (!m) return 'NAMESPACE/NAME, or NAMESPACE/NAME/LISTENER: gateway-system/shared/https';
    if (m.namespace.length > 63) return 'The namespace: at most 63 characters';
    return undefined;
  },
  apply: (d, value) => {
    d.choices.gateway = value;
    for (const env of envs(d)) applyExposure(d, env);
  },
  owns: (field) => /^environments\[\d+\]\.gateway/.test(field),
};

const ingressClass: Question = {
  kind: 'text',
  id: 'ingressClass',
  when: (d) => d.choices.exposure === 'ingress',
  message: () => 'Ingress class',
  hint: "empty: the cluster's default IngressClass",
  initial: (d) => d.choices.ingressClass ?? envs(d).find((e) => e.ingress?.className)?.ingress?.className ?? '',
  show: (d) => d.choices.ingressClass || "the cluster's default",
  validate: (value) => {
    if (/[A-Z]/.test(value)) return 'Lowercase letters only';
    return INGRESS_CLASS.test(value) ? undefined : "Letters, digits, '-' and '.', as an IngressClass name";
  },
  apply: (d, value) => {
    d.choices.ingressClass = value;
    for (const env of envs(d)) applyExposure(d, env);
  },
  owns: (field) => /^environments\[\d+\]\.ingress/.test(field),
};

function hostQuestion(env: string): Question {
  return {
    kind: 'text',
    id: `host:${env}`,
    when: (d) => d.choices.exposure === 'gateway' || d.choices.exposure === 'ingress',
    message: () => `Hostname for ${env}`,
    hint: 'empty: not exposed',
    initial: (d) => envAt(d, env)?.hostname ?? '',
    show: (d) => envAt(d, env)?.hostname || '(none)',
    validate: (value, d) => {
      if (value === '') return undefined;
      if (/[A-Z]/.test(value)) return 'Lowercase letters only';
      if (!HOSTNAME.test(value)) return 'A full DNS name such as inngest.example.com';
      const other = envs(d).find((e) => e.name !== env && e.hostname === value);
      if (other) return clip(`Already the hostname of ${other.name}`);
      return undefined;
    },
    apply: (d, value) => {
      const target = envAt(d, env);
      if (!target) return;
      target.hostname = value;
      applyExposure(d, target);
    },
    owns: (field, d) => field === `environments[${envNames(d).indexOf(env)}].hostname`,
  };
}

type Store = 'postgres' | 'valkey';
const STORE_TITLES: Record<Store, string> = { postgres: 'PostgreSQL', valkey: 'Redis' };
const DEFAULT_PORTS: Record<Store, number> = { postgres: 5432, valkey: 6379 };

const isExternal = (env: PartialEnvironment | undefined, store: Store): boolean => env?.[store]?.mode === 'external';

/** One question for every environment and both stores: which run on an existing server (a managed database). */
const stores: Question = {
  kind: 'multiselect',
  id: 'stores',
  message: () => 'Existing servers (managed databases) instead of in-cluster ones',
  hint: 'none selected: PostgreSQL and Redis (Valkey) run in each namespace',
  choices: (d) =>
    envNames(d).flatMap((env) =>
      (['postgres', 'valkey'] as const).map((store) => ({
        value: `${env}/${store}`,
        label: `${env}: ${STORE_TITLES[store]}`,
      })),
    ),
  initial: (d) =>
    envs(d).flatMap((env) =>
      (['postgres', 'valkey'] as const).filter((s) => isExternal(env, s)).map((s) => `${env.name}/${s}`),
    ),
  show: (d) => {
    const external = envs(d).flatMap((env) =>
      (['postgres', 'valkey'] as const).filter((s) => isExternal(env, s)).map((s) => `${env.name} ${STORE_TITLES[s]}`),
    );
    return external.length > 0 ? external.join(', ') : 'none: all in the cluster';
  },
  apply: (d, values) => {
    for (const env of envs(d)) {
      for (const store of ['postgres', 'valkey'] as const) {
        const external = values.includes(`${env.name}/${store}`);
        const inCluster = store === 'postgres' ? 'cloudnative-pg' : 'statefulset';
        const settings: Record<string, unknown> = { ...env[store], mode: external ? 'external' : inCluster };
        if (!external) delete settings['external'];
        // An external PostgreSQL is backed up by its provider: CloudNativePG backups do not apply.
        if (external && store === 'postgres') delete settings['backup'];
        (env as Record<string, unknown>)[store] = settings;
      }
    }
  },
  owns: (field) => /^environments\[\d+\]\.(postgres|valkey)\.mode$/.test(field),
};

/** "db.example.com:5432", "db.example.com", "[2001:db8::1]:5432", "2001:db8::1" → host and port. */
function splitHostPort(text: string, store: Store): { host: string; port: number } {
  const value = text.trim();
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(value);
  if (bracketed) return { host: bracketed[1] ?? '', port: bracketed[2] ? Number(bracketed[2]) : DEFAULT_PORTS[store] };
  // A bare IPv6 address has more than one ':' and no port.
  if ((value.match(/:/g) ?? []).length > 1) return { host: value, port: DEFAULT_PORTS[store] };
  const [host = '', port] = value.split(':');
  return { host, port: port === undefined ? DEFAULT_PORTS[store] : /^\d+$/.test(port) ? Number(port) : NaN };
}

function externalOf(d: Draft, env: string, store: Store): Record<string, unknown> {
  return { ...(envAt(d, env)?.[store]?.external as Record<string, unknown> | undefined) };
}

function setExternal(d: Draft, env: string, store: Store, values: Record<string, unknown>): void {
  const target = envAt(d, env);
  if (!target) return;
  (target as Record<string, unknown>)[store] = {
    ...target[store],
    mode: 'external',
    external: { ...externalOf(d, env, store), ...values },
  };
}

function serverQuestion(env: string, store: Store): Question {
  const title = STORE_TITLES[store];
  return {
    kind: 'text',
    id: `server:${env}:${store}`,
    when: (d) => isExternal(envAt(d, env), store),
    message: () => `${title} server of ${env}: host or host:port`,
    hint: `such as ${store === 'postgres' ? 'db.example.internal:5432' : 'cache.example.internal:6379'}`,
    initial: (d) => {
      const { host, port } = externalOf(d, env, store);
      if (typeof host !== 'string' || !host) return '';
      const shown = uriHost(host);
      return typeof port === 'number' && port !== DEFAULT_PORTS[store] ? `${shown}:${port}` : shown;
    },
    validate: (value) => {
      if (!value.trim()) return `The ${title} server's host is needed`;
      const { host, port } = splitHostPort(value, store);
      if (/[A-Z]/.test(host)) return 'Lowercase letters only';
      if (!SERVER_HOST.test(host) || (host.includes(':') && !parseAddress(host))) return 'A DNS name or an IP address';
      if (!Number.isInteger(port) || port < 1 || port > 65535) return 'The port: a number from 1 to 65535';
      return undefined;
    },
    apply: (d, value) => setExternal(d, env, store, splitHostPort(value, store)),
    owns: (field, d) =>
      new RegExp(`^environments\\[${envNames(d).indexOf(env)}\\]\\.${store}\\.external(\\.(host|port))?$`).test(field),
  };
}

function tlsQuestion(env: string): Question {
  return {
    kind: 'select',
    id: `tls:${env}`,
    when: (d) => isExternal(envAt(d, env), 'valkey'),
    message: () => `Redis of ${env}: connection`,
    choices: () => [
      { value: 'tls', label: 'TLS (rediss://)' },
      { value: 'plain', label: 'Plain (redis://), only inside a private network' },
    ],
    initial: (d) => (externalOf(d, env, 'valkey')['tls'] === false ? 'plain' : 'tls'),
    apply: (d, value) => setExternal(d, env, 'valkey', { tls: value === 'tls' }),
    owns: (field, d) => field === `environments[${envNames(d).indexOf(env)}].valkey.external.tls`,
  };
}

function networksQuestion(env: string, store: Store): Question {
  const title = STORE_TITLES[store];
  return {
    kind: 'text',
    id: `networks:${env}:${store}`,
    when: (d) => isExternal(envAt(d, env), store),
    message: () => `Networks of ${env}'s ${title} server (CIDRs, comma-separated)`,
    hint: "Inngest's only way out to it, such as 10.20.0.0/16",
    initial: (d) => {
      const cidrs = externalOf(d, env, store)['egressCIDRs'];
      return Array.isArray(cidrs) ? cidrs.join(',') : '';
    },
    validate: (value, d) => {
      const cidrs = splitNames(value);
      if (cidrs.length === 0) return 'At least one network, such as 10.20.0.0/16';
      for (const cidr of cidrs) {
        const problem = cidrProblem(cidr);
        if (problem) return clip(`${quoted(cidr)} ${problem}`);
      }
      const host = externalOf(d, env, store)['host'];
      const address = typeof host === 'string' ? parseAddress(host) : undefined;
      if (address && !cidrs.some((cidr) => containsAddress(parseCidr(cidr)!, address)))
        return clip(`None of them holds the server's address ${String(host)}`);
      return undefined;
    },
    apply: (d, value) => setExternal(d, env, store, { egressCIDRs: splitNames(value) }),
    owns: (field, d) => field.startsWith(`environments[${envNames(d).indexOf(env)}].${store}.external.egressCIDRs`),
  };
}

function backupQuestion(env: string): Question {
  return {
    kind: 'text',
    id: `backup:${env}`,
    when: (d) => profileOf(envAt(d, env) ?? {}) === 'production' && !isExternal(envAt(d, env), 'postgres'),
    message: () => `S3 folder for ${env}'s Postgres backups`,
    hint: 'such as s3://my-backups/inngest/prod; empty: no backups',
    initial: (d) => envAt(d, env)?.postgres?.backup?.destinationPath ?? '',
    show: (d) => envAt(d, env)?.postgres?.backup?.destinationPath ?? 'none',
    validate: (value, d) => {
      if (value === '') return undefined;
      if (!value.startsWith('s3://')) return 'Start with s3://, such as s3://my-backups/inngest/prod';
      if (/\s/.test(value)) return 'No spaces in an S3 path';
      if (!BACKUP_PATH.test(value)) return 'A bucket of 3-63 lowercase letters, digits, dots or dashes';
      const path = value.replace(/\/+$/, '');
      const other = envs(d).find(
        (e) => e.name !== env && e.postgres?.backup?.destinationPath?.replace(/\/+$/, '') === path,
      );
      if (other) return clip(`Already ${other.name}'s folder: each environment needs its own`);
      return undefined;
    },
    apply: (d, value) => {
      const target = envAt(d, env);
      if (!target) return;
      const postgres = { ...target.postgres };
      if (value) postgres.backup = { ...postgres.backup, destinationPath: value };
      else delete postgres.backup;
      target.postgres = postgres;
    },
    owns: (field, d) => field.startsWith(`environments[${envNames(d).indexOf(env)}].postgres.backup`),
  };
}

const clusterDefaults = (d: Draft) => d.choices.cluster !== 'change';

const cluster: Question = {
  kind: 'select',
  id: 'cluster',
  message: () => 'Cluster settings',
  hint: (d) => clusterSummary(d).map(([what, value]) => `${what}: ${value}`),
  choices: () => [
    { value: 'keep', label: 'Keep these' },
    { value: 'change', label: 'Change them' },
  ],
  initial: (d) => d.choices.cluster ?? 'keep',
  show: (d) =>
    clusterSummary(d)
      .map(([, value]) => value)
      .join(', '),
  apply: (d, value) => {
    d.choices.cluster = value;
  },
};

function clusterSummary(d: Draft): [string, string][] {
  const first = envs(d)[0];
  const storageClass = first?.postgres?.storageClass;
  const keda = first?.keda;
  const source = keda?.enabled === false ? undefined : (keda?.source ?? 'metrics-api');
  return [
    ['storage', storageClass ? `class ${storageClass}` : "the cluster's default class"],
    ['operators', d.answers.platform?.installOperators === false ? 'already installed' : 'installed by Argo CD'],
    ['autoscaling', source ? KEDA_SOURCES[source] : 'off: fixed replicas'],
    ['monitoring', d.answers.monitoring?.enabled ? 'Prometheus Operator PodMonitors' : 'none'],
  ];
}

const KEDA_SOURCES: Record<Environment['keda']['source'], string> = {
  'metrics-api': "KEDA reads Inngest's /metrics",
  prometheus: 'KEDA queries an existing Prometheus',
  sidecar: 'KEDA reads a Prometheus sidecar beside Inngest',
};

const storageClass: Question = {
  kind: 'text',
  id: 'storageClass',
  when: (d) => !clusterDefaults(d),
  message: () => 'Storage class for Postgres and Valkey',
  hint: "empty: the cluster's default",
  initial: (d) => envs(d)[0]?.postgres?.storageClass ?? '',
  show: (d) => envs(d)[0]?.postgres?.storageClass || "the cluster's default",
  validate: (value) => (STORAGE_CLASS.test(value) ? undefined : "Lowercase letters, digits, '-' and '.'"),
  apply: (d, value) => {
    for (const env of envs(d)) {
      env.postgres = { ...env.postgres, storageClass: value };
      env.valkey = { ...env.valkey, storageClass: value };
    }
  },
  owns: (field) => /storageClass$/.test(field),
};

const operators: Question = {
  kind: 'select',
  id: 'operators',
  when: (d) => !clusterDefaults(d),
  message: () => 'CloudNativePG, KEDA and Sealed Secrets',
  choices: () => [
    { value: 'install', label: 'Install them with Argo CD' },
    { value: 'installed', label: 'Already installed in the cluster' },
  ],
  initial: (d) => (d.answers.platform?.installOperators === false ? 'installed' : 'install'),
  apply: (d, value) => {
    d.answers.platform = { ...d.answers.platform, installOperators: value === 'install' };
  },
};

const kedaSource: Question = {
  kind: 'select',
  id: 'kedaSource',
  when: (d) => !clusterDefaults(d),
  message: () => 'Autoscaling on the queue depth',
  choices: () => [
    ...Object.entries(KEDA_SOURCES).map(([value, label]) => ({ value, label })),
    { value: 'off', label: 'No autoscaling: fixed replicas' },
  ],
  initial: (d) => {
    const keda = envs(d)[0]?.keda;
    return keda?.enabled === false ? 'off' : (keda?.source ?? 'metrics-api');
  },
  apply: (d, value) => {
    for (const env of envs(d)) {
      env.keda =
        value === 'off'
          ? { ...env.keda, enabled: false }
          : { ...env.keda, enabled: true, source: value as Environment['keda']['source'] };
    }
  },
};

const prometheusAddress: Question = {
  kind: 'text',
  id: 'prometheusAddress',
  when: (d) => !clusterDefaults(d) && envs(d)[0]?.keda?.source === 'prometheus' && envs(d)[0]?.keda?.enabled !== false,
  message: () => 'Prometheus URL KEDA queries',
  initial: (d) => envs(d)[0]?.keda?.prometheusAddress || 'http://prometheus-operated.monitoring.svc:9090',
  validate: (value) =>
    value && PROMETHEUS_URL.test(value) ? undefined : 'An http:// or https:// URL of the Prometheus server',
  apply: (d, value) => {
    for (const env of envs(d)) env.keda = { ...env.keda, prometheusAddress: value };
  },
  owns: (field) => /keda\.prometheusAddress$/.test(field),
};

const monitoring: Question = {
  kind: 'confirm',
  id: 'monitoring',
  when: (d) => !clusterDefaults(d),
  message: () => 'Prometheus Operator PodMonitors?',
  initial: (d) => d.answers.monitoring?.enabled ?? false,
  apply: (d, value) => {
    d.answers.monitoring = { ...d.answers.monitoring, enabled: value };
  },
};

const METHOD_LABELS: Record<SealingMethod, string> = {
  'new-key': 'a new controller key',
  certificate: 'a certificate file or URL',
  cluster: "the cluster's controller",
  later: 'later',
};

const sealing: Question = {
  kind: 'select',
  id: 'sealing',
  message: () => 'Seal the secrets with',
  choices: (d, ctx) => [
    {
      value: 'new-key',
      label: `A new controller key in ${d.answers.sealing?.keyFolder || ctx.defaultKeyFolder(projectName(d))} (new cluster)`,
    },
    { value: 'new-key-elsewhere', label: 'A new controller key in another folder' },
    { value: 'certificate', label: 'A certificate file or URL' },
    ...(ctx.kubesealOnPath ? [{ value: 'cluster', label: "The cluster's controller (kubeseal)" }] : []),
    { value: 'later', label: 'Later, once the controller runs' },
  ],
  initial: (d) => d.choices.sealing ?? 'new-key',
  show: (d) => {
    const method = d.answers.sealing?.method ?? 'later';
    return method === 'new-key' ? `a new key in ${d.answers.sealing?.keyFolder}` : METHOD_LABELS[method];
  },
  apply: (d, value, ctx) => {
    d.choices.sealing = value;
    const method: SealingMethod = value === 'new-key-elsewhere' ? 'new-key' : (value as SealingMethod);
    // A key folder belongs to method new-key only; the folder question fills it for another folder.
    const keyFolder =
      value === 'new-key'
        ? d.answers.sealing?.keyFolder || ctx.defaultKeyFolder(projectName(d))
        : value === 'new-key-elsewhere'
          ? (d.answers.sealing?.keyFolder ?? '')
          : '';
    d.answers.sealing = { ...d.answers.sealing, method, keyFolder };
  },
  owns: (field) => field.startsWith('sealing.'),
};

const keyFolder: Question = {
  kind: 'text',
  id: 'keyFolder',
  when: (d) => d.choices.sealing === 'new-key-elsewhere',
  message: () => 'Folder for the new key, outside the repository',
  initial: (d, ctx) => d.answers.sealing?.keyFolder || ctx.defaultKeyFolder(projectName(d)),
  validate: (value, _d, ctx) => (value ? ctx.keyFolderProblem(value) : 'A folder is needed'),
  apply: (d, value, ctx) => {
    d.answers.sealing = { ...d.answers.sealing, keyFolder: ctx.normaliseKeyFolder(value) };
  },
  owns: (field) => field === 'sealing.keyFolder',
};

const certificate: Question = {
  kind: 'text',
  id: 'certificate',
  when: (d) => d.choices.sealing === 'certificate',
  message: () => 'Certificate file or https:// URL',
  initial: (d) => d.certificate ?? '',
  validate: (value, _d, ctx) => (value ? ctx.certificateProblem(value) : 'A file or URL is needed'),
  apply: (d, value) => {
    d.certificate = value;
  },
};

const git: Question = {
  kind: 'confirm',
  id: 'git',
  when: (_d, ctx) => !ctx.insideRepository,
  message: (d) => `Create a Git repository on ${d.answers.argocd?.revision ?? 'main'} with a first commit?`,
  initial: (d) => d.git ?? true,
  apply: (d, value) => {
    d.git = value;
  },
};

/** Every question in the order asked, per-environment ones for the environments answered so far. */
export function questionList(draft: Draft): Question[] {
  const names = envNames(draft);
  return [
    name,
    repoURL,
    environments,
    profilesQuestion,
    exposure,
    gateway,
    ingressClass,
    ...names.map(hostQuestion),
    stores,
    ...names.flatMap((env) => [
      serverQuestion(env, 'postgres'),
      networksQuestion(env, 'postgres'),
      serverQuestion(env, 'valkey'),
      tlsQuestion(env),
      networksQuestion(env, 'valkey'),
    ]),
    ...names.map(backupQuestion),
    cluster,
    storageClass,
    operators,
    kedaSource,
    prometheusAddress,
    monitoring,
    sealing,
    keyFolder,
    certificate,
    git,
  ];
}

/** The question a cross-field problem on `field` belongs to, if any is. */
export function ownerOf(field: string, draft: Draft): Question | undefined {
  return questionList(draft).find((q) => q.owns?.(field, draft));
}

export { clip as clipMessage };
