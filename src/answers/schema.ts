import { ARGOCD_DEFAULTS, KEDA_DEFAULTS, KUBERNETES_API_PORTS, SEALED_SECRETS_DEFAULTS } from '../model/names.js';
import { images } from '../model/versions.js';
import {
  IMAGE_TAG_MAX_LENGTH,
  imageDigestAllowed,
  imageDigestPattern,
  imageTagAllowed,
  imageTagPattern,
} from './image-pin.js';
import { DNS_LABEL_PATTERN, DNS_SUBDOMAIN_PATTERN, HOSTNAME_PATTERN, NO_SPACE_CHAR } from './checks.js';

/**
 * The answers model: one JSON Schema, the single source of truth for every question the
 * scaffolder asks, with its type, what is allowed (`x-allowed`, used in error messages) and its
 * default. Per-environment sizes default from the environment's profile (see profiles.ts), so
 * they are optional here and required in `Answers`.
 */

/**
 * Schemas used in many places live in $defs and are referenced ($ref, not inlined: see
 * validator.ts), so the compiled validator holds one copy of each; a reference may add its own
 * x-allowed text.
 */
const dnsLabelSchema = {
  type: 'string',
  pattern: DNS_LABEL_PATTERN,
  maxLength: 63,
  'x-allowed':
    "a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
} as const;

const quantity = {
  type: 'string',
  pattern: '^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$',
  'x-allowed': 'a Kubernetes quantity such as 500m, 1, 512Mi or 2Gi',
} as const;

const storageQuantity = {
  type: 'string',
  pattern: '^[1-9][0-9]*(Mi|Gi|Ti)$',
  'x-allowed': 'a whole storage size in Mi, Gi or Ti, such as 5Gi',
} as const;

const dnsLabel = { $ref: '#/$defs/dnsLabel' } as const;

const hostnameSchema = {
  type: 'string',
  pattern: `^$|${HOSTNAME_PATTERN}`,
  maxLength: 253,
  'x-allowed':
    'a fully qualified lowercase DNS name (not an IP address) such as inngest.example.com, or empty for no public host',
} as const;

const hostname = { $ref: '#/$defs/hostname' } as const;

/** A Kubernetes object name (RFC 1123 subdomain), as Gateway and Issuer names are. */
const dnsSubdomainSchema = {
  type: 'string',
  pattern: DNS_SUBDOMAIN_PATTERN,
  'x-allowed': "a Kubernetes object name: lowercase letters, digits, '-' and '.', at most 253 characters",
} as const;

const dnsSubdomain = { $ref: '#/$defs/dnsSubdomain' } as const;

/** A StorageClass name (a DNS-1123 subdomain), or empty for the cluster's default class. */
const storageClassSchema = {
  type: 'string',
  pattern: `^$|${DNS_SUBDOMAIN_PATTERN}`,
  maxLength: 253,
  'x-allowed':
    "a StorageClass name (lowercase letters, digits, '-' and '.', at most 253 characters), or empty for the cluster default",
} as const;

/** A Git branch, tag or commit: no whitespace anywhere (U+0085 included), nothing Git refuses in a ref. */
const gitRevision = {
  type: 'string',
  minLength: 1,
  pattern: `^${NO_SPACE_CHAR}+$`,
  'x-check': 'git-revision',
} as const;

/** Both cron forms: five fields for a Kubernetes CronJob, six (seconds first) for a CloudNativePG ScheduledBackup. */
const CRON_FIELD = '[0-9A-Za-z*?/,-]+';
const CRON_FORM =
  'each field *, a value, a range a-b or a list a,b with an optional /step; months 1-12 or jan-dec, weekdays 0-6 or sun-sat';

/**
 * Ingress exposure (networking.k8s.io/v1), the default for an environment with a hostname.
 * cert-manager's ingress-shim issues the TLS Secrets from the annotation
 * (cert-manager/website content/docs/usage/ingress.md).
 */
const ingressExposure = {
  type: 'object',
  additionalProperties: false,
  'x-allowed': 'a mapping with className, certManager and controllerNamespace, all optional',
  properties: {
    className: {
      type: 'string',
      pattern: '^$|^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
      'x-allowed': "an IngressClass name, or empty (the default) for the cluster's default IngressClass",
    },
    certManager: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
      properties: { clusterIssuer: dnsSubdomain, issuer: dnsSubdomain },
      'x-allowed':
        "either clusterIssuer: NAME (a cert-manager ClusterIssuer) or issuer: NAME (an Issuer in the environment's namespace); leave it out when the TLS Secrets exist already",
    },
    controllerNamespace: {
      ...dnsLabel,
      'x-allowed':
        "the namespace the ingress controller's pods run in (a DNS label, default ingress-nginx); only it may reach Inngest's public ports",
    },
  },
} as const;

