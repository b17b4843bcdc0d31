import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import type { PartialAnswers } from '../../../src/answers/schema.js';
import { listFiles } from '../../helpers/cli.js';
import { MIXED_EXPOSURE, run } from '../../helpers/exposure.js';
import { scaffoldSealed, writeConfig } from '../../helpers/main.js';

describe('switching an environment from Ingress to Gateway on a re-run', () => {
  it('plans deleting the Ingress files and creating the HTTPRoute files, nothing else created or deleted', async () => {
    const dir = await scaffoldSealed({
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
    const fixture = new URL('../../fixtures/repo-v0.1.0/inngest-gitops.json', import.meta.url);
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
    ['10.0.0.1/8', 'has host bits set: write the network address'],
    ['10.0.0.0', 'is not ADDRESS/PREFIX'],
    ['300.0.0.0/8', 'has no valid IPv4 address'],
    ['2001:db8::1/32', 'has host bits set: write the network address'],
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
});

describe('NetworkPolicy: what the README says about who may call Inngest', () => {
  it('the README says what stays reachable and how to open the dashboard', async () => {
    const dir = await scaffoldSealed(MIXED_EXPOSURE);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain("- stage: Inngest's own pods, the ingress controller in `traefik`, apps in `shop-stage`");
    expect(readme).toContain("- prod: Inngest's own pods, the Gateway's proxies in `gateway-system`");
    expect(readme).toContain('kubectl -n inngest-stage port-forward svc/inngest 8288:8288');
    expect(readme).not.toContain('stays inside the cluster');
  });
});
