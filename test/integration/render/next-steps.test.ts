import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, listFiles, repoRoot, runCli, tempDir } from '../../helpers/cli.js';
import { DEMO_CERT_PATH } from '../../helpers/keys.js';
import { kubectlFor } from '../../helpers/kubectl.js';
import { commandsOf, expectInOrder } from '../../helpers/next-steps.js';

const withKubectl = kubectlFor("the next steps' kubectl commands");

const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
const NPX = `npx create-inngest-gitops@${version}`;
const URL = 'https://github.com/acme/inngest-gitops.git';

/** The numbered checklist the CLI printed after a scaffold: from "1. " to the end. */
function printedSteps(stdout: string): string {
  const start = stdout.search(/^1\. /m);
  expect(start).toBeGreaterThan(0);
  return stdout.slice(start);
}

/** The checklist inside README.md's "Bootstrap" section. */
function readmeSteps(dir: string): string {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Bootstrap\n'), readme.indexOf('\n## Operators'));
  return section.slice(section.search(/^1\. /m));
}

function scaffold(args: string[], env: NodeJS.ProcessEnv = {}) {
  const dir = tempDir('cig-steps-');
  const target = join(dir, 'repo');
  const result = runCli([target, '--yes', ...args], { cwd: dir, env: { HOME: dir, ...env } });
  expect(result.status).toBe(0);
  return { dir, target, result };
}

/**
 * A shell for the steps: HOME and Git's global config in the test's folder, a bare repository
 * standing in for the remote (url.insteadOf), and `npx create-inngest-gitops@<version>` meaning
 * the CLI just built.
 */