/**
 * Gateway API exposure: HTTPRoutes attached to a Gateway the platform team runs
 * (gateway.networking.k8s.io/v1 ParentReference: namespace, name, optional listener sectionName).
 */
const gatewayExposure = {
  type: 'object',
  additionalProperties: false,
  required: ['namespace', 'name'],
  'x-allowed':
    'a mapping with namespace and name of an existing Gateway, and optionally sectionName and proxyNamespace',
  properties: {
    namespace: { ...dnsLabel, 'x-allowed': "the Gateway's namespace (a DNS label)" },
    name: { ...dnsSubdomain, 'x-allowed': "the Gateway's name (a Kubernetes object name)" },
    sectionName: {
      ...dnsSubdomain,
      'x-allowed':
        'the name of the Gateway listener to attach to (a DNS name); leave it out for every listener that admits the route',
    },
    proxyNamespace: {
      ...dnsLabel,
      'x-allowed':
        "the namespace the Gateway's proxy pods run in (a DNS label; default: the Gateway's namespace; envoy-gateway-system for Envoy Gateway); only it may reach Inngest's public ports",
    },
  },
} as const;

/** An IPv4 or IPv6 CIDR; resolve.ts checks the host bits. */
const cidr = {
  type: 'string',
  pattern: '^([0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}|[0-9a-fA-F:]*:[0-9a-fA-F:]*/[0-9]{1,3})$',
  'x-allowed': 'a CIDR such as 203.0.113.0/24 or 2001:db8::/32',
} as const;

/**
 * Barman Cloud plugin backups (github.com/cloudnative-pg/plugin-barman-cloud web/docs/usage.md).
 * The S3 credentials are a SealedSecret (names.ts providedSecrets.backupCredentials), never an answer.
 */
const postgresBackup = {
  type: 'object',
  additionalProperties: false,
  required: ['destinationPath'],
  'x-allowed': 'a mapping with destinationPath and optionally endpointURL, schedule and retentionPolicy',
  properties: {
    destinationPath: {
      type: 'string',
      pattern: `^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/${NO_SPACE_CHAR}*)?$`,
      'x-allowed': 'an S3 bucket URL and optional folder such as s3://my-backups/inngest/prod; one per environment',
    },
    endpointURL: {
      type: 'string',
      pattern: `^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/${NO_SPACE_CHAR}*)?$`,
      'x-check': 'endpoint-url',
      'x-allowed':
        'the https:// URL of an S3-compatible endpoint such as https://s3.eu-central-1.amazonaws.com, or leave it out for AWS S3',
    },
    schedule: {
      type: 'string',
      pattern: `^${CRON_FIELD}( ${CRON_FIELD}){5}$`,
      'x-check': 'cron-seconds',
      default: '0 0 3 * * *',
      'x-allowed': `six cron fields, seconds first: second minute hour day-of-month month weekday, ${CRON_FORM}; such as "0 0 3 * * *" (daily at 03:00)`,
    },
    retentionPolicy: {
      type: 'string',
      pattern: '^[1-9][0-9]*[dwm]$',
      default: '30d',
      'x-allowed': 'a number of days, weeks or months such as 30d, 4w or 6m',
    },
  },
} as const;

/**
 * An existing server an environment uses instead of its in-cluster store (postgres.mode /
 * valkey.mode external), such as a managed database. Only where it is and how to reach it are
 * answers: the connection string, with its credentials, is a provided secret
 * (names.ts providedSecrets.postgresUri / redisUri), checked against these answers before it is sealed.
 */
const externalHostSchema = {
  type: 'string',
  pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$|^[0-9a-f:.]*:[0-9a-f:.]*$',
  'x-allowed': 'the lowercase DNS name or IP address of the server, as in its connection string',
} as const;

/** Each network is checked in resolve.ts (cidrProblem), with a message that says what is wrong. */
const egressCIDRsSchema = {
  type: 'array',
  minItems: 1,
  items: { type: 'string', 'x-allowed': 'a network in CIDR notation, such as 10.20.0.0/16 or 2001:db8::/64' },
  'x-allowed': "the networks of the server's addresses, such as [10.20.0.0/16]: Inngest's only egress to it",
} as const;

/** One definition for both stores (the compiled validator holds one copy); each adds its defaults. */
const externalServerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['host', 'egressCIDRs'],
  properties: {
    host: externalHostSchema,
    port: { type: 'integer', minimum: 1, maximum: 65535, 'x-allowed': "the server's TCP port, from 1 to 65535" },
    tls: {
      type: 'boolean',
      'x-allowed': 'valkey.external only: true (the default) for rediss://, false for redis://',
    },
    egressCIDRs: egressCIDRsSchema,
  },
} as const;

/** The defaults (port 5432 or 6379, tls true) are applied by resolve.ts: one definition serves both stores. */
const externalPostgres = {
  $ref: '#/$defs/externalServer',
  'x-allowed': 'a mapping with host, port (default 5432) and egressCIDRs',
} as const;

