/** KEDA wired in the rendered overlays: what each ScaledObject targets and reads its metric from. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PartialAnswers } from '../../../src/answers/schema.js';
import { parseYaml } from '../../../src/core/yaml.js';
import { QUEUE_DEPTH_METRIC } from '../../../src/model/names.js';
import { BACKUPS, MIXED_KEDA } from '../../helpers/answers.js';
import { kubectlFor, type K8s as K8sObject } from '../../helpers/kubectl.js';
import { renderOverlays, type RenderedOverlays } from '../../helpers/overlays.js';

const find = (objects: K8sObject[], kind: string, name?: string) =>
  objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

describe.runIf(kubectlFor('KEDA in rendered overlays')).each([
  ['default answers', {} as PartialAnswers],
  ['mixed KEDA sources', MIXED_KEDA],
  ['backups', BACKUPS],
])('KEDA in the rendered overlays (%s)', (_label, config) => {
  let r: RenderedOverlays;
  let overlays: RenderedOverlays['overlays'];
  beforeAll(() => {
    r = renderOverlays(config);
    overlays = r.overlays;
  });

  it('targets the Inngest Deployment of the same overlay, with spec.replicas only where KEDA is off', () => {
    for (const env of r.answers.environments) {
      const objects = overlays.get(env.name)!;
      const deployment = find(objects, 'Deployment')[0]!;
      const scaledObjects = find(objects, 'ScaledObject');
      if (!env.keda.enabled) {
        expect(scaledObjects).toEqual([]);
        expect(deployment.spec.replicas).toBe(env.replicas);
        continue;
      }
      expect(deployment.spec).not.toHaveProperty('replicas');
      const so = scaledObjects[0]!;
      expect(so.metadata.namespace).toBe(deployment.metadata.namespace);
      expect(so.spec.scaleTargetRef).toMatchObject({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: deployment.metadata.name,
      });
      expect(so.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
      expect(so.spec.maxReplicaCount).toBe(env.keda.maxReplicas);
      expect(
        so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds,
      ).toBeGreaterThan(0);
      expect(so.spec.fallback).toMatchObject({ failureThreshold: 3, replicas: env.keda.minReplicas });
      expect(so.spec.triggers).toHaveLength(1);
      expect(so.spec.triggers[0].metadata).not.toHaveProperty('metricName');
      expect(find(objects, 'PodDisruptionBudget')[0]!.spec).toEqual(
        env.keda.minReplicas >= 2
          ? expect.objectContaining({ minAvailable: 1 })
          : expect.objectContaining({ maxUnavailable: 1 }),
      );
    }
  });

  it('reads the metric from a Service, port and metric that exist', () => {
    for (const env of r.answers.environments.filter((e) => e.keda.enabled)) {
      const objects = overlays.get(env.name)!;
      const t = find(objects, 'ScaledObject')[0]!.spec.triggers[0];
      const address = new URL(t.type === 'metrics-api' ? t.metadata.url : t.metadata.serverAddress);
      const [serviceName, namespace, svc] = address.hostname.split('.');
      if (env.keda.source === 'prometheus') {
        expect(t.metadata.query).toBe(`max(${QUEUE_DEPTH_METRIC}{namespace="${env.namespace}"})`);
        expect(t.metadata.ignoreNullValues).toBe('false');
        const auth = find(objects, 'TriggerAuthentication', t.authenticationRef.name)[0]!;
        expect(auth.spec.secretTargetRef[0]).toMatchObject({ parameter: 'bearerToken' });
        continue;
      }
      expect(svc).toBe('svc');
      expect(namespace).toBe(env.namespace);
      const service = find(objects, 'Service', serviceName)[0];
      expect(service, `Service ${serviceName} in ${env.name}`).toBeDefined();
      expect(service!.metadata.namespace).toBe(env.namespace);
      const port = service!.spec.ports.find((p: any) => p.port === Number(address.port));
      expect(port, `port ${address.port} of ${serviceName}`).toBeDefined();
      const deployment = find(objects, 'Deployment')[0]!;
      const containerPort = deployment.spec.template.spec.containers
        .flatMap((c: any) => c.ports)
        .find((p: any) => p.name === port.targetPort);
      expect(containerPort?.containerPort).toBe(Number(address.port));
      if (env.keda.source === 'metrics-api') {
        expect(address.pathname).toBe('/metrics');
        expect(t.metadata).toMatchObject({
          format: 'prometheus',
          valueLocation: QUEUE_DEPTH_METRIC,
          targetValue: String(env.keda.threshold),
        });
      } else {
        expect(t.metadata.query).toBe(`max(${QUEUE_DEPTH_METRIC})`);
        const config = find(objects, 'ConfigMap', 'inngest-prometheus-sidecar')[0]!;
        expect(config.data).toBeDefined();
        const scrape = parseYaml((config.data as Record<string, string>)['prometheus.yml']!) as any;
        expect(scrape.scrape_configs[0]).toMatchObject({
          metrics_path: '/metrics',
          static_configs: [{ targets: ['localhost:8288'] }],
        });
        const sidecarPolicy = find(objects, 'NetworkPolicy', 'inngest-prometheus-sidecar')[0]!;
        expect(sidecarPolicy.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9090 }]);
        expect(sidecarPolicy.spec.ingress[0].from[0].podSelector.matchLabels).toEqual({
          'app.kubernetes.io/name': 'keda-operator',
        });
        const sidecar = deployment.spec.template.spec.containers.find((c: any) => c.name === 'prometheus');
        expect(sidecar.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
        expect(sidecar.resources.limits).toBeDefined();
        expect(sidecar.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
        });
      }
    }
  });

  it('opens the sidecar port only where the sidecar runs', () => {
    for (const env of r.answers.environments) {
      const objects = overlays.get(env.name)!;
      const opens9090 = find(objects, 'NetworkPolicy').some((np) =>
        JSON.stringify(np.spec.ingress ?? []).includes('9090'),
      );
      expect(opens9090, env.name).toBe(env.keda.enabled && env.keda.source === 'sidecar');
      // The KEDA operator reads Inngest's /metrics on 8288 only where the metrics-api source runs;
      // no rule admits 8288 from every pod.
      const rules = find(objects, 'NetworkPolicy').flatMap((np) => np.spec.ingress ?? []);
      const admitsKedaOn8288 = rules.some(
        (rule: any) =>
          rule.ports.some((p: any) => p.port === 8288) &&
          rule.from?.some(
            (peer: any) =>
              peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'keda' &&
              peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'keda-operator',
          ),
      );
      expect(admitsKedaOn8288, env.name).toBe(env.keda.enabled && env.keda.source === 'metrics-api');
      expect(rules.every((rule: any) => rule.from?.length > 0)).toBe(true);
    }
  });
});
