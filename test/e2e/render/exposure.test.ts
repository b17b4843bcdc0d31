/**
 * Exposure as Argo CD applies it: HTTPRoutes and Ingresses, and who the NetworkPolicies let call
 * Inngest, in overlays rendered with kubectl kustomize.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SYNC_WAVE } from '../../../src/model/names.js';
import { publicRoutes } from '../../../src/model/routes.js';
import { waves } from '../../../src/model/waves.js';
import { checkWaves, checkWaveTable } from '../../../src/validate/waves.js';
import { listFiles } from '../../helpers/cli.js';
import { MIXED_EXPOSURE, ofKind, run } from '../../helpers/exposure.js';
import { scaffoldSealed } from '../../helpers/main.js';
import { kubectlFor, kustomizeObjects, type K8s } from '../../helpers/kubectl.js';
import { renderOverlays } from '../../helpers/overlays.js';

const withKubectl = kubectlFor('exposure in rendered overlays');

/** Ingress and HTTPRoute paths in one notation: "Prefix /e/", "Exact /v0/connect/start". */
const ingressPaths = (ingress: K8s): string[] =>
  ingress.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => `${p.pathType} ${p.path}`));
const routePaths = (route: K8s): string[] =>
  route.spec.rules.flatMap((r: any) =>
    r.matches.map((m: any) => `${m.path.type === 'PathPrefix' ? 'Prefix' : m.path.type} ${m.path.value}`),
  );

/** What the SDKs call on the public host (model/routes.ts: events, sync, REST, large run state, Connect). */
const expectedPaths = (connect: boolean) =>
  publicRoutes({ connectHostname: connect ? 'connect.example.com' : '' }).map(
    (r) => `${r.match === 'exact' ? 'Exact' : 'Prefix'} ${r.path}`,
  );
const NEVER_ROUTED = ['/', '/v0/', '/v0/gql', '/mcp', '/debug', '/metrics', '/invoke/', '/v0/connect'];