const externalValkey = {
  $ref: '#/$defs/externalServer',
  'x-allowed': 'a mapping with host, port (default 6379), tls (default true) and egressCIDRs',
} as const;

const postgresModes = ['cloudnative-pg', 'external'] as const;
const valkeyModes = ['statefulset', 'external'] as const;

const resources = {
  type: 'object',
  additionalProperties: false,
  required: ['requests', 'limits'],
  properties: {
    requests: {
      type: 'object',
      additionalProperties: false,
      required: ['cpu', 'memory'],
      properties: { cpu: quantity, memory: quantity },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      required: ['cpu', 'memory'],
      properties: { cpu: quantity, memory: quantity },
    },
  },
} as const;

/** Git URLs Argo CD can read: https, http, ssh and scp-like git@host:path; empty while unknown. */
export const REPO_URL_PATTERN = `^$|^(https?://${NO_SPACE_CHAR}+|ssh://${NO_SPACE_CHAR}+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:${NO_SPACE_CHAR}+)$`;

const sealingMethods = ['new-key', 'certificate', 'cluster', 'later'] as const;
export type SealingMethod = (typeof sealingMethods)[number];

const kedaSources = ['metrics-api', 'prometheus', 'sidecar'] as const;
const ciProviders = ['auto', 'github', 'gitlab', 'none'] as const;
type CiProviderAnswer = (typeof ciProviders)[number];
type KedaSource = (typeof kedaSources)[number];

/**
 * Autoscaling of the Inngest Deployment on inngest_queue_depth. Defaults come from the profile;
 * cross-field rules (maxReplicas ≥ minReplicas, an address for the prometheus source) are in resolve.ts.
 */
const keda = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', 'x-allowed': 'true or false; when true KEDA owns the replica count' },
    source: {
      type: 'string',
      enum: kedaSources,
      'x-allowed':
        'metrics-api (KEDA reads Inngest /metrics directly), prometheus (an existing Prometheus) or sidecar (a Prometheus container beside Inngest)',
    },
    minReplicas: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      'x-allowed': 'an integer from 1 to 100: never 0, Inngest also serves the event API and dashboard',
    },
    maxReplicas: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      'x-allowed': 'an integer from 1 to 100, at least keda.minReplicas',
    },
    threshold: {
      type: 'integer',
      minimum: 1,
      maximum: 1000000,
      'x-allowed': 'queued items per replica, an integer from 1 to 1000000',
    },
    prometheusAddress: {
      type: 'string',
      pattern: `^$|^https?://${NO_SPACE_CHAR}+$`,
      'x-check': 'prometheus-url',
      'x-allowed':
        'the Prometheus server URL KEDA queries, such as http://prometheus-operated.monitoring.svc:9090; required for source prometheus',
    },
    prometheusAuth: {
      type: 'string',
      enum: ['none', 'bearer'],
      'x-allowed':
        'none, or bearer (a token from a Secret, through a TriggerAuthentication); only for source prometheus',
    },
    idleQueueDepth: {
      type: 'integer',
      minimum: 0,
      maximum: 1000000,
      'x-allowed':
        'queued items that need no worker now, subtracted before scaling: about one per cron function plus runs that sleep or wait for long; 0 to 1000000, default 0; only for sources prometheus and sidecar',
    },
    prometheusUnsafeSsl: {
      type: 'boolean',
      'x-allowed':
        'true to skip verifying the certificate of an https:// prometheusAddress (KEDA unsafeSsl); false (the default) to verify it; prefer prometheusCA',
    },
    prometheusCA: {
      type: 'boolean',
      'x-allowed':
        'true when an https:// prometheusAddress has a certificate from a private CA: its PEM goes into the Secret inngest-keda-prometheus (key ca) and needs prometheusAuth bearer; default false',
    },
    pollingInterval: {
      type: 'integer',
      minimum: 5,
      maximum: 3600,
      'x-allowed': 'seconds between metric reads, from 5 to 3600',
    },
    cooldownPeriod: { type: 'integer', minimum: 0, maximum: 86400, 'x-allowed': 'seconds, from 0 to 86400' },
  },
} as const;

/**
 * Settings of `inngest start` that land in the inngest-config ConfigMap, with Inngest's own
 * defaults checked against github.com/inngest/inngest cmd/start/cmd.go (flag → INNGEST_<FLAG>
 * variable, cmd/internal/config/config.go) and cmd/root.go (LOG_LEVEL, no INNGEST_ prefix).
 * The same keys may be overridden per environment (environments[].inngest), so they carry no
 * `default` here: the global object's defaults are in `inngestSettingDefaults`.
 */
