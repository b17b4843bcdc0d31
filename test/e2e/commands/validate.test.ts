/**
 * `create-inngest-gitops validate` as a user runs it: the built CLI renders repositories on disk
 * with kubectl. The rules themselves, one defect at a time, are in test/e2e/validate/check.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/core/yaml.js';
import { repoRoot, runCli } from '../../helpers/cli.js';
import { asShown, runMain } from '../../helpers/main.js';
import { kubectlFor } from '../../helpers/kubectl.js';
import { copyRepo, editYaml, NON_DEFAULT, scaffold, type Scaffolded } from '../../helpers/scaffold.js';

const withKubectl = kubectlFor('validate of repositories on disk');
/** validate in-process (src/cli.ts main); the built CLI runs where the test says so. */
const validate = (dir: string, ...args: string[]) => runMain(['validate', dir, ...args]);
const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
const lines = (text: string) => text.split('\n').filter(Boolean);

interface JsonReport {
  environments: string[];
  objects: number;
  problems: { env: string; kind: string; name: string; path: string; message: string; rule: string }[];
}

describe.runIf(withKubectl)('validate on clean repositories', () => {
  it('passes a sealed scaffold with the default answers', () => {
    const { dir } = scaffold({}, { sealed: true });
    const result = runCli(['validate', dir]); // the built CLI
    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toEqual([expect.stringMatching(/^ok: \d+ objects in 2 environments, 0 problems$/)]);
    expect(result.status).toBe(0);
  });

  it('passes a sealed scaffold with non-default answers (every KEDA source, Ingress, backups, mirror image)', async () => {
    const { dir } = scaffold(NON_DEFAULT, { sealed: true });
    const result = await validate(dir, '--format', 'json');
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as JsonReport;
    expect(json.environments).toEqual(['dev', 'stage', 'prod']);
    expect(json.problems).toEqual([]);
    expect(json.objects).toBeGreaterThan(40);
  });

  it('reports dangling references with a hint to seal when the repository has no SealedSecrets yet', async () => {
    const { dir } = scaffold();
    const result = await validate(dir, '--env', 'prod');
    expect(result.status).toBe(1);
    expect(lines(result.stdout)).toContain(
      // The hint runs as written from where the user is: npx with the version, the folder as given.
      `prod: Deployment/inngest: spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: secret "inngest-keys" not found in this environment (no SealedSecrets in this environment yet: run npx create-inngest-gitops@${version} secrets ${asShown(dir)} --env prod --cert <certificate.pem>)`,
    );
    const json = JSON.parse((await validate(dir, '--format', 'json')).stdout) as JsonReport;
    expect(new Set(json.problems.map((p) => p.rule))).toEqual(new Set(['secret-ref']));
  });
});

describe.runIf(withKubectl)('validate on a broken repository', () => {
  let clean: Scaffolded;
  beforeAll(() => {
    clean = scaffold({}, { sealed: true });
  });

  it('a defect in a base file is a problem of every environment: exact lines, summary, exit 1', async () => {
    const dir = copyRepo(clean.dir);
    editYaml(join(dir, 'base/inngest/deployment.yaml'), (doc) => doc.setIn(['spec', 'replicaz'], 2));
    const result = runCli(['validate', dir]); // the built CLI
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(lines(result.stdout)).toEqual([
      'stage: Deployment/inngest: spec.replicaz: unknown field',
      'prod: Deployment/inngest: spec.replicaz: unknown field',
      '2 problems in 2 objects across 2 environments',
    ]);
    const json = await validate(dir, '--format', 'json');
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.environments).toEqual(['stage', 'prod']);
    expect(report.problems).toEqual(
      ['stage', 'prod'].map((env) => ({
        env,
        kind: 'Deployment',
        name: 'inngest',
        path: 'spec.replicaz',
        message: 'unknown field',
        rule: 'schema',
      })),
    );
  });

  it('a Kustomize error is a problem of that environment', async () => {
    const dir = copyRepo(clean.dir);
    editYaml(join(dir, 'overlays/stage/kustomization.yaml'), (doc) => doc.addIn(['resources'], 'missing.yaml'));
    const result = await validate(dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const problems = lines(result.stdout).slice(0, -1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^stage: Kustomization\/overlays\/stage: kubectl kustomize failed: .*missing\.yaml/);
  });
});

describe('validate without kubectl', () => {
  it('exits 1 with one line naming kubectl', () => {
    const { dir } = scaffold();
    const result = runCli(['validate', dir], { env: { PATH: '/nonexistent' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: kubectl: not found on PATH \(.*\)\n$/);
  });
});

/**
 * CI runs validate on a fresh non-default scaffold (above) and on this project's top-level example.
 * While secrets/<env>/kustomization.yaml lists no resources, that environment's secret-ref
 * problems are expected and skipped; every other rule, configmap-ref included, must pass.
 */
describe.runIf(withKubectl)('validate on the top-level example', () => {
  it('has no problems but the dangling secret references of unsealed environments, and the URL a --yes scaffold leaves to set', async () => {
    const result = await runMain(['validate', repoRoot, '--format', 'json']);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.environments).toEqual(['prod', 'stage']);
    const unsealed = new Set(
      report.environments.filter((env) => {
        const kustomization = parseYaml(readFileSync(join(repoRoot, 'secrets', env, 'kustomization.yaml'), 'utf8')) as {
          resources?: unknown[];
        };
        return (kustomization.resources ?? []).length === 0;
      }),
    );
    const remaining = report.problems.filter((p) => !(p.rule === 'secret-ref' && unsealed.has(p.env)));
    // The example is a --yes scaffold outside any Git repository: no URL is known for Argo CD.
    expect(remaining).toEqual([
      expect.objectContaining({ env: 'argocd', rule: 'repo-url', path: 'spec.source.repoURL' }),
    ]);
    expect(result.status).toBe(report.problems.length === 0 ? 0 : 1);
  });
});
