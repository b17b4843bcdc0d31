/**
 * The scaffold command run again on its own output, in-process (main(argv, io)), where the
 * repository a run writes must then pass `validate` (kubectl): merges, removals, namespace moves,
 * dry runs, renames. The same scenarios without kubectl are in test/unit/commands/rerun.test.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/core/yaml.js';
import { listFiles, tempDir } from '../../helpers/cli.js';
import { DEMO_CERT_PATH, demoPrivateKey } from '../../helpers/keys.js';
import { kubectlFor } from '../../helpers/kubectl.js';
import { runMain } from '../../helpers/main.js';
import { unseal } from '../../helpers/unseal.js';

const CERT = ['--cert', DEMO_CERT_PATH];
const withKubectl = kubectlFor('validate of repositories after re-runs');

/** A new scaffold with every secret sealed (demo certificate), with these extra arguments. */
async function scaffoldSealed(args: string[] = []): Promise<string> {
  const target = join(tempDir(), 'repo');
  // A repository URL, as validate requires one of every Application.
  const result = await runMain([
    target,
    '--yes',
    ...CERT,
    '--repo-url',
    'https://github.com/acme/inngest-gitops.git',
    ...args,
  ]);
  if (result.status !== 0) throw new Error(result.stderr);
  return target;
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const state = (dir: string) => JSON.parse(read(dir, 'inngest-gitops.json'));
const snapshot = (dir: string) => new Map(listFiles(dir).map((f) => [f, read(dir, f)]));

/** `validate` passes on dir (in-process; it renders with kubectl). */
async function expectValid(dir: string): Promise<void> {
  const result = await runMain(['validate', dir]);
  expect(result.stdout).toMatch(/^ok: \d+ objects in \d+ environments, 0 problems$/m);
  expect(result.status).toBe(0);
}

describe.runIf(withKubectl)('--config on a re-run merges over the recorded answers', () => {
  it('keeps the repository URL and the environments it does not name (observed: reverted to defaults, dropped dev)', async () => {
    const dir = await scaffoldSealed(['--repo-url', 'https://gitlab.com/acme/infra.git', '--environments', 'dev,prod']);
    const config = join(tempDir(), 'mon.yaml');
    writeFileSync(config, 'monitoring: {enabled: true}\n');
    const result = await runMain([dir, '--config', config]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const answers = state(dir).answers;
    expect(answers.repoURL).toBe('https://gitlab.com/acme/infra.git');
    expect(answers.environments.map((e: { name: string }) => e.name)).toEqual(['dev', 'prod']);
    expect(answers.monitoring.enabled).toBe(true);
    expect(existsSync(join(dir, 'overlays/dev/kustomization.yaml'))).toBe(true);
    expect(existsSync(join(dir, 'argocd/apps/dev.yaml'))).toBe(true);
    expect(existsSync(join(dir, 'overlays/stage'))).toBe(false);
    expect(result.stdout).not.toMatch(/^delete/m);
    await expectValid(dir);
  });
});

describe.runIf(withKubectl)('removing an environment', () => {
  it('--remove-env removes its files, and the plan says what Argo CD deletes and what it keeps', async () => {
    const dir = await scaffoldSealed(['--environments', 'dev,stage,prod']);
    const dry = await runMain([dir, '--remove-env', 'stage', '--dry-run']);
    const result = await runMain([dir, '--remove-env', 'stage']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const removal = [
      'remove environment stage: once this is pushed, Argo CD deletes the Application inngest-stage and, through its finalizer, what it deployed into namespace inngest-stage on https://kubernetes.default.svc: Inngest, the Valkey StatefulSet, Services, ConfigMaps, NetworkPolicies, the SealedSecrets and the Secrets made from them.',
      '  kept in the cluster: the CloudNativePG Cluster inngest-postgres and its PVCs (Delete=false,Prune=false), the PVC data-inngest-valkey-0, the namespace inngest-stage. README.md "Removing an environment" shows how to delete them.',
    ];
    for (const line of removal) {
      expect(dry.stdout.split('\n')).toContain(line);
      expect(result.stdout.split('\n')).toContain(line);
    }
    expect(existsSync(join(dir, 'overlays/stage'))).toBe(false);
    expect(existsSync(join(dir, 'secrets/stage'))).toBe(false);
    expect(existsSync(join(dir, 'argocd/apps/stage.yaml'))).toBe(false);
    expect(state(dir).answers.environments.map((e: { name: string }) => e.name)).toEqual(['dev', 'prod']);
    await expectValid(dir);
  });
});

describe.runIf(withKubectl)('changing an environment’s namespace', () => {
  async function moved(): Promise<{ dir: string; config: string }> {
    const dir = await scaffoldSealed();
    const config = join(tempDir(), 'ns.yaml');
    writeFileSync(config, 'environments:\n  - name: prod\n    namespace: inngest-production\n');
    return { dir, config };
  }

  it('with a certificate re-seals them for the new namespace and leaves the other environment alone', async () => {
    const { dir, config } = await moved();
    const stage = read(dir, 'secrets/stage/inngest-keys.yaml');
    const result = await runMain([dir, '--config', config, ...CERT]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'move environment prod from namespace inngest-prod to inngest-production: Argo CD creates it anew there, with an empty database, and prunes what it ran in inngest-prod, except the CloudNativePG Cluster inngest-postgres and its PVCs (Delete=false,Prune=false), which stay there.',
    );
    expect(read(dir, 'secrets/stage/inngest-keys.yaml')).toBe(stage);
    for (const file of ['inngest-keys', 'inngest-postgres-role', 'inngest-valkey']) {
      const sealed = parseYaml(read(dir, `secrets/prod/${file}.yaml`)) as Parameters<typeof unseal>[0] & {
        metadata: { namespace: string };
        spec: { template: { metadata: { namespace: string } } };
      };
      expect(sealed.metadata.namespace).toBe('inngest-production');
      expect(sealed.spec.template.metadata.namespace).toBe('inngest-production');
      expect(Object.keys(unseal(sealed, demoPrivateKey())).length).toBeGreaterThan(0);
    }
    await expectValid(dir);
  });
});

describe.runIf(withKubectl)('--dry-run reports exactly the plan the same command carries out', () => {
  /** The plan sections a run prints (create, update, delete, conflicts, yours), without the verbose ones. */
  const plan = (stdout: string) =>
    stdout
      .split(/\n(?=\S)/)
      .filter((block) => /^(create|update|delete|conflict|yours)[^\n]* \(\d+\):/.test(block))
      .map((block) => block.trim());

  it('for a re-run that adds, removes, updates, keeps an edit and meets a conflict', async () => {
    const dir = await scaffoldSealed(['--environments', 'dev,stage,prod']);
    writeFileSync(join(dir, 'base/inngest/service.yaml'), `${read(dir, 'base/inngest/service.yaml')}# mine\n`);
    writeFileSync(join(dir, 'base/inngest/deployment.yaml'), `${read(dir, 'base/inngest/deployment.yaml')}# mine\n`);
    const config = join(tempDir(), 'change.yaml');
    writeFileSync(config, 'monitoring: {enabled: true}\nenvironments:\n  - name: qa\n');
    const args = [
      dir,
      '--config',
      config,
      '--image-tag',
      'v1.44.0',
      '--remove-env',
      'stage',
      '--on-conflict',
      'keep',
      ...CERT,
    ];
    const before = snapshot(dir);
    const dry = await runMain([...args, '--dry-run']);
    expect(dry.status).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    const real = await runMain(args);
    expect(real.stderr).toBe('');
    expect(real.status).toBe(0);
    expect(plan(real.stdout)).toEqual(plan(dry.stdout));
    const sections = plan(real.stdout).map((block) => block.split('\n')[0]);
    expect(sections).toEqual([
      expect.stringMatching(/^create \(\d+\):$/),
      expect.stringMatching(/^update \(\d+\):$/),
      expect.stringMatching(/^delete \(\d+\):$/),
      'conflict, kept as you edited it (1):',
      'yours, kept (1):',
    ]);
    // And what it said is what happened to the files.
    const after = snapshot(dir);
    const listed = (title: string) =>
      (plan(real.stdout).find((block) => block.startsWith(title)) ?? '')
        .split('\n')
        .slice(1)
        .map((line) => line.trim());
    for (const path of listed('create')) expect(before.has(path) || !after.has(path), path).toBe(false);
    for (const path of listed('update')) expect(after.get(path), path).not.toBe(before.get(path));
    for (const path of listed('delete')) expect(after.has(path), path).toBe(false);
    for (const path of [...listed('conflict'), ...listed('yours')])
      expect(after.get(path), path).toBe(before.get(path));
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p));
    expect(changed.sort()).toEqual([...listed('create'), ...listed('update'), ...listed('delete')].sort());
    await expectValid(dir);
  });
});

describe.runIf(withKubectl)('renaming the project', () => {
  it('renames every Application: the plan says what Argo CD deletes and keeps', async () => {
    const dir = await scaffoldSealed();
    const result = await runMain([dir, '--name', 'acme']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'rename inngest to acme: once this is pushed, Argo CD deletes the Applications inngest-stage, inngest-prod and what they deployed (a short outage), and the new ones deploy it again into the same namespaces; the CloudNativePG Clusters and their PVCs stay (Delete=false,Prune=false).',
    );
    expect(existsSync(join(dir, 'argocd/apps/prod.yaml'))).toBe(true);
    await expectValid(dir);
  });
});
