/**
 * Every pinned version the generated repository uses, in one table.
 * Bump here, regenerate the example (`npm run example`), and the drift test shows the change.
 */
export const GENERATOR_NAME = 'create-inngest-gitops';

export const images = {
  /**
   * Newest Inngest release (github.com/inngest/inngest tags; npm inngest-cli 1.45.1).
   * v1.42.0 or later is required for Connect across replicas (inngest/inngest#4709, PR #4714).
   */
  inngest: { repository: 'inngest/inngest', tag: 'v1.45.1' },
  /**
   * CloudNativePG operand image, PostgreSQL 17 (Inngest's own CI and Helm chart use 17:
   * github.com/inngest/inngest .github/workflows/e2e.yml). The `standard` flavour is the one
   * github.com/cloudnative-pg/postgres-containers recommends with backup plugins such as
   * Barman Cloud; `system` images are kept only for backward compatibility. Tag scheme
   * <major>.<minor>-<type>-<debian> as in the trixie image catalogs CNPG 1.30 defaults to
   * (its own default is 18.x-system-trixie, pkg/versions/versions.go). Evidence that
   * 17.11-standard-trixie is published: it is pinned, by tag and by digest, in many public
   * repositories (found with GitHub code search, 2026). Switching between system and
   * standard images on an existing cluster is not supported, so choose before the first sync.
   */
  postgres: { repository: 'ghcr.io/cloudnative-pg/postgresql', tag: '17.11-standard-trixie' },
  /**
   * Official Valkey image (hub.docker.com/r/valkey/valkey, Dockerfiles in
   * github.com/valkey-io/valkey-container: Debian trixie-slim, user valkey uid/gid 999,
   * WORKDIR /data). 9.1.2 is the newest 9.1 patch release seen pinned in public repositories
   * (2026); the official chart github.com/valkey-io/valkey-helm ships appVersion 9.1.1.
   */
  valkey: { repository: 'valkey/valkey', tag: '9.1.2' },
  /**
   * The Prometheus sidecar of keda.source sidecar: 3.13 is the current long-term-support line
   * (github.com/prometheus/prometheus releases v3.13.0, 2026-07-01, "Long Term Support release").
   */
  prometheus: { repository: 'prom/prometheus', tag: 'v3.13.0' },
  /**
   * Prometheus exporter beside Valkey (monitoring.enabled). v1.79.0 is the tag the official
   * Valkey chart pins (github.com/valkey-io/valkey-helm valkey/values.yaml metrics.exporter.image).
   * The image runs as uid 59000 from scratch (github.com/oliver006/redis_exporter docker/Dockerfile).
   */
  redisExporter: { repository: 'ghcr.io/oliver006/redis_exporter', tag: 'v1.79.0' },
} as const;

/** CNPG-I plugin name of the Barman Cloud plugin (github.com/cloudnative-pg/plugin-barman-cloud, v0.13.0 and v0.14.0). */
export const BARMAN_CLOUD_PLUGIN = 'barman-cloud.cloudnative-pg.io';

export interface HelmChart {
  repoURL: string;
  chart: string;
  version: string;
  /** The application version the chart version ships, for the README. */
  appVersion: string;
}

/** Operator Helm charts the platform Applications install (platform.installOperators). */
export const charts = {
  /** cloudnative-pg.github.io/charts index.yaml: cloudnative-pg 0.29.0 has appVersion 1.30.0 (released 2026-06-29). */
  cloudnativePg: {
    repoURL: 'https://cloudnative-pg.github.io/charts',
    chart: 'cloudnative-pg',
    version: '0.29.0',
    appVersion: '1.30.0',
  },
  /** github.com/kedacore/charts release v2.20.2: "Chart: v2.20.2 | App: v2.20.2". */
  keda: { repoURL: 'https://kedacore.github.io/charts', chart: 'keda', version: '2.20.2', appVersion: '2.20.2' },
  /**
   * Newest cert-manager release, v1.21.1 (tag v1.21.1; cert-manager/website content/docs/variables.json
   * cert_manager_latest_version). Chart versions carry the v. charts.jetstack.io is the legacy
   * repository, published a few hours after oci://quay.io/jetstack/charts/cert-manager
   * (cert-manager/website content/docs/installation/helm.md); an https repository works with every
   * Argo CD without extra repository settings.
   */
  certManager: {
    repoURL: 'https://charts.jetstack.io',
    chart: 'cert-manager',
    version: 'v1.21.1',
    appVersion: 'v1.21.1',
  },
  /**
   * cloudnative-pg.github.io/charts index.yaml: plugin-barman-cloud 0.7.0 (2026-06-10), appVersion
   * v0.13.0, the newest chart (charts/plugin-barman-cloud/Chart.yaml at tag plugin-barman-cloud-v0.7.0);
   * plugin v0.14.0 has no chart yet and changes no CRD or RBAC (plugin-barman-cloud
   * git diff v0.13.0 v0.14.0 -- config/crd config/rbac is empty). Needs CloudNativePG 1.26+.
   */
  barmanCloud: {
    repoURL: 'https://cloudnative-pg.github.io/charts',
    chart: 'plugin-barman-cloud',
    version: '0.7.0',
    appVersion: 'v0.13.0',
  },
  /** github.com/bitnami-labs/sealed-secrets helm/sealed-secrets/Chart.yaml at tag helm-v2.18.5: appVersion 0.36.6. */
  sealedSecrets: {
    repoURL: 'https://bitnami-labs.github.io/sealed-secrets',
    chart: 'sealed-secrets',
    version: '2.18.5',
    appVersion: '0.36.6',
  },
} as const satisfies Record<string, HelmChart>;

