import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PartialAnswers } from '../../../src/answers/schema.js';
import { generatorVersion } from '../../../src/io/version.js';
import { ciPins } from '../../../src/model/versions.js';
import { tempDir } from '../../helpers/cli.js';
import { runMain, scaffoldSealed } from '../../helpers/main.js';
import { generated } from '../../helpers/scaffold.js';

const VERSION = generatorVersion();

function files(answers: PartialAnswers): Map<string, string> {
  return generated(answers, { generatorVersion: VERSION }).tree;
}

const pipelinePaths = (tree: Map<string, string>) =>
  [...tree.keys()].filter((p) => p.startsWith('.github/') || p === '.gitlab-ci.yml');

describe('which CI files a repository gets', () => {
  it.each([
    [
      'https://github.com/acme/gitops.git',
      {},
      ['.github/workflows/update-image.yml', '.github/workflows/validate.yml'],
    ],
    ['git@github.com:acme/gitops.git', {}, ['.github/workflows/update-image.yml', '.github/workflows/validate.yml']],
    ['https://gitlab.com/acme/gitops.git', {}, ['.gitlab-ci.yml']],
    ['ssh://git@gitlab.com/acme/gitops.git', {}, ['.gitlab-ci.yml']],
    ['git@git.acme.dev:platform/gitops.git', { gitlabHosts: ['git.acme.dev'] }, ['.gitlab-ci.yml']],
    ['https://bitbucket.org/acme/gitops.git', {}, []],
    [
      'https://gitlab.com/acme/gitops.git',
      { provider: 'github' },
      ['.github/workflows/update-image.yml', '.github/workflows/validate.yml'],
    ],
    ['https://github.com/acme/gitops.git', { provider: 'gitlab' }, ['.gitlab-ci.yml']],
    ['https://github.com/acme/gitops.git', { provider: 'none' }, []],
  ] as const)('repoURL %s with ci %j: %j', (repoURL, ci, expected) => {
    expect(pipelinePaths(files({ repoURL, ci: ci as PartialAnswers['ci'] }))).toEqual(expected);
  });

  it('refuses an unknown provider with the allowed values, before writing anything', async () => {
    const dir = tempDir();
    const result = await runMain(['repo', '--yes', '--ci', 'jenkins'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^error: ci\.provider: "jenkins" is not allowed \(auto .*github, gitlab or none\)\n$/,
    );
    expect(existsSync(join(dir, 'repo'))).toBe(false);
  });

  it('keeps GitHub Actions for a repository recorded before the ci answer, until the answer changes', async () => {
    const dir = await scaffoldSealed({ repoURL: 'https://gitlab.com/acme/gitops.git', ci: { provider: 'github' } });
    const state = JSON.parse(readFileSync(join(dir, 'inngest-gitops.json'), 'utf8'));
    delete state.answers.ci;
    writeFileSync(join(dir, 'inngest-gitops.json'), `${JSON.stringify(state, null, 2)}\n`);

    const rerun = await runMain([dir], { cwd: dir });
    expect(rerun.status).toBe(0);
    expect(existsSync(join(dir, '.github/workflows/update-image.yml'))).toBe(true);
    expect(existsSync(join(dir, '.gitlab-ci.yml'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'inngest-gitops.json'), 'utf8')).answers.ci.provider).toBe('github');

    const switched = await runMain([dir, '--ci', 'auto'], { cwd: dir });
    expect(switched.status).toBe(0);
    expect(switched.stdout).toMatch(
      /^delete \(2\):\n {2}\.github\/workflows\/update-image\.yml\n {2}\.github\/workflows\/validate\.yml$/m,
    );
    expect(existsSync(join(dir, '.github/workflows/update-image.yml'))).toBe(false);
    expect(existsSync(join(dir, '.gitlab-ci.yml'))).toBe(true);
  });
});

