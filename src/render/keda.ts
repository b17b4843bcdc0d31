import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import type { IComGithubKedacoreKedaV2ApisKedaV1alpha1ScaleTriggers as IScaleTrigger } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaleTriggers';
import type { IComGithubKedacoreKedaV2ApisKedaV1alpha1AdvancedConfig as IAdvancedConfig } from '@kubernetes-models/keda/keda.sh/v1alpha1/AdvancedConfig';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { Answers, Environment } from '../answers/schema.js';
import {
  kedaNames,
  objectNames,
  platform,
  ports,
  providedSecrets,
  QUEUE_DEPTH_METRIC,
  serviceHost,
} from '../model/names.js';
import { images } from '../model/versions.js';
import { toYaml } from '../core/yaml.js';
import { objectMeta, selectorLabels } from '../model/labels.js';
import { waves } from '../model/waves.js';
import { restrictedContainerSecurity, tcpPort } from './pod-security.js';
import type { Component, ComponentOverlay, ManifestFile, PatchFile } from './types.js';

/**
 * Queue-depth autoscaling of the Inngest Deployment with KEDA (keda.sh/v1alpha1, KEDA 2.20).
 * The base holds the policy every environment shares (target, HPA behaviour, fallback); each
 * overlay adds its replica bounds and its trigger, whose address names the environment's
 * namespace, or deletes the ScaledObject where KEDA is off.
 */
const app = { name: 'inngest', component: 'autoscaling' };
const SCALED_OBJECT = kedaNames.scaledObject;
const KEDA_API = 'keda.sh/v1alpha1';

export const keda: Component = {
  name: 'keda',
  enabled: (answers) => answers.environments.some((env) => env.keda.enabled),
  base(answers) {
    return { manifests: [{ file: 'scaledobject.yaml', objects: [baseScaledObject(answers)] }] };
  },
  overlay(answers, env) {
    if (!env.keda.enabled) return { patches: [deleteScaledObjectPatch()] };
    const overlay: ComponentOverlay = { patches: [scaledObjectPatch(env)], manifests: [] };
    if (env.keda.source === 'prometheus' && env.keda.prometheusAuth === 'bearer') {
      overlay.manifests!.push({
        file: 'keda-triggerauthentication.yaml',
        objects: [triggerAuthentication(answers, env)],
      });
    }
    if (env.keda.source === 'sidecar') {
      overlay.patches.push(sidecarDeploymentPatch(), sidecarServicePatch());
      overlay.manifests!.push(sidecarManifests(answers));
    }
    return overlay;
  },
};

/** The in-cluster address of the Inngest Service of an environment, reachable from the keda namespace. */
function inngestServiceHost(env: Environment): string {
  return serviceHost(objectNames.inngest, env.namespace);
}

/**
 * Scale up fast (double, or +4 pods, every 30 s), scale down slowly (one pod a minute after five
 * calm minutes): a queue drains in bursts, and every new pod runs migrations' checks and warms
 * its Redis and Postgres pools (kubernetes.io HPA "Configurable scaling behavior").
 */
function hpaBehavior(): NonNullable<IAdvancedConfig['horizontalPodAutoscalerConfig']> {
  return {
    behavior: {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Percent', value: 100, periodSeconds: 30 },
          { type: 'Pods', value: 4, periodSeconds: 30 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 300,
        selectPolicy: 'Min',
        policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
      },
    },
  };
}

function baseScaledObject(answers: Answers): ScaledObject {
  return new ScaledObject({
    metadata: objectMeta(answers, SCALED_OBJECT, app, waves.external),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: objectNames.inngest },
      // When the metric cannot be read three polls in a row, keep the current pods (never scale
      // in blind) and run at least the overlay's minimum (keda.sh docs scaledobject-spec "fallback").
      fallback: { failureThreshold: 3, replicas: 1, behavior: 'currentReplicasIfHigher' },
      advanced: { horizontalPodAutoscalerConfig: hpaBehavior() },
      // Each overlay sets the trigger: its address names the environment's namespace.
      triggers: [],
    },
  });
}

