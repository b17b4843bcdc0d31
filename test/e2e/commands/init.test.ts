/**
 * The scaffolder as a user runs it: the built CLI (bin/, dist/) writes a repository, kubectl
 * renders every overlay of it, and `validate` passes on it, also after re-runs.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from '../../helpers/cli.js';
import { DEMO_CERT_PATH } from '../../helpers/keys.js';
import { runMain } from '../../helpers/main.js';
import { kubectlFor, kustomizeObjects, type K8s } from '../../helpers/kubectl.js';
import { renderOverlays } from '../../helpers/overlays.js';
import { NON_DEFAULT } from '../../helpers/scaffold.js';
import { valuesOf } from '../../helpers/sealed.js';

const withKubectl = kubectlFor('kubectl kustomize and validate of scaffolds written by the built CLI');

/** kubectl kustomize of this repository's own example, once for the file. */
const example = new Map<string, K8s[]>();
function exampleObjects(env: string): K8s[] {
  if (!example.has(env)) example.set(env, kustomizeObjects(join(repoRoot, 'overlays', env)));
  return example.get(env)!;
}

function expectCompleteEnvironment(dir: string, env: string, namespace: string) {
  const objects = dir === repoRoot ? exampleObjects(env) : kustomizeObjects(join(dir, 'overlays', env));
  const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
  expect(kinds).toEqual(
    expect.arrayContaining([
      'Deployment/inngest',
      'Service/inngest',
      'ServiceAccount/inngest',
      'PodDisruptionBudget/inngest',
      'NetworkPolicy/inngest',
    ]),
  );
  for (const object of objects)
    expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe(namespace);
  const deployment = objects.find((o) => o.kind === 'Deployment')!;
  const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('inngest-config-'))!;
  // the hashed ConfigMap name reached the Deployment, so a settings change rolls the pods
  expect(deployment.spec.template.spec.containers[0].envFrom[0].configMapRef.name).toBe(configMap.metadata.name);
  return objects;
}

/** `validate` passes on dir (in-process: the built CLI's validate has its own test). */
async function expectValid(dir: string, environments: number): Promise<void> {
  const result = await runMain(['validate', dir]);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(new RegExp(`^ok: \\d+ objects in ${environments} environments, 0 problems\\n$`));
  expect(result.status).toBe(0);
}

describe('bad input through the built CLI', () => {
  it('exits 2 with one line naming the field, and writes nothing', () => {
    const target = join(tempDir(), 'repo');
    const result = runCli([target, '--yes', '--image-tag', 'latest']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: image\.tag: "latest" is not allowed \(a pinned release tag[^\n]*\)\n$/);
    expect(() => statSync(target)).toThrow(/ENOENT/);
  });
});