function shell(dir: string) {
  const remote = join(dir, 'remote.git');
  spawnSync('git', ['init', '--quiet', '--bare', remote]);
  const gitconfig = join(dir, 'gitconfig');
  writeFileSync(
    gitconfig,
    `[user]\n\tname = Test\n\temail = test@example.com\n[url "${remote}"]\n\tinsteadOf = ${URL}\n`,
  );
  const env = { ...process.env, HOME: dir, GIT_CONFIG_GLOBAL: gitconfig, GIT_CONFIG_NOSYSTEM: '1' };
  return {
    remote,
    env,
    run(command: string, cwd: string): { status: number | null; stdout: string; stderr: string } {
      const line = command.split(NPX).join(`${process.execPath} ${binPath}`);
      const result = spawnSync('sh', ['-c', line], { cwd, env, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`${command}\n${result.stderr}`);
      return result;
    },
  };
}

describe('the next steps printed after a scaffold', () => {
  for (const [label, args] of [
    ['sealing later, no repository URL yet', []],
    ['a new controller key', ['--new-controller-key', 'KEYS', '--repo-url', URL]],
    [
      'a certificate file, an SSH URL',
      ['--cert', DEMO_CERT_PATH, '--repo-url', 'git@gitlab.example.com:acme/inngest.git'],
    ],
  ] as const) {
    it(`are byte-identical to the README's Bootstrap section (${label})`, () => {
      const dir = tempDir('cig-steps-');
      const target = join(dir, 'repo');
      const argv = args.map((a) => (a === 'KEYS' ? join(dir, 'keys') : a));
      const result = runCli([target, '--yes', ...argv], { cwd: dir, env: { HOME: dir } });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain("Next steps (the README's Bootstrap section), in repo:");
      expect(result.stdout).toMatch(/^ {7}cd repo$/m);
      expect(printedSteps(result.stdout)).toBe(readmeSteps(target));
    });
  }

  it('say . for the repository and name the generator as npx create-inngest-gitops@<version>', () => {
    const { target, result } = scaffold([]);
    const commands = commandsOf(printedSteps(result.stdout));
    const ours = commands.filter((c) => c.startsWith('npx '));
    expect(ours.length).toBeGreaterThan(0);
    for (const command of ours) expect(command).toMatch(new RegExp(`^${NPX.replace(/[.@]/g, '\\$&')} (secrets )?\\. `));
    expect(result.stdout).not.toContain(target);
  });

  it('sealing later: push, Argo CD, the controller alone, seal and push, then the root; the offline commands run', () => {
    const { dir, target, result } = scaffold([]);
    const commands = commandsOf(printedSteps(result.stdout));
    expectInOrder(commands, [
      `${NPX} . --repo-url URL`,
      'git push -u origin main',
      'argo-cd/v3.5.1/manifests/install.yaml',
      'secret-type=repository',
      'argocd/apps/platform-sealed-secrets.yaml',
      'application/platform-sealed-secrets',
      'data.tls\\.crt',
      `${NPX} secrets . --cert "$HOME/inngest-sealed-secrets.crt"`,
      'git add secrets',
      'argocd/bootstrap/argocd-cm-health.yaml',
      'argocd/root.yaml',
      'get applications --watch',
      'port-forward service/inngest 8288:8288',
    ]);
    expect(commands.some((c) => c.includes('rollout restart'))).toBe(false);

    // Follow them as far as a machine without a cluster allows.
    const sh = shell(dir);
    const validateBefore = runCli(['validate', target, '--format', 'json']);
    expect(validateBefore.stdout).toContain('"rule": "repo-url"');
    for (const command of commands) {
      if (command.startsWith('kubectl') && command.includes('data.tls\\.crt')) {
        copyFileSync(DEMO_CERT_PATH, join(dir, 'inngest-sealed-secrets.crt')); // what the controller would hand out ($HOME is dir)
        continue;
      }
      if (command.startsWith('kubectl')) {
        expectFilesExist(command, target);
        continue;
      }
      // The other transport's URL (HOST/ORG/REPO placeholders) is an alternative to the steps, not one of them.
      if (/HOST[/:]ORG\/REPO/.test(command)) continue;
      sh.run(command.replace(/ URL$/, ` ${URL}`).replace(/origin URL$/, `origin ${URL}`), target);
    }
    const log = spawnSync('git', ['--git-dir', sh.remote, 'log', '--format=%s', 'main'], { encoding: 'utf8' });
    expect(log.stdout.trim().split('\n')).toEqual([
      'Seal the secrets',
      `Inngest on Kubernetes, generated by create-inngest-gitops ${version}`,
    ]);
    expect(listFiles(join(target, 'secrets/prod'))).toContain('inngest-keys.yaml');
    // Everything the steps changed is committed: nothing left for a later run to find modified.
    expect(spawnSync('git', ['status', '--porcelain'], { cwd: target, encoding: 'utf8' }).stdout).toBe('');
    if (withKubectl) {
      const validate = runCli(['validate', target]);
      expect(validate.stdout).toMatch(/^ok: \d+ objects in 2 environments, 0 problems$/m);
    }
  });

  it('a new controller key: loaded before the root, and kubectl accepts the key pair the commands name', () => {
    const { dir, target, result } = scaffold([
      '--new-controller-key',
      '~/.config/inngest-gitops/acme',
      '--repo-url',
      URL,
    ]);
    expect(existsSync(join(dir, '.config/inngest-gitops/acme/sealed-secrets.key'))).toBe(true);
    const commands = commandsOf(printedSteps(result.stdout));
    expectInOrder(commands, [
      'git push -u origin main',
      'manifests/install.yaml',
      'create secret tls sealed-secrets-key-gitops',
      'sealed-secrets-key=active',
      'argocd/bootstrap/argocd-cm-health.yaml',
      'argocd/root.yaml',
    ]);
    expect(commands.some((c) => c.includes('rollout restart'))).toBe(false);
    expect(commands.some((c) => c.includes('platform-sealed-secrets'))).toBe(false);

    const sh = shell(dir);
    for (const command of commands) {
      if (command.startsWith('kubectl')) {
        expectFilesExist(command, target);
        // `create` runs without a cluster as a client-side dry run: it reads and checks the files.
        if (/^kubectl( -n \S+)? create /.test(command) && withKubectl) {
          const out = sh.run(`${command} --dry-run=client -o yaml`, target).stdout;
          if (command.includes('secret tls')) expect(out).toContain('tls.key:');
        }
        continue;
      }
      sh.run(command, target);
    }
    expect(spawnSync('git', ['--git-dir', sh.remote, 'rev-parse', 'main']).status).toBe(0);
    // Every secret sealed, and the private key nowhere in the repository.
    const key = readFileSync(join(dir, '.config/inngest-gitops/acme/sealed-secrets.key'), 'utf8');
    for (const file of listFiles(target)) {
      const text = readFileSync(join(target, file), 'utf8');
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain(key.split('\n')[1]);
    }
    for (const env of ['stage', 'prod'])
      expect(listFiles(join(target, 'secrets', env)).filter((f) => f !== 'kustomization.yaml')).toHaveLength(3);
  });
});

/** The repository files a kubectl command reads must exist. */
function expectFilesExist(command: string, target: string): void {
  for (const match of command.matchAll(/-f (\S+)/g)) {
    const file = match[1]!;
    if (/^https:\/\//.test(file) || file === '-') continue;
    expect(existsSync(join(target, file)), `${file} of: ${command}`).toBe(true);
  }
}

describe('scaffold hints', () => {
  it('a target inside cwd is named relative to it', () => {
    const dir = tempDir('cig-steps-');
    mkdirSync(join(dir, 'work'));
    const result = runCli(['work/repo', '--yes', '--repo-url', URL], { cwd: dir, env: { HOME: dir } });
    expect(result.stdout).toContain('changes in work/repo:');
    expect(result.stdout).toMatch(/^ {7}cd work\/repo$/m);
  });
});