const inngestSettings = {
  logLevel: {
    type: 'string',
    enum: ['trace', 'debug', 'info', 'warn', 'error'],
    'x-allowed': 'trace, debug, info, warn or error (default info, as inngest start); rendered as LOG_LEVEL',
  },
  sdkUrls: {
    type: 'array',
    items: {
      type: 'string',
      pattern: `^https?://${NO_SPACE_CHAR.replace(']', ',]')}+$`,
      maxLength: 2048,
      'x-check': 'app-url',
      'x-allowed':
        'an http:// or https:// app serve URL without spaces or commas, such as http://my-app.my-namespace.svc.cluster.local:3000/api/inngest',
    },
    uniqueItems: true,
    maxItems: 100,
    'x-allowed': 'a list of app serve URLs Inngest syncs at start (INNGEST_SDK_URL, comma-joined); default none',
  },
  pollInterval: {
    type: 'integer',
    minimum: 1,
    maximum: 86400,
    'x-allowed':
      'seconds between re-checks of apps that are not synced or in error, 1 to 86400; default 5: inngest start falls back to 5 when the flag is 0',
  },
  retryInterval: {
    type: 'integer',
    minimum: 0,
    maximum: 86400,
    'x-allowed':
      'seconds of linear backoff between function retries, 1 to 86400, or 0 for the SDK retry policy; default 0, as inngest start; not rendered',
  },
  queueWorkers: {
    type: 'integer',
    minimum: 1,
    maximum: 10000,
    'x-allowed':
      'executor workers per pod, an integer from 1 to 10000; default 100, as inngest start; add replicas before raising it',
  },
  tick: {
    type: 'integer',
    minimum: 1,
    maximum: 60000,
    'x-allowed': 'milliseconds between queue polls, an integer from 1 to 60000; default 150, as inngest start',
  },
  postgresMaxOpenConns: {
    type: 'integer',
    minimum: 2,
    maximum: 1000,
    'x-allowed':
      'open Postgres connections per pod, an integer from 2 to 1000; default 20; inngest start defaults to 100, which replicas × 100 rarely fits',
  },
  postgresMaxIdleConns: {
    type: 'integer',
    minimum: 0,
    maximum: 1000,
    'x-allowed':
      'idle Postgres connections kept per pod, 0 to 1000 and not above postgresMaxOpenConns; default 5; inngest start defaults to 10',
  },
  postgresConnMaxIdleTime: {
    type: 'integer',
    minimum: 1,
    maximum: 1440,
    'x-allowed': 'minutes a Postgres connection may stay idle, 1 to 1440; default 5, as inngest start',
  },
  postgresConnMaxLifetime: {
    type: 'integer',
    minimum: 1,
    maximum: 1440,
    'x-allowed': 'minutes a Postgres connection may be reused, 1 to 1440; default 30, as inngest start',
  },
  noUI: {
    type: 'boolean',
    'x-allowed':
      'true to turn off the dashboard and its GraphQL API (INNGEST_NO_UI), false to keep them; default false, as inngest start',
  },
  experimentalPromMetrics: {
    type: 'boolean',
    'x-allowed':
      'true to add per-function run and SDK request counters to /metrics (INNGEST_EXPERIMENTAL_PROM_METRICS=1), false for queue depth only; default false',
  },
} as const;

const inngestSettingDefaults: InngestSettings = {
  logLevel: 'info',
  sdkUrls: [],
  pollInterval: 5,
  retryInterval: 0,
  queueWorkers: 100,
  tick: 150,
  postgresMaxOpenConns: 20,
  postgresMaxIdleConns: 5,
  postgresConnMaxIdleTime: 5,
  postgresConnMaxLifetime: 30,
  noUI: false,
  experimentalPromMetrics: false,
};

/**
 * The settings' types are checked once, in $defs (the compiled validator then holds one copy):
 * the global object lists the keys with their defaults, an environment's overrides without.
 */
const inngestSettingsCheck = { allOf: [{ $ref: '#/$defs/inngestSettings' }] } as const;
const inngestSettingKeys = <T>(value: (key: keyof InngestSettings) => T) =>
  Object.fromEntries((Object.keys(inngestSettings) as (keyof InngestSettings)[]).map((key) => [key, value(key)]));

/**
 * History retention: a CronJob that deletes finished runs older than `days` from Postgres
 * (Inngest never deletes history: github.com/inngest/inngest docs/POSTGRES_RETENTION.md).
 * `enabled` defaults from the profile.
 */
const retention = {
  type: 'object',
  additionalProperties: false,
  'x-allowed': 'a mapping with enabled, days and schedule',
  properties: {
    enabled: {
      type: 'boolean',
      'x-allowed': 'true or false; default true for the production profile, false for small',
    },
    days: {
      type: 'integer',
      minimum: 1,
      maximum: 3650,
      'x-allowed': 'days of finished run history to keep, an integer from 1 to 3650; default 30',
    },
    schedule: {
      type: 'string',
      pattern: `^${CRON_FIELD}( ${CRON_FIELD}){4}$`,
      'x-check': 'cron',
      'x-allowed': `five cron fields in UTC: minute hour day-of-month month weekday, ${CRON_FORM}; default "17 3 * * *", daily at 03:17`,
    },
  },
} as const;

