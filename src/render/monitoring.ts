import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { Answers } from '../answers/schema.js';
import { objectNames, ports, secrets } from '../model/names.js';
import { images } from '../model/versions.js';
import { objectMeta, selectorLabels, SKIP_DRY_RUN_IF_CRD_MISSING } from '../model/labels.js';
import { waves } from '../model/waves.js';
import { restrictedContainerSecurity, tcpPort } from './pod-security.js';
import { postgresConnection } from '../model/postgres-connection.js';
import type { Component, PatchFile } from './types.js';
import { deleteObjectPatch } from './connection-patch.js';
import { usesCloudNativePg, usesValkeyStatefulSet } from '../answers/stores.js';

/**
 * Prometheus Operator scraping (monitoring.coreos.com/v1), when monitoring.enabled:
 * - Inngest's /metrics on its http port (inngest_queue_depth, plus per-function counters with
 *   inngest.experimentalPromMetrics; unauthenticated since v1.19.0, inngest/inngest PR #4070);
 * - the CloudNativePG instances' exporter, with a PodMonitor of our own: the operator's
 *   spec.monitoring.enablePodMonitor is deprecated (cloudnative-pg docs/src/monitoring.md);
 * - Valkey, through a redis_exporter sidecar the overlays add to its StatefulSet.
 * PodMonitors rather than ServiceMonitors: none of the three needs a Service for metrics
 * (CNPG's Services carry no metrics port), and every pod is scraped, not one behind a Service.
 * NetworkPolicies add up, so PostgreSQL and Valkey each get one that admits the Prometheus
 * namespace on their metrics port only; the other components' policies stay as they are.
 */
const app = { name: 'inngest-monitoring', component: 'monitoring' };
const EXPORTER = 'metrics';
/** Every 30 s: each Inngest scrape pages through the queue index in Valkey (research: pkg/metrics). */
const INTERVAL = '30s';

export const monitoring: Component = {
  name: 'monitoring',
  enabled: (answers) => answers.monitoring.enabled,
  base(answers) {
    return {
      manifests: [
        { file: 'podmonitors.yaml', objects: podMonitors(answers) },
        { file: 'networkpolicies.yaml', objects: scrapePolicies(answers) },
      ],
    };
  },
  overlay(answers, env) {
    // An environment on an external server scrapes nothing of that store: its provider monitors it.
    const patches: PatchFile[] = [];
    if (usesValkeyStatefulSet(env)) patches.push(valkeyExporterPatch());
    else if (answers.environments.some(usesValkeyStatefulSet)) patches.push(...deleteStoreScrape(objectNames.valkey));
    if (!usesCloudNativePg(env) && answers.environments.some(usesCloudNativePg))
      patches.push(...deleteStoreScrape(objectNames.postgresCluster));
    return { patches };
  },
};

/** Where the base scrapes a store this environment does not run: its PodMonitor and scrape policy go. */
function deleteStoreScrape(name: string): PatchFile[] {
  return [
    deleteObjectPatch(`${name}-podmonitor-delete.yaml`, 'monitoring.coreos.com/v1', 'PodMonitor', name),
    deleteObjectPatch(`${name}-metrics-delete.yaml`, 'networking.k8s.io/v1', 'NetworkPolicy', `${name}-metrics`),
  ];
}

function podMonitor(
  answers: Answers,
  name: string,
  matchLabels: Record<string, string>,
  port: string,
  path = '/metrics',
): PodMonitor {
  return new PodMonitor({
    metadata: objectMeta(answers, name, app, waves.external, { annotations: { ...SKIP_DRY_RUN_IF_CRD_MISSING } }),
    spec: {
      selector: { matchLabels },
      podMetricsEndpoints: [{ port, path, interval: INTERVAL }],
    },
  });
}

function podMonitors(answers: Answers): PodMonitor[] {
  return [
    podMonitor(answers, objectNames.inngest, selectorLabels(answers, 'inngest'), 'http'),
    ...(answers.environments.some(usesCloudNativePg)
      ? [podMonitor(answers, objectNames.postgresCluster, { ...postgresConnection().podLabels }, 'metrics')]
      : []),
    ...(answers.environments.some(usesValkeyStatefulSet)
      ? [podMonitor(answers, objectNames.valkey, selectorLabels(answers, 'valkey'), EXPORTER)]
      : []),
  ];
}

/** Admits the Prometheus pods' namespace to one set of pods on one port. */
function scrapePolicy(
  answers: Answers,
  name: string,
  matchLabels: Record<string, string>,
  port: number,
): NetworkPolicy {
  return new NetworkPolicy({
    metadata: objectMeta(answers, `${name}-metrics`, app, waves.infrastructure),
    spec: {
      podSelector: { matchLabels },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': answers.monitoring.prometheusNamespace },
              },
            },
          ],
          ports: [tcpPort(port)],
        },
      ],
    },
  });
}

/**
 * PostgreSQL and Valkey only: Inngest's own NetworkPolicy (render/inngest.ts) decides who reaches
 * its port 8288, Prometheus included, and a second policy for the same port would only widen it.
 */
function scrapePolicies(answers: Answers): NetworkPolicy[] {
  return [
    ...(answers.environments.some(usesCloudNativePg)
      ? [
          scrapePolicy(
            answers,
            objectNames.postgresCluster,
            { ...postgresConnection().podLabels },
            ports.postgresMetrics,
          ),
        ]
      : []),
    ...(answers.environments.some(usesValkeyStatefulSet)
      ? [scrapePolicy(answers, objectNames.valkey, selectorLabels(answers, 'valkey'), ports.valkeyMetrics)]
      : []),
  ];
}

/**
 * redis_exporter reads REDIS_ADDR and REDIS_PASSWORD (github.com/oliver006/redis_exporter
 * main.go); the password comes from the Valkey Secret.
 */
function valkeyExporter(): IContainer {
  return {
    name: EXPORTER,
    image: `${images.redisExporter.repository}:${images.redisExporter.tag}`,
    imagePullPolicy: 'IfNotPresent',
    env: [
      { name: 'REDIS_ADDR', value: `redis://localhost:${ports.valkey}` },
      {
        name: 'REDIS_PASSWORD',
        valueFrom: { secretKeyRef: { name: secrets.valkey.name, key: secrets.valkey.keys.password } },
      },
    ],
    ports: [{ name: EXPORTER, containerPort: ports.valkeyMetrics, protocol: 'TCP' }],
    // Every probe asks the exporter only, never Valkey through it: /health answers "ok" whenever
    // the exporter serves (exporter/http.go healthHandler), so a Valkey outage cannot fail it,
    // and the pod's readiness stays Valkey's own unless the exporter process itself is gone.
    startupProbe: { tcpSocket: { port: EXPORTER }, periodSeconds: 5, failureThreshold: 12 },
    livenessProbe: { tcpSocket: { port: EXPORTER }, periodSeconds: 20, failureThreshold: 3 },
    readinessProbe: { httpGet: { path: '/health', port: EXPORTER }, periodSeconds: 10, failureThreshold: 3 },
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
    securityContext: restrictedContainerSecurity(),
  };
}

/** Adds the exporter to the Valkey pod (containers merge by name). */
function valkeyExporterPatch(): PatchFile {
  return {
    file: 'valkey-metrics-exporter.yaml',
    patch: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: objectNames.valkey },
      spec: { template: { spec: { containers: [valkeyExporter()] } } },
    },
  };
}