describe.runIf(withKubectl)('Gateway API in one environment, Ingress in another', () => {
  let dir = '';
  const rendered = new Map<string, K8s[]>();
  beforeAll(async () => {
    dir = await scaffoldSealed(MIXED_EXPOSURE);
    for (const env of ['stage', 'prod']) rendered.set(env, kustomizeObjects(join(dir, 'overlays', env)));
  }, 120_000);

  it('renders HTTPRoutes and no Ingress where a Gateway is named, Ingresses and no HTTPRoute elsewhere', () => {
    const prod = rendered.get('prod')!;
    const stage = rendered.get('stage')!;
    expect(ofKind(prod, 'Ingress')).toEqual([]);
    expect(ofKind(prod, 'HTTPRoute').map((r) => r.metadata.name)).toEqual(['inngest', 'inngest-connect']);
    expect(ofKind(stage, 'HTTPRoute')).toEqual([]);
    expect(ofKind(stage, 'Ingress').map((i) => i.metadata.name)).toEqual(['inngest', 'inngest-connect']);
    expect(listFiles(join(dir, 'overlays/prod')).filter((f) => /ingress|httproute/.test(f))).toEqual([
      'httproute-connect.yaml',
      'httproute.yaml',
    ]);
  });

  it('routes exactly the public path set through both kinds, and the Connect host to port 8289 only', () => {
    const route = ofKind(rendered.get('prod')!, 'HTTPRoute').find((r) => r.metadata.name === 'inngest')!;
    const ingress = ofKind(rendered.get('stage')!, 'Ingress').find((i) => i.metadata.name === 'inngest')!;
    expect(routePaths(route)).toEqual(expectedPaths(true));
    expect(ingressPaths(ingress)).toEqual(expectedPaths(true));
    for (const path of NEVER_ROUTED) expect(routePaths(route).map((p) => p.split(' ')[1])).not.toContain(path);
    expect(route.spec.rules.map((r: any) => r.backendRefs)).toEqual([[{ name: 'inngest', port: 8288 }]]);
    expect(route.spec.hostnames).toEqual(['inngest.example.com']);

    const connect = ofKind(rendered.get('prod')!, 'HTTPRoute').find((r) => r.metadata.name === 'inngest-connect')!;
    expect(connect.spec.hostnames).toEqual(['connect.example.com']);
    expect(routePaths(connect)).toEqual(['Prefix /v0/connect']);
    expect(connect.spec.rules[0].backendRefs).toEqual([{ name: 'inngest', port: 8289 }]);
    const service = ofKind(rendered.get('prod')!, 'Service').find((s) => s.metadata.name === 'inngest')!;
    expect(service.spec.ports.map((p: any) => p.port)).toEqual([8288, 8289]);
  });

  it("attaches to the Gateway in its own namespace and listener; TLS stays with the Gateway's listener", () => {
    for (const route of ofKind(rendered.get('prod')!, 'HTTPRoute')) {
      expect(route.metadata.namespace).toBe('inngest-prod');
      expect(route.spec.parentRefs).toEqual([
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          namespace: 'gateway-system',
          name: 'shared',
          sectionName: 'https',
        },
      ]);
      expect(route.spec.tls).toBeUndefined();
      expect(route.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBeUndefined();
    }
  });

  it('Ingress: the named class and the cert-manager issuer on both Ingresses', () => {
    for (const ingress of ofKind(rendered.get('stage')!, 'Ingress')) {
      expect(ingress.spec.ingressClassName).toBe('traefik');
      expect(ingress.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
    }
  });

  it('HTTPRoutes sync in the last wave, so a route no Gateway accepts holds up nothing', () => {
    const all = [...rendered.values()].flat();
    const lastWave = Math.max(...all.map((o) => Number(o.metadata.annotations?.[SYNC_WAVE] ?? 0)));
    for (const route of ofKind(all, 'HTTPRoute'))
      expect(route.metadata.annotations?.[SYNC_WAVE]).toBe(String(lastWave));
    expect(lastWave).toBe(waves.external);
    expect(checkWaves(all)).toEqual([]);
    const early = structuredClone(ofKind(all, 'HTTPRoute')[0]!);
    early.metadata.annotations![SYNC_WAVE] = String(waves.application);
    expect(checkWaves([early])).toEqual([
      {
        object: `HTTPRoute/inngest-prod/${early.metadata.name}`,
        problem: expect.stringContaining(`so it must be in the last wave ${waves.external}`),
      },
    ]);
    expect(checkWaveTable()).toEqual([]);
  });

  it('passes validate, with a note for each Connect route it cannot check', async () => {
    const result = await run(['validate', dir]);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^ok: \d+ objects in 2 environments, 0 problems$/);
    expect(result.status).toBe(0);
    expect(lines.filter((l) => l.includes(': note: '))).toEqual([
      expect.stringMatching(
        /^stage: Ingress\/inngest-connect: note: .*only ingress-nginx and HAProxy read its client ranges \(203\.0\.113\.0\/24\)/,
      ),
      expect.stringMatching(/^prod: HTTPRoute\/inngest-connect: note: .*Gateway API has no client address filter/),
    ]);
  });
});

/**
 * Who each NetworkPolicy lets reach the Inngest pods on a port, as readable peers. A rule without
 * `from` admits every pod in the cluster ("anyone").
 */
function callersOf(objects: K8s[], port: number): string[] {
  const inngestPod = ofKind(objects, 'Deployment').find((d) => d.metadata.name === 'inngest')!.spec.template.metadata
    .labels as Record<string, string>;
  const selects = (policy: K8s) =>
    Object.entries(policy.spec.podSelector.matchLabels ?? {}).every(([k, v]) => inngestPod[k] === v);
  const peer = (p: any): string => {
    const ns = p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
    const nsList = p.namespaceSelector?.matchExpressions?.[0]?.values?.join(',');
    const pods = p.podSelector?.matchLabels?.['app.kubernetes.io/name'];
    if (!p.namespaceSelector) return `pods ${pods}`;
    return `${pods ? `pods ${pods} in ` : ''}namespace ${ns ?? nsList}`;
  };
  const callers = ofKind(objects, 'NetworkPolicy')
    .filter(selects)
    .flatMap((policy) => policy.spec.ingress ?? [])
    .filter((rule: any) => !rule.ports || rule.ports.some((p: any) => p.port === port))
    .flatMap((rule: any) => (rule.from ? rule.from.map(peer) : ['anyone']));
  // NetworkPolicies add up: the monitoring component admits Prometheus to Inngest's metrics too.
  return [...new Set(callers)].sort();
}

