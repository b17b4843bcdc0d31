/**
 * The scaffold command run again on its own output, in-process (main(argv, io)): merges, removals,
 * --force, namespace moves and version checks. Every repository a run writes passes `validate`.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../src/core/yaml.js';
import { kubectlAvailable, listFiles, repoRoot, tempDir } from './helpers/cli.js';
import { run } from './helpers/run.js';
import { DEMO_CERT_PATH, demoPrivateKey } from './seal/keys.js';
import { unseal } from './seal/unseal.js';

const CERT = ['--cert', DEMO_CERT_PATH];
const withKubectl = kubectlAvailable();

async function scaffold(args: string[] = []): Promise<string> {
  const target = join(tempDir(), 'repo');
  const result = await run([target, '--yes', ...CERT, ...args]);
  if (result.status !== 0) throw new Error(result.stderr);
  return target;
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const state = (dir: string) => JSON.parse(read(dir, 'inngest-gitops.json'));
const snapshot = (dir: string) => new Map(listFiles(dir).map((f) => [f, read(dir, f)]));

async function expectValid(dir: string): Promise<void> {
  if (!withKubectl) return;
  const result = await run(['validate', dir], { env: { PATH: process.env.PATH } });
  expect(result.stdout).toMatch(/^ok: \d+ objects in \d+ environments, 0 problems$/m);
  expect(result.status).toBe(0);
}

describe('--config on a re-run merges over the recorded answers', () => {
  it('keeps the repository URL and the environments it does not name (observed: reverted to defaults, dropped dev)', async () => {
    const dir = await scaffold(['--repo-url', 'https://gitlab.com/acme/infra.git', '--environments', 'dev,prod']);
    const config = join(tempDir(), 'mon.yaml');
    writeFileSync(config, 'monitoring: {enabled: true}\n');
    const result = await run([dir, '--config', config]);
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

  it('merges a config environment into the recorded one of that name', async () => {
    const dir = await scaffold(['--environments', 'dev,prod']);
    const config = join(tempDir(), 'prod.json');
    writeFileSync(config, JSON.stringify({ environments: [{ name: 'prod', hostname: 'inngest.example.com' }] }));
    expect((await run([dir, '--config', config])).status).toBe(0);
    const environments = state(dir).answers.environments as { name: string; hostname: string; profile: string }[];
    expect(environments.map((e) => [e.name, e.hostname, e.profile])).toEqual([
      ['dev', '', 'small'],
      ['prod', 'inngest.example.com', 'production'],
    ]);
  });
});

describe('removing an environment', () => {
  it('only with --remove-env: other answers that drop one exit 2 naming it and the flag, and write nothing', async () => {
    const dir = await scaffold();
    const before = snapshot(dir);
    const result = await run([dir, '--environments', 'prod']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'error: environments: stage is recorded in inngest-gitops.json but missing from these answers (removing an environment makes Argo CD delete what it runs: pass --remove-env stage to do that, or keep it in --environments)\n',
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('--remove-env removes its files, and the plan says what Argo CD deletes and what it keeps', async () => {
    const dir = await scaffold(['--environments', 'dev,stage,prod']);
    const dry = await run([dir, '--remove-env', 'stage', '--dry-run']);
    const result = await run([dir, '--remove-env', 'stage']);
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

  it('says the database goes too where the answers turned the protection off', async () => {
    const config = join(tempDir(), 'answers.yaml');
    writeFileSync(config, 'environments:\n  - name: dev\n    postgres: {deletionProtection: false}\n  - name: prod\n');
    const dir = join(tempDir(), 'repo');
    expect((await run([dir, '--config', config])).status).toBe(0);
    expect(read(dir, 'overlays/dev/patches/postgres-cluster.yaml')).not.toContain('sync-options');
    expect(read(dir, 'overlays/prod/patches/postgres-cluster.yaml')).toContain(
      'argocd.argoproj.io/sync-options: Delete=false,Prune=false',
    );
    expect(read(dir, 'README.md')).toContain(
      '| dev | `inngest-dev` | `inngest-dev` | **deleted** (postgres.deletionProtection: false) |',
    );
    const result = await run([dir, '--remove-env', 'dev']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      '  deleted too: the CloudNativePG Cluster inngest-postgres and its PVCs, the database of dev (postgres.deletionProtection is false).',
    );
  });

  it('stops when the repository on disk does not protect the Cluster yet (an older version wrote it)', async () => {
    const dir = join(tempDir(), 'repo');
    cpSync(join(repoRoot, 'test/fixtures/repo-v0.1.0'), dir, { recursive: true });
    const names = state(dir).answers.environments.map((e: { name: string }) => e.name) as string[];
    const before = snapshot(dir);
    const result = await run([dir, '--remove-env', names[0]!]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^error: --remove-env: the CloudNativePG Cluster of ${names[0]} has no argocd\\.argoproj\\.io/sync-options: Delete=false,Prune=false in this repository yet, so Argo CD would delete its database with the environment \\(first re-run without --remove-env`,
      ),
    );
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('--force', () => {
  function userFolder(): string {
    const dir = join(tempDir(), 'repo');
    mkdirSync(join(dir, 'overlays/prod'), { recursive: true });
    writeFileSync(join(dir, 'README.md'), '# our platform\n');
    writeFileSync(join(dir, 'overlays/prod/kustomization.yaml'), 'resources: [mine.yaml]\n');
    writeFileSync(join(dir, 'NOTES.md'), 'notes\n');
    return dir;
  }

  it('lets a first run into a non-empty folder, but its files in our way are conflicts: listed, nothing written', async () => {
    const dir = userFolder();
    const before = snapshot(dir);
    const dry = await run([dir, '--yes', '--force', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/^conflict \(2\):\n {2}README\.md\n {2}overlays\/prod\/kustomization\.yaml$/m);
    expect(dry.stdout).toContain(
      '2 conflicts: a real run stops here (exit 2) unless --on-conflict keep or overwrite is given',
    );
    const result = await run([dir, '--yes', '--force']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'error: --on-conflict: 2 generated files were edited since: README.md, overlays/prod/kustomization.yaml (keep your edits with --on-conflict keep, replace them with --on-conflict overwrite, or see them with --diff)\n',
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('with --on-conflict keep writes everything else and says what it kept', async () => {
    const dir = userFolder();
    const dry = await run([dir, '--yes', '--force', '--on-conflict', 'keep', '--dry-run']);
    const result = await run([dir, '--yes', '--force', '--on-conflict', 'keep']);
    expect(result.status).toBe(0);
    const created = /^create \((\d+)\):$/m.exec(result.stdout)?.[1];
    expect(result.stdout).toContain(
      `changes in ${dir}: ${created} created, 0 updated, 0 deleted, 2 conflicts kept as edited.`,
    );
    expect(result.stdout).toMatch(/^conflict, kept as you edited it \(2\):$/m);
    // The dry run listed exactly what the run did.
    const section = (text: string, title: string) =>
      new RegExp(`^${title} \\((\\d+)\\):\\n((?: {2}.*\\n)*)`, 'm').exec(text)?.[0];
    expect(section(result.stdout, 'create')).toBe(section(dry.stdout, 'create'));
    expect(read(dir, 'README.md')).toBe('# our platform\n');
    expect(read(dir, 'NOTES.md')).toBe('notes\n');
  });

  it('means nothing to a re-run: exit 2 instead of overwriting edits', async () => {
    const dir = await scaffold();
    const result = await run([dir, '--force']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error: --force: is only for a folder create-inngest-gitops did not generate');
  });
});

describe('changing an environment’s namespace', () => {
  async function moved(): Promise<{ dir: string; config: string }> {
    const dir = await scaffold();
    const config = join(tempDir(), 'ns.yaml');
    writeFileSync(config, 'environments:\n  - name: prod\n    namespace: inngest-production\n');
    return { dir, config };
  }

  it('without a certificate exits 2 naming the SealedSecrets and --cert, and writes nothing', async () => {
    const { dir, config } = await moved();
    const before = snapshot(dir);
    const result = await run([dir, '--config', config]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'error: --cert: secrets/prod/inngest-keys.yaml, secrets/prod/inngest-postgres-role.yaml, secrets/prod/inngest-valkey.yaml are sealed for the old namespace and must be sealed again for the new one (pass --cert FILE|URL, --fetch-cert or --new-controller-key DIR)\n',
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('with a certificate re-seals them for the new namespace and leaves the other environment alone', async () => {
    const { dir, config } = await moved();
    const stage = read(dir, 'secrets/stage/inngest-keys.yaml');
    const result = await run([dir, '--config', config, ...CERT]);
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

describe('versions', () => {
  it('a re-run or upgrade by a version older than the recorded one exits 2 naming both and the command to use', async () => {
    const dir = await scaffold();
    const recorded = state(dir);
    recorded.generator.version = '9.0.0';
    writeFileSync(join(dir, 'inngest-gitops.json'), `${JSON.stringify(recorded, null, 2)}\n`);
    const before = snapshot(dir);
    const ours = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version as string;
    const rerun = await run([dir, '--image-tag', 'v1.44.0']);
    expect(rerun.status).toBe(2);
    expect(rerun.stderr).toBe(
      `error: inngest-gitops.json generator.version: this repository was written by create-inngest-gitops 9.0.0, newer than this ${ours}; re-rendering it would undo what 9.0.0 changed (run the recorded version: npx create-inngest-gitops@9.0.0 ${dir} --image-tag v1.44.0)\n`,
    );
    const upgrade = await run(['upgrade', dir]);
    expect(upgrade.status).toBe(2);
    expect(upgrade.stderr).toContain(`(run the recorded version: npx create-inngest-gitops@9.0.0 upgrade ${dir})`);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('concurrent runs', () => {
  it('a second run on a target another run holds exits 2 naming the lock; nothing of it is written', async () => {
    const dir = await scaffold();
    const lock = join(dirname(dir), '.repo.create-inngest-gitops.lock');
    const [first, second] = await Promise.all([
      run([dir, '--image-tag', 'v1.44.0']),
      run([dir, '--image-tag', 'v1.43.0']),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([0, 2]);
    const loser = first.status === 2 ? first : second;
    expect(loser.stderr).toBe(
      `error: ${lock}: another create-inngest-gitops run (pid ${process.pid}) is writing ${dir} (wait until it ends; if no such process runs, delete the lock file)\n`,
    );
    expect(readdirSync(dirname(dir))).toEqual(['repo']);
  });
});

describe('--dry-run reports exactly the plan the same command carries out', () => {
  /** The plan sections a run prints (create, update, delete, conflicts, yours), without the verbose ones. */
  const plan = (stdout: string) =>
    stdout
      .split(/\n(?=\S)/)
      .filter((block) => /^(create|update|delete|conflict|yours)[^\n]* \(\d+\):/.test(block))
      .map((block) => block.trim());

  it('for a re-run that adds, removes, updates, keeps an edit and meets a conflict', async () => {
    const dir = await scaffold(['--environments', 'dev,stage,prod']);
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
    const dry = await run([...args, '--dry-run']);
    expect(dry.status).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    const real = await run(args);
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

describe('renaming the project', () => {
  it('renames every Application: the plan says what Argo CD deletes and keeps', async () => {
    const dir = await scaffold();
    const result = await run([dir, '--name', 'acme']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'rename inngest to acme: once this is pushed, Argo CD deletes the Applications inngest-stage, inngest-prod and what they deployed (a short outage), and the new ones deploy it again into the same namespaces; the CloudNativePG Clusters and their PVCs stay (Delete=false,Prune=false).',
    );
    expect(existsSync(join(dir, 'argocd/apps/prod.yaml'))).toBe(true);
    await expectValid(dir);
  });

  it('stops while the repository does not protect the Clusters yet', async () => {
    const dir = join(tempDir(), 'repo');
    cpSync(join(repoRoot, 'test/fixtures/repo-v0.1.0'), dir, { recursive: true });
    const before = snapshot(dir);
    const result = await run([dir, '--name', 'renamed']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: name: renaming \S+ to renamed makes Argo CD delete the Applications /);
    expect(snapshot(dir)).toEqual(before);
  });
});
