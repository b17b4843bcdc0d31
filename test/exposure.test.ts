import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { resolveAnswers } from '../src/answers/resolve.js';
import type { PartialAnswers } from '../src/answers/schema.js';
import { publicRoutes } from '../src/model/routes.js';
import { SYNC_WAVE } from '../src/model/names.js';
import { waves } from '../src/model/waves.js';
import { checkWaves, checkWaveTable } from '../src/validate/waves.js';
import { kubectlAvailable, kustomize, listFiles, parseStream, tempDir } from './helpers/cli.js';
import { DEMO_CERT_PATH } from './seal/keys.js';

const withKubectl = kubectlAvailable();

/** Runs the CLI in-process, stdin not a terminal; returns the exit code and what it printed. */
async function run(args: string[], cwd = tempDir()): Promise<{ status: number; stdout: string; stderr: string }> {
  const text = { stdout: '', stderr: '' };
  const stdout = new PassThrough().on('data', (d) => (text.stdout += d));
  const stderr = new PassThrough().on('data', (d) => (text.stderr += d));
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  const status = await main(args, { stdin, stdout, stderr, env: {}, cwd });
  return { status, ...text };
}

function writeConfig(config: PartialAnswers): string {
  const file = join(tempDir(), 'answers.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

async function scaffold(config: PartialAnswers, ...args: string[]): Promise<string> {
  const dir = join(tempDir(), 'repo');
  const result = await run([dir, '--config', writeConfig(config), '--cert', DEMO_CERT_PATH, ...args]);
  if (result.status !== 0) throw new Error(result.stderr);
  return dir;
}

type K8s = ReturnType<typeof parseStream>[number];
const ofKind = (objects: K8s[], kind: string) => objects.filter((o) => o.kind === kind);

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

const MIXED: PartialAnswers = {
  environments: [
    {
      name: 'stage',
      hostname: 'inngest.stage.example.com',
      connectHostname: 'connect.stage.example.com',
      connectSourceRanges: ['203.0.113.0/24'],
      ingress: { className: 'traefik', certManager: { clusterIssuer: 'letsencrypt' }, controllerNamespace: 'traefik' },
      appNamespaces: ['shop-stage'],
    },
    {
      name: 'prod',
      hostname: 'inngest.example.com',
      connectHostname: 'connect.example.com',
      connectSourceRanges: ['0.0.0.0/0', '::/0'],
      gateway: { namespace: 'gateway-system', name: 'shared', sectionName: 'https' },
    },
  ],
};

describe.runIf(withKubectl)('Gateway API in one environment, Ingress in another', () => {
  let dir = '';
  const rendered = new Map<string, K8s[]>();
  beforeAll(async () => {
    dir = await scaffold(MIXED);
    for (const env of ['stage', 'prod']) rendered.set(env, parseStream(kustomize(join(dir, 'overlays', env))));
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

describe('switching an environment from Ingress to Gateway on a re-run', () => {
  it('plans deleting the Ingress files and creating the HTTPRoute files, nothing else created or deleted', async () => {
    const dir = await scaffold({
      environments: [
        { name: 'stage' },
        {
          name: 'prod',
          hostname: 'inngest.example.com',
          connectHostname: 'connect.example.com',
          connectSourceRanges: ['203.0.113.0/24'],
        },
      ],
    });
    const plan = await run([dir, '--gateway', 'gateway-system/shared', '--dry-run']);
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
    const section = (cls: string) => {
      const m = new RegExp(`^${cls} \\(\\d+\\):\\n((?: {2}.*\\n)*)`, 'm').exec(plan.stdout);
      return m ? m[1]!.trim().split(/\s+/) : [];
    };
    expect(section('delete')).toEqual(['overlays/prod/ingress-connect.yaml', 'overlays/prod/ingress.yaml']);
    expect(section('create')).toEqual(['overlays/prod/httproute-connect.yaml', 'overlays/prod/httproute.yaml']);
    expect(section('update')).not.toContain(expect.stringMatching(/^overlays\/stage\//));

    expect((await run([dir, '--gateway', 'gateway-system/shared'])).status).toBe(0);
    const files = listFiles(join(dir, 'overlays/prod'));
    expect(files.filter((f) => /ingress|httproute/.test(f))).toEqual(['httproute-connect.yaml', 'httproute.yaml']);
    const state = JSON.parse(readFileSync(join(dir, 'inngest-gitops.json'), 'utf8'));
    expect(state.answers.environments[1].gateway).toEqual({ namespace: 'gateway-system', name: 'shared' });
    expect(state.answers.environments[1].ingress).toBeUndefined();
  });
});

describe('bad exposure input exits 2 with one line naming the field', () => {
  it.each([
    'gateway-system',
    'gateway-system/',
    '/shared',
    'Gateway/shared',
    'gw/shared/https/x',
    'gw/sha_red',
    'gw /shared',
  ])('--gateway %j', async (reference) => {
    const result = await run(['repo', '--yes', '--host', 'prod=inngest.example.com', '--gateway', reference]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `error: --gateway: ${JSON.stringify(reference)} is not NAMESPACE/NAME[/SECTION] (lowercase DNS names such as gateway-system/shared or gateway-system/shared/https (the listener's name))\n`,
    );
  });

  it('--gateway without any hostname', async () => {
    const result = await run(['repo', '--yes', '--gateway', 'gw/shared']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^error: --gateway: applies to environments with a hostname, and none has one \(.*\)\n$/,
    );
  });

  it('a gateway answer without a hostname', async () => {
    const config = writeConfig({ environments: [{ name: 'prod', gateway: { namespace: 'gw', name: 'shared' } }] });
    const result = await run(['repo', '--config', config]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: environments\[0\]\.gateway: is set, but the environment has no hostname/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each<[string, PartialAnswers['environments'], RegExp]>([
    [
      'a gateway that is not a DNS name',
      [{ name: 'prod', hostname: 'a.example.com', gateway: { namespace: 'gw', name: 'Shared' } }],
      /^error: environments\[0\]\.gateway\.name: "Shared" is not allowed \(the Gateway's name/,
    ],
    [
      'gateway and ingress together',
      [{ name: 'prod', hostname: 'a.example.com', gateway: { namespace: 'gw', name: 's' }, ingress: {} }],
      /^error: environments\[0\]\.gateway: is set together with ingress/,
    ],
    [
      'both cert-manager issuers',
      [
        {
          name: 'prod',
          hostname: 'a.example.com',
          ingress: { certManager: { clusterIssuer: 'a', issuer: 'b' } as never },
        },
      ],
      /^error: environments\[0\]\.ingress\.certManager: is invalid \(either clusterIssuer/,
    ],
    ['--gateway and --ingress-class together', undefined, /^error: --gateway: cannot be combined with --ingress-class/],
  ])('%s', async (_name, environments, message) => {
    const args = environments
      ? ['repo', '--config', writeConfig({ environments })]
      : ['repo', '--yes', '--host', 'prod=a.example.com', '--gateway', 'gw/s', '--ingress-class', 'x'];
    const result = await run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('Ingress class', () => {
  it('no class by default: the cluster default IngressClass takes the Ingress', () => {
    const answers = resolveAnswers({ environments: [{ name: 'prod', hostname: 'inngest.example.com' }] });
    expect(answers.environments[0]!.ingress).toEqual({ className: '', controllerNamespace: 'ingress-nginx' });
  });

  it('a repository generated by 0.1 keeps its recorded class (nginx) on a re-run', async () => {
    const fixture = new URL('./fixtures/repo-v0.1.0/inngest-gitops.json', import.meta.url);
    const state = JSON.parse(readFileSync(fixture, 'utf8'));
    expect(state.answers.environments[1].ingressClassName).toBe('nginx');
    state.answers.environments[1].hostname = 'inngest.example.com';
    const answers = resolveAnswers(state.answers);
    expect(answers.environments[1]!.ingress?.className).toBe('nginx');
    expect(answers.environments[0]!.ingress).toBeUndefined();
    expect(JSON.stringify(answers)).not.toContain('ingressClassName');
  });

  it('--ingress-class names the class of every environment with a hostname', async () => {
    const result = await run([
      'repo',
      '--yes',
      '--host',
      'prod=inngest.example.com',
      '--ingress-class',
      'haproxy',
      '--print-config',
    ]);
    const answers = JSON.parse(result.stdout);
    expect(answers.environments.map((e: any) => e.ingress?.className)).toEqual([undefined, 'haproxy']);
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
  it('default answers: Inngest itself, and the KEDA operator for the metrics it scales on; never every pod', async () => {
    const dir = await scaffold({});
    const prod = parseStream(kustomize(join(dir, 'overlays/prod')));
    expect(callersOf(prod, 8288)).toEqual(['pods inngest', 'pods keda-operator in namespace keda']);
    expect(callersOf(prod, 8289)).toEqual(['pods inngest']);
  });

  it('per exposure: the proxies, the app namespaces, KEDA and Prometheus where used', async () => {
    const dir = await scaffold({
      ...MIXED,
      monitoring: { enabled: true, prometheusNamespace: 'observability' },
      environments: [
        MIXED.environments![0]!,
        {
          ...MIXED.environments![1]!,
          gateway: { namespace: 'gw', name: 'shared', proxyNamespace: 'envoy-gateway-system' },
        },
        { name: 'dev', keda: { source: 'prometheus', prometheusAddress: 'http://prometheus.observability.svc:9090' } },
      ],
    });
    const render = (env: string) => parseStream(kustomize(join(dir, 'overlays', env)));
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

  it('the README says what stays reachable and how to open the dashboard', async () => {
    const dir = await scaffold(MIXED);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain("- stage: Inngest's own pods, the ingress controller in `traefik`, apps in `shop-stage`");
    expect(readme).toContain("- prod: Inngest's own pods, the Gateway's proxies in `gateway-system`");
    expect(readme).toContain('kubectl -n inngest-stage port-forward svc/inngest 8288:8288');
    expect(readme).not.toContain('stays inside the cluster');
  });
});

describe('Connect host: client source ranges', () => {
  const connectEnv = (extra: Record<string, unknown>) => ({
    environments: [{ name: 'prod', hostname: 'inngest.example.com', connectHostname: 'connect.example.com', ...extra }],
  });

  it('are required with a Connect host: no default, not even "anyone"', async () => {
    const result = await run(['repo', '--config', writeConfig(connectEnv({}))]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: environments\[0\]\.connectSourceRanges: is required with connectHostname: /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['10.0.0.1/8', 'has host bits set after the prefix'],
    ['10.0.0.0', 'is not ADDRESS/PREFIX'],
    ['300.0.0.0/8', 'has no valid IPv4 address'],
    ['2001:db8::1/32', 'has host bits set after the prefix'],
  ])('reject %s', async (range, problem) => {
    const result = await run(['repo', '--config', writeConfig(connectEnv({ connectSourceRanges: [range] }))]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`error: environments[0].connectSourceRanges`);
    if (!result.stderr.includes('is not allowed')) expect(result.stderr).toContain(problem);
  });

  it('"anyone" is accepted when written out, and lands in the annotations the Ingress controllers read', () => {
    const answers = resolveAnswers(connectEnv({ connectSourceRanges: ['0.0.0.0/0', '::/0'] }));
    expect(answers.environments[0]!.connectSourceRanges).toEqual(['0.0.0.0/0', '::/0']);
  });

  it.runIf(withKubectl)(
    'an Ingress exposure carries the ranges for ingress-nginx and HAProxy; README states the limit',
    async () => {
      const dir = await scaffold(connectEnv({ connectSourceRanges: ['203.0.113.0/24', '2001:db8::/32'] }));
      const ingress = ofKind(parseStream(kustomize(join(dir, 'overlays/prod'))), 'Ingress').find(
        (i) => i.metadata.name === 'inngest-connect',
      )!;
      expect(ingress.metadata.annotations).toMatchObject({
        'nginx.ingress.kubernetes.io/whitelist-source-range': '203.0.113.0/24,2001:db8::/32',
        'haproxy.org/allow-list': '203.0.113.0/24, 2001:db8::/32',
      });
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      expect(readme).toContain('### Connect gateway: who may connect');
      expect(readme).toContain('Inngest signs Connect worker tokens with a key published in its source');
      expect(readme).toContain('`connect.example.com` from `203.0.113.0/24`, `2001:db8::/32`');
    },
  );
});
