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
   * The Prometheus sidecar of keda.source sidecar: 3.13 is the current long-term-support line
   * (github.com/prometheus/prometheus releases v3.13.0, 2026-07-01, "Long Term Support release").
   */
  prometheus: { repository: 'prom/prometheus', tag: 'v3.13.0' },
} as const;

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
  cloudnativePg: { repoURL: 'https://cloudnative-pg.github.io/charts', chart: 'cloudnative-pg', version: '0.29.0', appVersion: '1.30.0' },
  /** github.com/kedacore/charts release v2.20.2: "Chart: v2.20.2 | App: v2.20.2". */
  keda: { repoURL: 'https://kedacore.github.io/charts', chart: 'keda', version: '2.20.2', appVersion: '2.20.2' },
  /** github.com/bitnami-labs/sealed-secrets helm/sealed-secrets/Chart.yaml at tag helm-v2.18.5: appVersion 0.36.6. */
  sealedSecrets: { repoURL: 'https://bitnami-labs.github.io/sealed-secrets', chart: 'sealed-secrets', version: '2.18.5', appVersion: '0.36.6' },
} as const satisfies Record<string, HelmChart>;

/** The oldest Inngest release we generate for: Connect HA flags first shipped in v1.42.0. */
export const MIN_INNGEST_VERSION = [1, 42, 0] as const;