describe.runIf(withKubectl)('kubectl kustomize', () => {
  it('renders every environment of a fresh --yes scaffold', () => {
    const target = join(tempDir(), 'repo');
    expect(runCli([target, '--yes']).status).toBe(0);
    const prod = expectCompleteEnvironment(target, 'prod', 'inngest-prod');
    // KEDA owns the replica count in prod: the Deployment leaves it out, the ScaledObject starts at 2
    expect(prod.find((o) => o.kind === 'Deployment')!.spec.replicas).toBeUndefined();
    expect(prod.find((o) => o.kind === 'ScaledObject')!.spec.minReplicaCount).toBe(2);
    expectCompleteEnvironment(target, 'stage', 'inngest-stage');
  });

  it('renders a scaffold with non-default environments and hostnames', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'answers.json'),
      JSON.stringify({
        name: 'acme',
        environments: [{ name: 'dev' }, { name: 'prod', namespace: 'inngest', hostname: 'inngest.acme.dev' }],
      }),
    );
    const target = join(dir, 'repo');
    expect(runCli([target, '--config', join(dir, 'answers.json')]).status).toBe(0);
    expectCompleteEnvironment(target, 'dev', 'acme-dev');
    const prod = expectCompleteEnvironment(target, 'prod', 'inngest');
    expect(prod.find((o) => o.kind === 'Ingress')!.spec.rules[0].host).toBe('inngest.acme.dev');
  });

  it("renders this repository's own example", () => {
    expectCompleteEnvironment(repoRoot, 'stage', 'inngest-stage');
    expectCompleteEnvironment(repoRoot, 'prod', 'inngest-prod');
  });

  it('gives the Secret each SealedSecret becomes the same labels as everything else, the environment’s included', () => {
    // This repository's example is sealed by the scaffolder itself (with the demo key), with its labels.
    const overlays: [string, K8s[]][] = [
      ...[...renderOverlays(NON_DEFAULT).overlays],
      ...['stage', 'prod'].map((env): [string, K8s[]] => [env, exampleObjects(env)]),
    ];
    expect(overlays.map(([env]) => env)).toEqual(['dev', 'stage', 'prod', 'stage', 'prod']);
    for (const [env, objects] of overlays) {
      const sealed = objects.filter((o) => o.kind === 'SealedSecret');
      expect(sealed.length, env).toBeGreaterThanOrEqual(3);
      for (const s of sealed) {
        expect(s.metadata.labels!['inngest-gitops/environment'], s.metadata.name).toBe(env);
        // every label of the SealedSecret (the Secret may carry more, such as cnpg.io/reload)
        expect(s.spec.template.metadata.labels, s.metadata.name).toMatchObject(s.metadata.labels!);
      }
    }
  });
});

describe.runIf(withKubectl)('a scaffold sealed with --cert, re-run', () => {
  const target = join(tempDir(), 'repo');
  const cert = ['--cert', DEMO_CERT_PATH];

  it('includes the SealedSecrets in each overlay', () => {
    expect(runCli([target, '--yes', ...cert, '--repo-url', 'https://github.com/acme/inngest-gitops.git']).status).toBe(
      0,
    );
    for (const env of ['stage', 'prod']) {
      const sealed = kustomizeObjects(join(target, 'overlays', env)).filter((o) => o.kind === 'SealedSecret');
      expect(sealed.map((o) => o.metadata.name).sort()).toEqual([
        'inngest-keys',
        'inngest-postgres-role',
        'inngest-valkey',
      ]);
    }
  });

  it('validates after re-runs: the same answers, another image tag overwriting a hand-edited file, --add-env', async () => {
    const same = runCli([target]);
    expect(same.stdout).toContain('0 changes');
    expect(same.status).toBe(0);
    const service = join(target, 'base/inngest/service.yaml');
    writeFileSync(service, `${readFileSync(service, 'utf8')}# tuned by hand\n`);
    const tag = runCli([target, '--image-tag', 'v1.44.0', '--on-conflict', 'overwrite']);
    expect(tag.stderr).toBe('');
    expect(tag.status).toBe(0);
    const addEnv = runCli([target, '--add-env', 'qa', ...cert]);
    expect(addEnv.stderr).toBe('');
    expect(addEnv.status).toBe(0);
    await expectValid(target, 3);
  });
});

describe('--new-controller-key', () => {
  it('writes the key pair outside the repository, mode 0600, seals with it and prints how to load it', () => {
    const dir = tempDir();
    const keys = join(dir, 'keys');
    const target = join(dir, 'repo');
    const result = runCli([
      target,
      '--yes',
      '--new-controller-key',
      keys,
      '--repo-url',
      'https://github.com/acme/inngest-gitops.git',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(statSync(join(keys, 'sealed-secrets.key')).mode & 0o777).toBe(0o600);
    expect(result.stdout).toContain('sealedsecrets.bitnami.com/sealed-secrets-key=active');
    const privateKey = readFileSync(join(keys, 'sealed-secrets.key'), 'utf8');
    expect(valuesOf(target, 'prod', privateKey)['inngest-keys']!.INNGEST_SIGNING_KEY).toMatch(/^[0-9a-f]{64}$/);
  });
});