/** Resources appear three times per environment: one definition, so the compiled validator holds one copy. */
const resourcesRef = { $ref: '#/$defs/resources' } as const;

const environment = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: dnsLabel,
    profile: {
      type: 'string',
      enum: ['small', 'production'],
      'x-allowed':
        'small or production; defaults to production for an environment named prod or production, else small',
    },
    namespace: dnsLabel,
    targetRevision: { ...gitRevision, 'x-allowed': 'a Git branch, tag or commit without spaces' },
    cluster: {
      type: 'string',
      pattern: `^https://${NO_SPACE_CHAR}+$`,
      'x-check': 'cluster-url',
      'x-allowed':
        'the Kubernetes API server URL Argo CD deploys to, such as https://kubernetes.default.svc; spelled as the cluster is registered in Argo CD',
    },
    replicas: { type: 'integer', minimum: 1, maximum: 100, 'x-allowed': 'an integer from 1 to 100' },
    resources: resourcesRef,
    hostname,
    ingress: ingressExposure,
    gateway: gatewayExposure,
    ingressClassName: {
      ...ingressExposure.properties.className,
      'x-allowed': 'the IngressClass recorded by create-inngest-gitops 0.2 and earlier; now ingress.className',
    },
    appNamespaces: {
      type: 'array',
      items: { ...dnsLabel, type: 'string' },
      uniqueItems: true,
      maxItems: 100,
      'x-allowed':
        'namespaces whose pods may call Inngest inside the cluster (event API, app sync, Connect); default none: apps then go through the public host',
    },
    postgres: {
      type: 'object',
      additionalProperties: false,
      properties: {
        mode: {
          enum: postgresModes,
          'x-allowed':
            'cloudnative-pg (the default, in the namespace) or external (an existing server: postgres.external)',
        },
        external: externalPostgres,
        instances: { type: 'integer', minimum: 1, maximum: 9, 'x-allowed': 'an integer from 1 to 9' },
        storageSize: storageQuantity,
        storageClass: { $ref: '#/$defs/storageClass' },
        maxConnections: { type: 'integer', minimum: 10, maximum: 10000, 'x-allowed': 'an integer from 10 to 10000' },
        deletionProtection: {
          type: 'boolean',
          'x-allowed':
            'true (the default) to keep the CloudNativePG Cluster, and with it the database, when Argo CD prunes it or deletes the environment (argocd.argoproj.io/sync-options: Delete=false,Prune=false); false to let Argo CD delete it',
        },
        resources: resourcesRef,
        backup: postgresBackup,
      },
    },
    valkey: {
      type: 'object',
      additionalProperties: false,
      properties: {
        mode: {
          enum: valkeyModes,
          'x-allowed': 'statefulset (the default, in the namespace) or external (an existing server: valkey.external)',
        },
        external: externalValkey,
        storageSize: storageQuantity,
        storageClass: { $ref: '#/$defs/storageClass' },
        maxMemory: {
          ...quantity,
          pattern: '^[1-9][0-9]*(Mi|Gi)$',
          'x-allowed': 'a memory size in Mi or Gi, such as 512Mi',
        },
        resources: resourcesRef,
      },
    },
    keda,
    inngest: {
      type: 'object',
      additionalProperties: false,
      properties: inngestSettingKeys(() => ({})),
      ...inngestSettingsCheck,
      'x-allowed': 'overrides of the inngest settings for this environment only',
    },
    retention,
    image: {
      type: 'object',
      additionalProperties: false,
      properties: {
        tag: {
          type: 'string',
          pattern: imageTagPattern,
          maxLength: IMAGE_TAG_MAX_LENGTH,
          'x-allowed': imageTagAllowed,
        },
        digest: {
          type: 'string',
          pattern: imageDigestPattern,
          'x-allowed': imageDigestAllowed,
        },
      },
      'x-allowed': "this environment's own Inngest image pin, written by set-image; it wins over image.tag",
    },
    connectHostname: {
      ...hostname,
      'x-allowed':
        'a fully qualified lowercase DNS name for the Connect gateway, for WebSocket workers outside the cluster, such as connect.inngest.example.com; or empty (the default) for none',
    },
    connectSourceRanges: {
      type: 'array',
      items: cidr,
      uniqueItems: true,
      maxItems: 64,
      'x-allowed':
        'the client address ranges that may open Connect worker connections, such as ["203.0.113.0/24"]; required with connectHostname; ["0.0.0.0/0", "::/0"] allows anyone and must be written out',
    },
  },
} as const;

