/** PodMonitors and their NetworkPolicies as Argo CD applies them, rendered with kubectl. */
import { beforeAll, describe, expect, it } from 'vitest';
import { objectNames, ports, secrets, SYNC_WAVE } from '../../../src/model/names.js';
import { images } from '../../../src/model/versions.js';
import { DAY2_FULL } from '../../helpers/answers.js';
import { kubectlFor, type K8s } from '../../helpers/kubectl.js';
import { renderOverlays, type RenderedOverlays } from '../../helpers/overlays.js';

const byKind = (objects: K8s[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8s[], kind: string, name: string): K8s => {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `exactly one ${kind} ${name}`).toHaveLength(1);
  return found[0]!;
};
const labelsMatch = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.runIf(kubectlFor('monitoring in rendered overlays'))(
  'monitoring in the rendered overlays, every day-2 feature on',
  () => {
    let rendered: RenderedOverlays['overlays'];
    beforeAll(() => {
      rendered = renderOverlays(DAY2_FULL).overlays;
    });
    const objects = (env: string) => rendered.get(env)!;

    it('PodMonitors select the right pods on ports those pods declare, and Prometheus is admitted on exactly those ports', () => {
      const env = objects('prod');
      const monitors = byKind(env, 'PodMonitor');
      expect(monitors.map((m) => m.metadata.name).sort()).toEqual(
        [objectNames.inngest, objectNames.postgresCluster, objectNames.valkey].sort(),
      );
      const inngestPod = named(env, 'Deployment', objectNames.inngest).spec.template;
      const valkeyPod = named(env, 'StatefulSet', objectNames.valkey).spec.template;
      const portNames = (pod: any) => pod.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.name));

      const inngest = named(env, 'PodMonitor', objectNames.inngest);
      expect(labelsMatch(inngest.spec.selector.matchLabels, inngestPod.metadata.labels)).toBe(true);
      expect(inngest.spec.podMetricsEndpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s' }]);
      expect(portNames(inngestPod)).toContain('http');

      const valkey = named(env, 'PodMonitor', objectNames.valkey);
      expect(labelsMatch(valkey.spec.selector.matchLabels, valkeyPod.metadata.labels)).toBe(true);
      expect(valkey.spec.podMetricsEndpoints[0].port).toBe('metrics');
      const exporter = valkeyPod.spec.containers.find((c: any) => c.name === 'metrics');
      expect(exporter.image).toBe(`${images.redisExporter.repository}:${images.redisExporter.tag}`);
      expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: ports.valkeyMetrics, protocol: 'TCP' }]);
      expect(exporter.env.find((e: any) => e.name === 'REDIS_PASSWORD').valueFrom.secretKeyRef).toEqual({
        name: secrets.valkey.name,
        key: secrets.valkey.keys.password,
      });
      expect(exporter.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
      });
      expect(exporter.resources.limits).toBeDefined();
      // Ready when the exporter serves; its /health never asks Valkey, so it cannot take Valkey out of its Service.
      expect(exporter.readinessProbe).toMatchObject({ httpGet: { path: '/health', port: 'metrics' } });

      const pg = named(env, 'PodMonitor', objectNames.postgresCluster);
      expect(pg.spec.selector.matchLabels).toEqual({
        'cnpg.io/cluster': named(env, 'Cluster', objectNames.postgresCluster).metadata.name,
      });
      expect(pg.spec.podMetricsEndpoints[0].port).toBe('metrics');

      const scrape = (name: string) => named(env, 'NetworkPolicy', `${name}-metrics`).spec;
      const fromPrometheus = [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } },
      ];
      // Inngest's own NetworkPolicy decides who reaches 8288; no second policy widens it.
      expect(byKind(env, 'NetworkPolicy').map((np) => np.metadata.name)).not.toContain(
        `${objectNames.inngest}-metrics`,
      );
      expect(scrape(objectNames.postgresCluster).ingress).toEqual([
        { from: fromPrometheus, ports: [{ protocol: 'TCP', port: ports.postgresMetrics }] },
      ]);
      expect(scrape(objectNames.valkey).ingress).toEqual([
        { from: fromPrometheus, ports: [{ protocol: 'TCP', port: ports.valkeyMetrics }] },
      ]);
      expect(labelsMatch(scrape(objectNames.valkey).podSelector.matchLabels, valkeyPod.metadata.labels)).toBe(true);
    });

    it('PodMonitors wait for their CRD instead of failing the sync', () => {
      const monitors = byKind(objects('prod'), 'PodMonitor');
      expect(monitors.length).toBe(3);
      for (const m of monitors)
        expect(m.metadata.annotations?.['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
    });

    // PodMonitors need the Prometheus Operator's CRDs: the last wave, which no sync waits on.
    it('PodMonitors are in the last sync wave', () => {
      expect(new Set(byKind(objects('prod'), 'PodMonitor').map((o) => o.metadata.annotations?.[SYNC_WAVE]))).toEqual(
        new Set(['3']),
      );
    });
  },
);

describe.runIf(kubectlFor('monitoring in rendered overlays'))('monitoring with the default answers (off)', () => {
  it('renders no monitoring objects anywhere, and Valkey without the exporter', () => {
    for (const list of renderOverlays().overlays.values()) {
      expect(list.filter((o) => o.apiVersion.startsWith('monitoring.coreos.com/'))).toEqual([]);
      expect(list.filter((o) => o.metadata.name.endsWith('-metrics'))).toEqual([]);
      const valkey = named(list, 'StatefulSet', objectNames.valkey);
      expect(valkey.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['valkey']);
    }
  });
});