/**
 * The oldest Inngest release we generate for: the Connect HA flags the Deployment sets
 * (INNGEST_CONNECT_*_GRPC_IP/PORT) first shipped in v1.42.0 (inngest/inngest#4714).
 */
export const MIN_INNGEST_VERSION = [1, 42, 0] as const;

/** Whether a vX.Y.Z[-pre] tag is at least MIN_INNGEST_VERSION (a pre-release of 1.42.0 is not). */
export function isSupportedInngestTag(tag: string): boolean {
  const match = /^v(\d+)\.(\d+)\.(\d+)(-.+)?$/.exec(tag);
  if (!match) return false;
  const version = [Number(match[1]), Number(match[2]), Number(match[3])];
  for (let i = 0; i < 3; i++) {
    if (version[i]! !== MIN_INNGEST_VERSION[i]) return version[i]! > MIN_INNGEST_VERSION[i]!;
  }
  return match[4] === undefined;
}

/**
 * What the generated validation pipeline and image update run on. GitHub actions are pinned by
 * full commit SHA (the commit each release tag points to in its repository); kubectl by release,
 * with the sha256 dl.k8s.io publishes beside the binary (dl.k8s.io/release/v1.35.0/bin/linux/amd64/kubectl.sha256,
 * the same value pinned in many public repositories). The generated repository's renovate.json
 * leaves these alone: `create-inngest-gitops upgrade` moves them.
 */
export const ciPins = {
  actions: {
    /** github.com/actions/checkout tag v7.0.1 (node24). */
    checkout: { uses: 'actions/checkout', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1' },
    /** github.com/actions/setup-node tag v7.0.0 (node24). */
    setupNode: { uses: 'actions/setup-node', sha: '820762786026740c76f36085b0efc47a31fe5020', version: 'v7.0.0' },
    /** github.com/actions/cache tag v5.0.5 (node24). */
    cache: { uses: 'actions/cache', sha: '27d5ce7f107fe9357f9df03efb73ab90386fccae', version: 'v5.0.5' },
  },
  /**
   * Node.js 24 LTS ("krypton", maintained until 2028-04-30). The GitLab jobs run the official
   * image's Debian trixie variant (github.com/nodejs/docker-node 24/trixie/Dockerfile: built on
   * buildpack-deps:trixie, so curl, git and ca-certificates are there).
   */
  node: { version: '24.19.0', gitlabImage: 'node:24.19.0-trixie' },
  kubectl: {
    version: 'v1.35.0',
    platform: 'linux/amd64',
    sha256: 'a2e984a18a0c063279d692533031c1eff93a262afcc0afdc517375432d060989',
  },
} as const;

/**
 * The Argo CD release the next steps install: v3.5.1, the newest (github.com/argoproj/argo-cd tag
 * v3.5.1, 2026-08-12; its manifests/install.yaml runs quay.io/argoproj/argocd:v3.5.1). Installed
 * as docs/getting_started.md says, with server-side apply (the ApplicationSet CRD is too large for
 * client-side apply's last-applied annotation), from the tag rather than the moving `stable` branch.
 */
export const ARGOCD_VERSION = 'v3.5.1';
export const ARGOCD_INSTALL_MANIFEST = `https://raw.githubusercontent.com/argoproj/argo-cd/${ARGOCD_VERSION}/manifests/install.yaml`;