export const answersSchema = {
  $id: 'https://github.com/create-inngest-gitops/answers.json',
  $defs: {
    dnsLabel: dnsLabelSchema,
    dnsSubdomain: dnsSubdomainSchema,
    hostname: hostnameSchema,
    storageClass: storageClassSchema,
    resources,
    inngestSettings: { type: 'object', properties: inngestSettings },
    externalServer: externalServerSchema,
  },
  type: 'object',
  additionalProperties: false,
  properties: {
    name: {
      ...dnsLabel,
      type: 'string',
      maxLength: 40,
      default: 'inngest',
      'x-allowed': "a DNS label of at most 40 characters: lowercase letters, digits and '-'",
    },
    repoURL: {
      type: 'string',
      pattern: REPO_URL_PATTERN,
      'x-check': 'repository-url',
      default: '',
      'x-allowed': 'https://…, http://…, ssh://… or git@host:org/repo.git; empty until known',
    },
    image: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        repository: {
          type: 'string',
          pattern: '^[a-z0-9]+([._/-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$',
          maxLength: 255,
          'x-check': 'image-repository',
          default: images.inngest.repository,
          'x-allowed': 'an image name without tag, such as inngest/inngest or registry.example.com/mirror/inngest',
        },
        tag: {
          type: 'string',
          pattern: imageTagPattern,
          maxLength: IMAGE_TAG_MAX_LENGTH,
          default: images.inngest.tag,
          'x-allowed': imageTagAllowed,
        },
      },
    },
    inngest: {
      type: 'object',
      additionalProperties: false,
      default: {},
      ...inngestSettingsCheck,
      properties: {
        ...inngestSettingKeys((key) => ({ default: inngestSettingDefaults[key] })),
        terminationGracePeriodSeconds: {
          type: 'integer',
          minimum: 60,
          maximum: 86400,
          default: 120,
          'x-allowed': 'seconds, from 60 to 86400: as long as the longest step may run',
        },
        appEgressPorts: {
          type: 'array',
          items: { type: 'integer', minimum: 1, maximum: 65535 },
          uniqueItems: true,
          default: [80, 443, 3000, 8080],
          'x-allowed': 'a list of TCP ports Inngest may call app SDK URLs on',
        },
      },
    },
    monitoring: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: {
          type: 'boolean',
          default: false,
          'x-allowed':
            'true to generate Prometheus Operator PodMonitors for Inngest, PostgreSQL and Valkey, with a redis_exporter sidecar; false (the default) for none',
        },
        prometheusNamespace: {
          ...dnsLabel,
          default: 'monitoring',
          'x-allowed':
            'the namespace the Prometheus pods run in (a DNS label, default monitoring); NetworkPolicies admit scrapes from there',
        },
      },
    },
    argocd: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        namespace: {
          ...dnsLabel,
          default: ARGOCD_DEFAULTS.namespace,
          'x-allowed': 'the namespace Argo CD runs in (a DNS label)',
        },
        revision: {
          ...gitRevision,
          default: ARGOCD_DEFAULTS.revision,
          'x-allowed': 'the Git branch, tag or commit the root Application reads argocd/apps from',
        },
      },
    },
    platform: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        installOperators: {
          type: 'boolean',
          default: true,
          'x-allowed':
            'true to generate Argo CD Applications for the CloudNativePG, KEDA and Sealed Secrets operators (and, where an environment has backups, the Barman Cloud plugin and cert-manager); false if the cluster already has them',
        },
        installCertManager: {
          type: 'boolean',
          default: true,
          'x-allowed':
            'true to install cert-manager with the Barman Cloud backup plugin, which needs it; false if the cluster already runs cert-manager',
        },
        kedaNamespace: {
          ...dnsLabel,
          default: KEDA_DEFAULTS.namespace,
          'x-allowed':
            'the namespace the KEDA operator runs in (a DNS label, default keda); NetworkPolicies admit its pods to the metric',
        },
      },
    },
    network: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        dns: {
          type: 'string',
          enum: ['kube-dns', 'node-local-dns', 'openshift'],
          default: 'kube-dns',
          'x-allowed':
            'kube-dns (CoreDNS or kube-dns pods labelled k8s-app=kube-dns in kube-system, port 53; the default), node-local-dns (those plus NodeLocal DNSCache on network.nodeLocalDnsAddresses) or openshift (the dns-default pods in openshift-dns, port 5353)',
        },
        nodeLocalDnsAddresses: {
          type: 'array',
          items: {
            type: 'string',
            pattern:
              '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/32$|^[0-9a-fA-F:]*:[0-9a-fA-F:]*/128$',
            'x-allowed': 'one address as a CIDR: an IPv4 /32 such as 169.254.20.10/32, or an IPv6 /128',
          },
          minItems: 1,
          uniqueItems: true,
          default: ['169.254.20.10/32'],
          'x-allowed':
            'the addresses NodeLocal DNSCache answers on, as /32 CIDRs: its link-local address (default 169.254.20.10/32) and, with kube-proxy in iptables mode, the kube-dns Service IP; used with network.dns node-local-dns',
        },
        kubernetesApiPorts: {
          type: 'array',
          items: { type: 'integer', minimum: 1, maximum: 65535 },
          minItems: 1,
          uniqueItems: true,
          default: [...KUBERNETES_API_PORTS],
          'x-allowed':
            "the TCP ports pods reach the Kubernetes API on: the kubernetes Service port and the API servers' own port (default 443 and 6443; minikube serves 8443)",
        },
      },
    },
    sealing: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        controllerName: {
          ...dnsLabel,
          default: SEALED_SECRETS_DEFAULTS.controllerName,
          'x-allowed': 'the Sealed Secrets controller Service name (kubeseal --controller-name)',
        },
        controllerNamespace: {
          ...dnsLabel,
          default: SEALED_SECRETS_DEFAULTS.controllerNamespace,
          'x-allowed': 'the namespace of the Sealed Secrets controller (kubeseal --controller-namespace)',
        },
        method: {
          type: 'string',
          enum: sealingMethods,
          default: 'later',
          'x-allowed': 'new-key (a key pair in keyFolder), certificate (--cert), cluster (--fetch-cert) or later',
        },
        keyFolder: {
          type: 'string',
          pattern: '^$|^(~|~/.*|/.*)$',
          default: '',
          'x-allowed': 'the folder of a new controller key, outside the repository, as ~/… or absolute',
        },
      },
    },
    ci: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        provider: {
          type: 'string',
          enum: ciProviders,
          default: 'auto',
          'x-allowed': 'auto (by the repoURL host: github.com, gitlab.com or ci.gitlabHosts), github, gitlab or none',
        },
        gitlabHosts: {
          type: 'array',
          items: {
            type: 'string',
            pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$',
            'x-allowed': 'a host name such as gitlab.example.com',
          },
          default: [],
          'x-allowed': 'hosts ci.provider auto treats as GitLab',
        },
      },
    },
    renovate: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: {
          type: 'boolean',
          default: true,
          'x-allowed': 'true or false: renovate.json',
        },
        automerge: {
          type: 'array',
          // Each one must name an environment (resolve.ts), so no pattern here.
          items: { type: 'string' },
          'x-allowed': 'environments whose Inngest updates Renovate merges; default: those of profile small',
        },
        daysBetweenEnvironments: {
          type: 'integer',
          minimum: 0,
          maximum: 60,
          default: 3,
          'x-allowed': 'days between an Inngest release reaching one environment and the next, 0 to 60',
        },
      },
    },
    environments: {
      type: 'array',
      minItems: 1,
      maxItems: 10,
      items: environment,
      default: [{ name: 'stage' }, { name: 'prod' }],
      'x-allowed': 'a list of 1 to 10 environments, each with at least a name',
    },
  },
} as const;