/** The environment's bounds and trigger. CRD lists have no merge key, so triggers replace the base's. */
function scaledObjectPatch(env: Environment): PatchFile {
  const { keda: k } = env;
  return {
    file: 'keda-scaledobject.yaml',
    patch: {
      apiVersion: KEDA_API,
      kind: 'ScaledObject',
      metadata: { name: SCALED_OBJECT },
      spec: {
        minReplicaCount: k.minReplicas,
        maxReplicaCount: k.maxReplicas,
        pollingInterval: k.pollingInterval,
        cooldownPeriod: k.cooldownPeriod,
        fallback: { replicas: k.minReplicas },
        triggers: [trigger(env)],
      },
    },
  };
}

function deleteScaledObjectPatch(): PatchFile {
  return {
    file: 'keda-scaledobject.yaml',
    patch: { $patch: 'delete', apiVersion: KEDA_API, kind: 'ScaledObject', metadata: { name: SCALED_OBJECT } },
  };
}

/**
 * The trigger of each source. Trigger metadata is map[string]string in the CRD: numbers are quoted.
 * - metrics-api: KEDA reads Inngest's /metrics (open since Inngest v1.19.0, PR #4070) and takes the
 *   sample matching the selector (format prometheus, KEDA ≥ 2.14; kedacore/keda metrics_api_scaler.go).
 * - prometheus: the cluster's Prometheus. inngest_queue_depth is global (every replica reports the
 *   same number, inngest/inngest redis_state QueueIterator), so max(), never sum().
 * - sidecar: the Prometheus container beside Inngest, scraping localhost only.
 * No activationThreshold: it only decides scaling from and to zero, and "if the minimum replicas
 * is >= 1, the scaler is always active and the activation value will be ignored" (keda-docs
 * content/docs/2.20/concepts/scaling-deployments.md); keda.minReplicas is at least 1. Queued work
 * that needs no worker (the next run of every cron, long sleeps) is subtracted in the query instead.
 */
export function trigger(env: Environment): IScaleTrigger {
  const { keda: k } = env;
  const threshold = String(k.threshold);
  switch (k.source) {
    case 'metrics-api':
      return {
        type: 'metrics-api',
        metadata: {
          url: `http://${inngestServiceHost(env)}:${ports.http}/metrics`,
          format: 'prometheus',
          valueLocation: QUEUE_DEPTH_METRIC,
          targetValue: threshold,
        },
      };
    case 'prometheus': {
      const bearer = k.prometheusAuth === 'bearer';
      return {
        type: 'prometheus',
        metadata: {
          serverAddress: k.prometheusAddress,
          query: queueDepthQuery(`{namespace="${env.namespace}"}`, k.idleQueueDepth),
          threshold,
          ...NO_SERIES_IS_AN_ERROR,
          // InsecureSkipVerify on KEDA's HTTP client (prometheus_scaler.go, kedautil.CreateHTTPClient).
          ...(k.prometheusUnsafeSsl ? { unsafeSsl: 'true' } : {}),
          ...(bearer ? { authModes: 'bearer' } : {}),
        },
        ...(bearer
          ? { authenticationRef: { kind: 'TriggerAuthentication', name: kedaNames.triggerAuthentication } }
          : {}),
      };
    }
    case 'sidecar':
      return {
        type: 'prometheus',
        metadata: {
          serverAddress: `http://${inngestServiceHost(env)}:${ports.prometheusSidecar}`,
          query: queueDepthQuery('', k.idleQueueDepth),
          threshold,
          // A new pod's sidecar has no sample for its first scrape interval.
          ...NO_SERIES_IS_AN_ERROR,
        },
      };
  }
}

/**
 * No series means a broken or not yet started scrape, not an empty queue: with the default
 * (true) KEDA would read 0 and scale in; false makes it an error, which counts toward the
 * fallback (kedacore/keda pkg/scalers/prometheus_scaler.go ExecutePromQuery).
 */
const NO_SERIES_IS_AN_ERROR = { ignoreNullValues: 'false' } as const;

/** max() of the global gauge, less the items that need no worker, never below 0. An empty result stays empty. */
function queueDepthQuery(selector: string, idle: number): string {
  const depth = `max(${QUEUE_DEPTH_METRIC}${selector})`;
  return idle > 0 ? `clamp_min(${depth} - ${idle}, 0)` : depth;
}

/**
 * The bearer token for the cluster's Prometheus, and the CA that signed its certificate where
 * keda.prometheusCA is set, read from a (sealed) Secret in the same namespace. Parameter names:
 * kedacore/keda pkg/scalers/authentication/authentication_types.go (bearerToken, ca).
 */
