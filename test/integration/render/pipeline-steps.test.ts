/**
 * The CI pipelines' jobs run against a generated repository: every generator command a job runs
 * exists with those flags and succeeds, in-process, the validate job with kubectl.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import type { PartialAnswers } from '../../../src/answers/schema.js';
import { repositoryTree } from '../../../src/commands/repository-tree.js';
import { generatorVersion } from '../../../src/io/version.js';
import { tempDir } from '../../helpers/cli.js';
import { kubectlFor } from '../../helpers/kubectl.js';
import { runMain, scaffoldSealed } from '../../helpers/main.js';

const VERSION = generatorVersion();

function files(answers: PartialAnswers): Map<string, string> {
  return repositoryTree(resolveAnswers(answers), { generatorVersion: VERSION });
}

/** Every generator invocation in a script: its arguments, split as the shell would (quotes kept out). */
function generatorCalls(script: string): { version: string; args: string[] }[] {
  return script.split('\n').flatMap((line) => {
    const match = /npx --yes create-inngest-gitops@(\S+)(.*)$/.exec(line.trim());
    if (!match) return [];
    const args = [...match[2]!.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
    return [{ version: match[1]!, args }];
  });
}

/** The options a command's --help lists, e.g. `--env`, `--check`. */
async function helpOptions(subcommand: string | undefined): Promise<Set<string>> {
  const help = await runMain([...(subcommand ? [subcommand] : []), '--help'], { cwd: tempDir() });
  expect(help.status).toBe(0);
  return new Set([...help.stdout.matchAll(/(?:^|[\s,])(--[a-z][a-z-]*)/gm)].map((m) => m[1]!));
}

const SUBCOMMANDS = ['seal', 'secrets', 'upgrade', 'validate', 'set-image'];

/**
 * The generator calls of one job, run in process in order on a fresh copy of a generated
 * repository, with the job's variables set: each must exist in the CLI with those flags and
 * succeed. Returns the copy.
 */
async function runJob(source: string, scripts: string[], variables: Record<string, string>): Promise<string> {
  const dir = join(tempDir(), 'repo');
  cpSync(source, dir, { recursive: true });
  const calls = scripts.flatMap(generatorCalls);
  expect(calls.length).toBeGreaterThan(0);
  for (const { version, args } of calls) {
    expect(version).toBe(VERSION);
    const subcommand = SUBCOMMANDS.includes(args[0]!) ? args[0] : undefined;
    const known = await helpOptions(subcommand);
    for (const flag of args.filter((a) => a.startsWith('--'))) expect(known, `${flag} in --help`).toContain(flag);
    const argv = args.map((a) => a.replace(/^\$(\w+)$/, (_, name: string) => variables[name] ?? `$${name}`));
    const result = await runMain(argv, { cwd: dir });
    expect(result.stderr, argv.join(' ')).toBe('');
    expect(result.status, `${argv.join(' ')}\n${result.stdout}`).toBe(0);
  }
  return dir;
}

const withKubectl = kubectlFor('the CI jobs (their validate step renders with kubectl)');

describe.runIf(withKubectl)('GitHub Actions jobs', () => {
  const tree = files({ repoURL: 'https://github.com/acme/gitops.git', argocd: { revision: 'release' } });
  // YAML 1.2 like GitHub Actions: in 1.1 the key `on` would be the boolean true.
  const validate = parse(tree.get('.github/workflows/validate.yml')!);
  const update = parse(tree.get('.github/workflows/update-image.yml')!);
  let repo: string;
  beforeAll(async () => {
    repo = await scaffoldSealed({ repoURL: 'https://github.com/acme/gitops.git' });
  });

  it('run only generator commands that exist with those flags, and each job succeeds on a generated repository', async () => {
    for (const job of ['check', 'validate'])
      await runJob(
        repo,
        validate.jobs[job].steps.flatMap((s: { run?: string }) => (s.run ? [s.run] : [])),
        {},
      );
    const updated = await runJob(
      repo,
      update.jobs['update-image'].steps.flatMap((s: { run?: string }) => (s.run ? [s.run] : [])),
      { TARGET_ENV: 'stage', IMAGE_TAG: 'v1.46.0' },
    );
    expect(readFileSync(join(updated, 'overlays/stage/kustomization.yaml'), 'utf8')).toContain('newTag: v1.46.0');
    // What update-image commits is what the check job accepts afterwards.
    expect((await runMain(['.', '--check'], { cwd: updated })).status).toBe(0);
  });
});

describe.runIf(withKubectl)('GitLab CI jobs', () => {
  const pipeline = parse(files({ repoURL: 'https://gitlab.com/acme/gitops.git' }).get('.gitlab-ci.yml')!);
  let repo: string;
  beforeAll(async () => {
    repo = await scaffoldSealed({ repoURL: 'https://gitlab.com/acme/gitops.git' });
  });
  const scripts = (job: string): string[] => {
    const own = pipeline[job] as { extends?: string | string[]; before_script?: string[]; script: string[] };
    const parents = [own.extends ?? []].flat().map((p) => pipeline[p] as { before_script?: string[] });
    return [...parents.flatMap((p) => p.before_script ?? []), ...(own.before_script ?? []), ...own.script];
  };

  it('runs only generator commands that exist with those flags, and each job succeeds on a generated repository', async () => {
    await runJob(repo, scripts('check'), {});
    await runJob(repo, scripts('validate'), {});
    const updated = await runJob(repo, scripts('update-image'), { ENV: 'prod', TAG: 'v1.46.0' });
    expect(readFileSync(join(updated, 'overlays/prod/kustomization.yaml'), 'utf8')).toContain('newTag: v1.46.0');
    expect((await runMain(['.', '--check'], { cwd: updated })).status).toBe(0);
  });
});