describe('GitHub Actions', () => {
  const tree = files({ repoURL: 'https://github.com/acme/gitops.git', argocd: { revision: 'release' } });
  const validateText = tree.get('.github/workflows/validate.yml')!;
  const updateText = tree.get('.github/workflows/update-image.yml')!;
  // YAML 1.2 like GitHub Actions: in 1.1 the key `on` would be the boolean true.
  const validate = parse(validateText);

  it('validate.yml runs check and validate on every pull request and every push to the tracked branches, read-only', () => {
    expect(Object.keys(validate.jobs)).toEqual(['check', 'validate']);
    expect(validate.on).toEqual({
      pull_request: null,
      push: { branches: ['release', 'main'] },
      workflow_dispatch: null,
    });
    expect(validate.permissions).toEqual({ contents: 'read' });
    const checkouts = [validate.jobs.check, validate.jobs.validate].map(
      (job: { steps: { uses?: string; with?: object }[] }) =>
        job.steps.find((s) => s.uses?.startsWith('actions/checkout@')),
    );
    for (const checkout of checkouts) expect(checkout?.with).toEqual({ 'persist-credentials': false });
  });

  it('pin every action by full commit SHA with its version in a comment', () => {
    for (const text of [validateText, updateText]) {
      const uses = text.split('\n').filter((line) => /^\s*(- )?uses:/.test(line));
      expect(uses.length).toBeGreaterThan(0);
      for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
    expect(validateText).toContain(
      `actions/checkout@${ciPins.actions.checkout.sha} # ${ciPins.actions.checkout.version}`,
    );
  });

  it('install kubectl from its pinned release, cached, checked against the published sha256', () => {
    const { version, sha256 } = ciPins.kubectl;
    const steps = validate.jobs.validate.steps as { uses?: string; with?: Record<string, string>; run?: string }[];
    const cache = steps.find((s) => s.uses?.startsWith('actions/cache@'))!;
    expect(cache.with!.path).toBe(`~/.cache/kubectl/${version}`);
    expect(cache.with!.key).toContain(version);
    const install = steps.find((s) => s.run?.includes('dl.k8s.io'))!.run!;
    expect(install).toContain(`https://dl.k8s.io/release/${version}/bin/linux/amd64/kubectl`);
    expect(install).toContain(`kubectl_sum="${sha256}  $kubectl_dir/kubectl"`);
    expect(install).toMatch(/sha256sum --check --strict/);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('GitLab CI', () => {
  const text = files({ repoURL: 'https://gitlab.com/acme/gitops.git' }).get('.gitlab-ci.yml')!;
  const pipeline = parse(text);

  it('has the jobs check and validate for changes, and update-image for a pipeline started with ENV and TAG', () => {
    const jobs = Object.keys(pipeline).filter((k) => !k.startsWith('.') && pipeline[k].script);
    expect(jobs).toEqual(['check', 'validate', 'update-image']);
    expect(pipeline['.on-change'].rules[0]).toMatchObject({ when: 'never' });
    expect(pipeline['.on-change'].rules[0].if).toContain('$ENV && $TAG');
    expect(pipeline['update-image'].rules).toEqual([{ if: expect.stringContaining('$ENV && $TAG') }]);
    expect(pipeline.workflow.rules.map((r: { if: string }) => r.if)).toContain(
      '$CI_PIPELINE_SOURCE == "push" && ($CI_COMMIT_BRANCH == "main")',
    );
    expect(pipeline.default.image).toBe(ciPins.node.gitlabImage);
    expect(ciPins.node.gitlabImage).toMatch(/^node:\d+\.\d+\.\d+-[a-z]+$/);
  });

  it('installs kubectl from its pinned release into the job cache, checked against the published sha256', () => {
    const kubectl = pipeline['.kubectl'];
    expect(kubectl.cache).toEqual({ key: `kubectl-${ciPins.kubectl.version}-linux-amd64`, paths: ['.cache/kubectl/'] });
    expect(kubectl.before_script.join('\n')).toContain(`kubectl_sum="${ciPins.kubectl.sha256}  $kubectl_dir/kubectl"`);
    expect(pipeline.validate.extends).toContain('.kubectl');
    expect(pipeline['update-image'].extends).toBe('.kubectl');
  });
});