function triggerAuthentication(answers: Answers, env: Environment): TriggerAuthentication {
  const secret = providedSecrets.kedaPrometheus;
  return new TriggerAuthentication({
    metadata: objectMeta(answers, kedaNames.triggerAuthentication, app, waves.external),
    spec: {
      secretTargetRef: [
        { parameter: 'bearerToken', name: secret.name, key: secret.keys.bearerToken },
        ...(env.keda.prometheusCA ? [{ parameter: 'ca', name: secret.name, key: secret.keys.ca }] : []),
      ],
    },
  });
}

/**
 * The Inngest Helm chart's design (github.com/inngest/inngest-helm templates/deployment.yaml):
 * a Prometheus beside each Inngest pod, scraping localhost:8288/metrics, short retention. No
 * bearer token: /metrics has been open since Inngest v1.19.0.
 */
function sidecarContainer(): IContainer {
  return {
    name: kedaNames.sidecarContainer,
    image: `${images.prometheus.repository}:${images.prometheus.tag}`,
    imagePullPolicy: 'IfNotPresent',
    args: [
      '--config.file=/etc/prometheus/prometheus.yml',
      '--storage.tsdb.path=/prometheus',
      '--storage.tsdb.retention.time=1h',
      `--web.listen-address=:${ports.prometheusSidecar}`,
    ],
    ports: [{ name: 'prometheus', containerPort: ports.prometheusSidecar, protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/-/ready', port: 'prometheus' }, periodSeconds: 10, timeoutSeconds: 3 },
    livenessProbe: {
      httpGet: { path: '/-/healthy', port: 'prometheus' },
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 3,
    },
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
    securityContext: restrictedContainerSecurity(),
    volumeMounts: [
      { name: 'prometheus-config', mountPath: '/etc/prometheus', readOnly: true },
      { name: 'prometheus-data', mountPath: '/prometheus' },
    ],
  };
}

function sidecarDeploymentPatch(): PatchFile {
  return {
    file: 'keda-sidecar-deployment.yaml',
    patch: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: objectNames.inngest },
      spec: {
        template: {
          spec: {
            containers: [sidecarContainer()],
            volumes: [
              { name: 'prometheus-config', configMap: { name: kedaNames.sidecarConfig } },
              { name: 'prometheus-data', emptyDir: { sizeLimit: '512Mi' } },
            ],
          },
        },
      },
    },
  };
}

function sidecarServicePatch(): PatchFile {
  return {
    file: 'keda-sidecar-service.yaml',
    patch: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: objectNames.inngest },
      spec: {
        ports: [{ name: 'prometheus', port: ports.prometheusSidecar, targetPort: 'prometheus', protocol: 'TCP' }],
      },
    },
  };
}

function sidecarPrometheusConfig(): string {
  return toYaml(
    {
      global: { scrape_interval: '15s', evaluation_interval: '1m' },
      scrape_configs: [
        { job_name: 'inngest', metrics_path: '/metrics', static_configs: [{ targets: [`localhost:${ports.http}`] }] },
      ],
    },
    { header: false },
  );
}

/**
 * The sidecar's scrape config, and a NetworkPolicy that opens 9090 to the KEDA operator only
 * (NetworkPolicies add up, so the Inngest policy stays as it is where the sidecar is off).
 */
function sidecarManifests(answers: Answers): ManifestFile {
  const config = new ConfigMap({
    metadata: objectMeta(answers, kedaNames.sidecarConfig, app, waves.infrastructure),
    data: { 'prometheus.yml': sidecarPrometheusConfig() },
  });
  const policy = new NetworkPolicy({
    metadata: objectMeta(answers, kedaNames.sidecarNetworkPolicy, app, waves.infrastructure),
    spec: {
      podSelector: { matchLabels: selectorLabels(answers, objectNames.inngest) },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': answers.platform.kedaNamespace } },
              podSelector: { matchLabels: { ...platform.keda.operatorPodLabels } },
            },
          ],
          ports: [tcpPort(ports.prometheusSidecar)],
        },
      ],
    },
  });
  return { file: 'keda-prometheus-sidecar.yaml', objects: [config, policy] };
}