describe.runIf(withKubectl)("NetworkPolicy: who may call Inngest's API (8288) and Connect gateway (8289)", () => {
  it('default answers: Inngest itself, and the KEDA operator for the metrics it scales on; never every pod', () => {
    const prod = renderOverlays().overlays.get('prod')!;
    expect(callersOf(prod, 8288)).toEqual(['pods inngest', 'pods keda-operator in namespace keda']);
    expect(callersOf(prod, 8289)).toEqual(['pods inngest']);
  });

  it('per exposure: the proxies, the app namespaces, KEDA and Prometheus where used', () => {
    const rendered = renderOverlays({
      ...MIXED_EXPOSURE,
      monitoring: { enabled: true, prometheusNamespace: 'observability' },
      environments: [
        MIXED_EXPOSURE.environments![0]!,
        {
          ...MIXED_EXPOSURE.environments![1]!,
          gateway: { namespace: 'gw', name: 'shared', proxyNamespace: 'envoy-gateway-system' },
        },
        { name: 'dev', keda: { source: 'prometheus', prometheusAddress: 'http://prometheus.observability.svc:9090' } },
      ],
    });
    const render = (env: string) => rendered.overlays.get(env)!;
    const stage = render('stage');
    expect(callersOf(stage, 8288)).toEqual([
      'namespace observability',
      'namespace shop-stage',
      'namespace traefik',
      'pods inngest',
      'pods keda-operator in namespace keda',
    ]);
    expect(callersOf(stage, 8289)).toEqual(['namespace shop-stage', 'namespace traefik', 'pods inngest']);
    const prod = render('prod');
    expect(callersOf(prod, 8288)).toEqual([
      'namespace envoy-gateway-system',
      'namespace observability',
      'pods inngest',
      'pods keda-operator in namespace keda',
    ]);
    expect(callersOf(prod, 8289)).toEqual(['namespace envoy-gateway-system', 'pods inngest']);
    const dev = render('dev');
    expect(callersOf(dev, 8288)).toEqual(['namespace observability', 'pods inngest']);
    expect(callersOf(dev, 8289)).toEqual(['pods inngest']);
  });
});

describe.runIf(withKubectl)('Connect host: client source ranges in the rendered Ingress', () => {
  it.runIf(withKubectl)(
    'an Ingress exposure carries the ranges for ingress-nginx and HAProxy; README states the limit',
    () => {
      const { tree, overlays } = renderOverlays({
        environments: [
          {
            name: 'prod',
            hostname: 'inngest.example.com',
            connectHostname: 'connect.example.com',
            connectSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
          },
        ],
      });
      const ingress = ofKind(overlays.get('prod')!, 'Ingress').find((i) => i.metadata.name === 'inngest-connect')!;
      expect(ingress.metadata.annotations).toMatchObject({
        'nginx.ingress.kubernetes.io/whitelist-source-range': '203.0.113.0/24,2001:db8::/32',
        'haproxy.org/allow-list': '203.0.113.0/24, 2001:db8::/32',
      });
      const readme = tree.get('README.md')!;
      expect(readme).toContain('### Connect gateway: who may connect');
      expect(readme).toContain('Inngest signs Connect worker tokens with a key published in its source');
      expect(readme).toContain('`connect.example.com` from `203.0.113.0/24`, `2001:db8::/32`');
    },
  );
});