export type Profile = 'small' | 'production';
type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

export interface PostgresBackup {
  /** s3://bucket/folder; the WAL archive and base backups go below it, one folder per environment. */
  destinationPath: string;
  /** S3-compatible endpoint; absent means AWS S3. */
  endpointURL?: string;
  /** Six-field cron (seconds first) for the ScheduledBackup. */
  schedule: string;
  /** Barman retention such as 30d. */
  retentionPolicy: string;
}

export interface Environment {
  name: string;
  profile: Profile;
  namespace: string;
  targetRevision: string;
  cluster: string;
  replicas: number;
  resources: Resources;
  /** Public hostname of the Inngest API; empty means no public exposure. */
  hostname: string;
  /** How the public hosts are exposed: exactly one of the two when hostname is set, neither without. */
  ingress?: IngressExposure;
  gateway?: GatewayExposure;
  /** Namespaces whose pods may reach Inngest's API and Connect ports inside the cluster. */
  appNamespaces: string[];
  postgres: {
    /** cloudnative-pg: the Cluster below; external: an existing server, the other settings unused. */
    mode: PostgresMode;
    external?: ExternalPostgres;
    instances: number;
    storageSize: string;
    storageClass: string;
    maxConnections: number;
    /** Argo CD never deletes or prunes the Cluster (and so its PVCs): see the generated README. */
    deletionProtection: boolean;
    resources: Resources;
    /** Continuous backup to an object store; absent means no backups. */
    backup?: PostgresBackup;
  };
  valkey: {
    /** statefulset: the StatefulSet below; external: an existing server, the other settings unused. */
    mode: ValkeyMode;
    external?: ExternalValkey;
    storageSize: string;
    storageClass: string;
    maxMemory: string;
    resources: Resources;
  };
  keda: KedaSettings;
  /** Settings that differ from the global `inngest` ones in this environment only (as given). */
  inngest: Partial<InngestSettings>;
  retention: RetentionSettings;
  /** Public hostname of the Connect gateway (WebSocket); empty means none. */
  connectHostname: string;
  /** Client CIDRs allowed to reach the Connect host; required with connectHostname. */
  connectSourceRanges: string[];
  /** This environment's own image pin (set-image writes it); absent means answers.image.tag. */
  image?: { tag?: string; digest?: string };
}

