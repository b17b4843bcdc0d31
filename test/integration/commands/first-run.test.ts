/**
 * A first scaffold and the repository around it, with the built CLI: the Git origin as the URL
 * Argo CD reads, validate's repoURL problem and its fix, . as the target, --git, progress lines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/core/yaml.js';
import { listFiles, repoRoot, runCli, tempDir } from '../../helpers/cli.js';
import { kubectlFor } from '../../helpers/kubectl.js';

const withKubectl = kubectlFor('validate on a first scaffold');

describe('where the repository lives', () => {
  const git = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
    spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });

  it('a scaffold in a folder whose repository has an origin writes that URL into every Application (credentials left out)', () => {
    const clone = tempDir('cig-clone-');
    git(['init', '--quiet'], clone);
    git(['remote', 'add', 'origin', 'https://ci-bot:s3cr3t@github.com/acme/inngest-gitops.git'], clone);
    const result = runCli(['.', '--yes'], { cwd: clone });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain('--repo-url');
    const applications = listFiles(join(clone, 'argocd')).filter((f) => !f.startsWith('bootstrap/'));
    let sources = 0;
    for (const file of applications) {
      const text = readFileSync(join(clone, 'argocd', file), 'utf8');
      expect(text).not.toContain('s3cr3t');
      const doc = parseYaml(text) as {
        kind: string;
        spec: { source?: { repoURL: string; chart?: string }; sourceRepos?: string[] };
      };
      if (doc.kind === 'Application' && !doc.spec.source?.chart) {
        expect(doc.spec.source?.repoURL, file).toBe('https://github.com/acme/inngest-gitops.git');
        sources++;
      }
      if (doc.kind === 'AppProject' && file === 'apps/project.yaml')
        expect(doc.spec.sourceRepos).toEqual(['https://github.com/acme/inngest-gitops.git']);
    }
    expect(sources).toBe(3); // root, stage, prod
  });

  it.runIf(withKubectl)(
    '--yes without a URL writes, warns naming --repo-url; validate fails on repoURL until `. --repo-url URL`',
    () => {
      const dir = tempDir();
      const target = join(dir, 'repo');
      const scaffolded = runCli([target, '--yes', '--cert', join(repoRoot, 'test/fixtures/demo-sealing.crt')], {
        cwd: dir,
      });
      expect(scaffolded.status).toBe(0);
      expect(scaffolded.stderr).toContain(
        'warning: no repository URL for Argo CD: set it with npx create-inngest-gitops@',
      );
      expect(scaffolded.stderr).toMatch(/ \. --repo-url URL in repo$/m); // from where the user stands
      const before = runCli(['validate'], { cwd: target });
      expect(before.status).toBe(1);
      expect(before.stdout).toMatch(
        /^argocd: Application\/inngest-\w+: spec\.source\.repoURL: repoURL is empty \(and in 3 more objects\): Argo CD cannot read this repository; fix: npx create-inngest-gitops@\S+ \. --repo-url URL$/m,
      );
      // The fix as printed, from the repository: `.` is the target, and only the URL changes.
      const fixed = runCli(['.', '--repo-url', 'git@github.com:acme/inngest-gitops.git'], { cwd: target });
      expect(fixed.status).toBe(0);
      expect(fixed.stdout).toContain('Re-rendering . from its inngest-gitops.json');
      expect(fixed.stdout).toMatch(/^\d+ changes in \.: \d+ created, \d+ updated, 0 deleted\.$/m); // created: the CI files of a github.com URL
      const after = runCli(['validate'], { cwd: target });
      expect(after.stdout).toMatch(/^ok: \d+ objects in 2 environments, 0 problems$/m);
      expect(after.status).toBe(0);
    },
  );

  it('without a folder argument, a generated repository in the current folder is the target', () => {
    const dir = tempDir();
    expect(runCli(['repo', '--yes', '--repo-url', 'https://github.com/acme/x.git'], { cwd: dir }).status).toBe(0);
    const rerun = runCli([], { cwd: join(dir, 'repo') });
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toContain('0 changes in .:');
    expect(existsSync(join(dir, 'repo/inngest-gitops'))).toBe(false);
  });

  it('--git: a new repository on the revision branch with one commit naming the generator version; never pushed', () => {
    const dir = tempDir();
    const gitconfig = join(dir, 'gitconfig');
    writeFileSync(gitconfig, '[user]\n\tname = Test\n\temail = test@example.com\n');
    const env = { GIT_CONFIG_GLOBAL: gitconfig, GIT_CONFIG_NOSYSTEM: '1' };
    const result = runCli(
      ['repo', '--yes', '--git', '--revision', 'release', '--repo-url', 'https://github.com/acme/x.git'],
      {
        cwd: dir,
        env,
      },
    );
    expect(result.status).toBe(0);
    const files = listFiles(join(dir, 'repo')).filter((f) => !f.startsWith('.git/')).length;
    expect(result.stdout).toContain(
      `Git: new repository in repo on branch release, ${files} files in a first commit (not pushed).`,
    );
    const repo = join(dir, 'repo');
    expect(git(['branch', '--show-current'], repo).stdout.trim()).toBe('release');
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(git(['log', '--format=%s'], repo).stdout.trim()).toBe(
      `Inngest on Kubernetes, generated by create-inngest-gitops ${version}`,
    );
    expect(git(['status', '--porcelain'], repo).stdout).toBe('');
    expect(git(['remote'], repo).stdout).toBe('');
  });

  it('--git without user.name and user.email: the files are written, the commit is left to the user with the command', () => {
    const dir = tempDir();
    const result = runCli(['repo', '--yes', '--git', '--repo-url', 'https://github.com/acme/x.git'], {
      cwd: dir,
      // user.useConfigOnly: no identity guessed from the host, as on a machine where Git was never set up
      env: {
        GIT_CONFIG_GLOBAL: join(dir, 'none'),
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: dir,
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'user.useConfigOnly',
        GIT_CONFIG_VALUE_0: 'true',
      },
    });
    expect(result.status).toBe(0);
    expect(existsSync(join(dir, 'repo/README.md'))).toBe(true);
    expect(result.stderr).toMatch(
      /^warning: git commit failed \(.*\); finish with: git -C repo add -A && git -C repo commit -m /m,
    );
  });

  it('--git and --no-git together are refused', () => {
    const result = runCli([join(tempDir(), 'repo'), '--yes', '--git', '--no-git']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('error: --no-git: conflicts with --git (one of them)');
  });
});

describe('progress as it happens', () => {
  it('says what was sealed and written, with singular and plural right', () => {
    const dir = tempDir();
    const result = runCli(
      [
        'repo',
        '--yes',
        '--environments',
        'prod',
        '--cert',
        join(repoRoot, 'test/fixtures/demo-sealing.crt'),
        '--repo-url',
        'https://x.example/y.git',
      ],
      { cwd: dir },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Sealed 3 secrets for 1 environment with the built-in sealer.');
    expect(result.stdout).toMatch(/^\d+ changes in repo: \d+ created, 0 updated, 0 deleted\.$/m);
    expect(result.stdout.indexOf('Sealed 3 secrets')).toBeLessThan(result.stdout.indexOf('changes in repo'));
  });
});
