import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubectlAvailable, kustomize, parseStream, repoRoot, runCli, tempDir } from '../../helpers/cli.js';
import { NON_DEFAULT, scaffold } from '../../helpers/scaffold.js';

const enabled = kubectlAvailable();

function expectCompleteEnvironment(dir: string, env: string, namespace: string) {
  const objects = parseStream(kustomize(join(dir, 'overlays', env)));
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

describe.runIf(enabled)('kubectl kustomize', () => {
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
    const { dir } = scaffold(NON_DEFAULT, { sealed: true });
    const overlays = [
      ...['dev', 'stage', 'prod'].map((env) => [env, join(dir, 'overlays', env)]),
      ...['stage', 'prod'].map((env) => [env, join(repoRoot, 'overlays', env)]),
    ];
    for (const [env, overlay] of overlays) {
      const objects = parseStream(kustomize(overlay!));
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