export interface IngressExposure {
  /** IngressClass name; empty means the cluster's default IngressClass. */
  className: string;
  /** The cert-manager issuer annotated on the Ingresses; absent means the TLS Secrets are provided. */
  certManager?: { clusterIssuer: string } | { issuer: string };
  /** Where the ingress controller's pods run: the NetworkPolicy admits them. */
  controllerNamespace: string;
}

export interface GatewayExposure {
  namespace: string;
  name: string;
  /** The listener to attach to; absent means every listener that admits the route. */
  sectionName?: string;
  /** Where the Gateway's proxy pods run; absent means the Gateway's namespace. */
  proxyNamespace?: string;
}

type PostgresMode = (typeof postgresModes)[number];
type ValkeyMode = (typeof valkeyModes)[number];

export interface ExternalPostgres {
  host: string;
  port: number;
  /** The networks the server's addresses are in: Inngest's only Postgres egress. */
  egressCIDRs: string[];
}

export interface ExternalValkey {
  host: string;
  port: number;
  /** rediss:// (TLS) rather than redis://. */
  tls: boolean;
  egressCIDRs: string[];
}

export interface RetentionSettings {
  enabled: boolean;
  /** Days of finished run history to keep. */
  days: number;
  /** Five-field cron, UTC. */
  schedule: string;
}

/** `inngest start` settings rendered into the inngest-config ConfigMap. */
export interface InngestSettings {
  logLevel: LogLevel;
  /** App serve URLs synced at start; INNGEST_SDK_URL, comma-joined; not rendered when empty. */
  sdkUrls: string[];
  /** Seconds. */
  pollInterval: number;
  /** Seconds of linear retry backoff; 0 = not set. */
  retryInterval: number;
  queueWorkers: number;
  /** Milliseconds. */
  tick: number;
  postgresMaxOpenConns: number;
  postgresMaxIdleConns: number;
  /** Minutes. */
  postgresConnMaxIdleTime: number;
  /** Minutes. */
  postgresConnMaxLifetime: number;
  noUI: boolean;
  experimentalPromMetrics: boolean;
}

export interface KedaSettings {
  enabled: boolean;
  source: KedaSource;
  minReplicas: number;
  maxReplicas: number;
  threshold: number;
  /** Empty unless source is prometheus. */
  prometheusAddress: string;
  prometheusAuth: 'none' | 'bearer';
  /** Queued items subtracted from the queue depth before scaling (prometheus and sidecar sources). */
  idleQueueDepth: number;
  /** KEDA unsafeSsl on the prometheus source. */
  prometheusUnsafeSsl: boolean;
  /** The prometheus source trusts a private CA from the provided Secret (key ca). */
  prometheusCA: boolean;
  pollingInterval: number;
  cooldownPeriod: number;
}

type DnsProvider = 'kube-dns' | 'node-local-dns' | 'openshift';

/** What the NetworkPolicies need to know about the cluster's network. */
export interface NetworkSettings {
  dns: DnsProvider;
  /** /32 (or /128) CIDRs NodeLocal DNSCache answers on; used with dns node-local-dns. */
  nodeLocalDnsAddresses: string[];
  kubernetesApiPorts: number[];
}

export interface Answers {
  name: string;
  repoURL: string;
  image: { repository: string; tag: string };
  inngest: InngestSettings & {
    terminationGracePeriodSeconds: number;
    appEgressPorts: number[];
  };
  monitoring: { enabled: boolean; prometheusNamespace: string };
  argocd: { namespace: string; revision: string };
  platform: { installOperators: boolean; installCertManager: boolean; kedaNamespace: string };
  network: NetworkSettings;
  sealing: {
    controllerName: string;
    controllerNamespace: string;
    /** How this repository's secrets are sealed; the bootstrap steps follow from it. */
    method: SealingMethod;
    /** Where a new controller key lives (method new-key): `~/…` or absolute, outside the repository. */
    keyFolder: string;
  };
  /** Which CI files the repository gets; auto follows repoURL (answers/ci.ts). */
  ci: { provider: CiProviderAnswer; gitlabHosts: string[] };
  /** renovate.json; automerge absent means every environment of the small profile. */
  renovate: { enabled: boolean; automerge?: string[]; daysBetweenEnvironments: number };
  environments: Environment[];
}

/** What a config file or the flags may give: anything may be left out. */
export type PartialAnswers = DeepPartial<Answers>;
type DeepPartial<T> = T extends (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
