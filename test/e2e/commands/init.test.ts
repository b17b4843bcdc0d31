/**
 * The scaffolder as a user runs it: the built CLI (bin/, dist/) writes a repository, kubectl
 * renders every overlay of it. Re-runs and --new-controller-key through the built CLI are in
 * test/integration/commands/init.test.ts.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from '../../helpers/cli.js';
import { kubectlFor, kustomizeObjects, type K8s } from '../../helpers/kubectl.js';
import { renderOverlays } from '../../helpers/overlays.js';
import { NON_DEFAULT } from '../../helpers/scaffold.js';

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
