import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../src/core/errors.js';
import { renderEnvironment } from '../../../src/io/repository.js';
import { tempDir } from '../../helpers/cli.js';
import { kubectlFor } from '../../helpers/kubectl.js';
import { runMain } from '../../helpers/main.js';
import { copyRepo, editYaml, scaffold, type Scaffolded } from '../../helpers/scaffold.js';

const withKubectl = kubectlFor('validate reads argocd/ after rendering the overlays');
const lines = (text: string) => text.split('\n').filter(Boolean);

async function validate(dir: string, ...args: string[]) {
  return runMain(['validate', dir, ...args], { cwd: dir });
}

describe.runIf(withKubectl)('validate reads kubectl output with the YAML rules the API server uses', () => {
  it('environments named e1 and e10 are text, not floats: no false "must be string" problems', async () => {
    const { dir } = scaffold({ environments: [{ name: 'e1' }, { name: 'e10' }] }, { sealed: true });
    const result = await validate(dir);
    expect(lines(result.stdout)).toEqual([expect.stringMatching(/^ok: \d+ objects in 2 environments, 0 problems$/)]);
    expect(result.status).toBe(0);
  });
});

describe.runIf(withKubectl)('validate reads argocd/', () => {
  let clean: Scaffolded;
  beforeAll(() => {
    clean = scaffold({}, { sealed: true });
  });

  async function broken(breakIt: (dir: string) => void) {
    const dir = copyRepo(clean.dir);
    breakIt(dir);
    const result = await validate(dir);
    expect(result.status).toBe(1);
    return lines(result.stdout);
  }

  it('an Application file in place of the AppProject (an environment named "project" did this)', async () => {
    const problems = await broken((dir) =>
      copyFileSync(join(dir, 'argocd/apps/prod.yaml'), join(dir, 'argocd/apps/project.yaml')),
    );
    expect(problems).toEqual([
      'argocd: Application/inngest-prod: metadata.name: the name is used by argocd/apps/prod.yaml too: one replaces the other (argocd/apps/project.yaml)',
      'argocd: Application/inngest-prod: spec.project: AppProject "inngest" is not defined under argocd/ (argocd/apps/prod.yaml)',
      'argocd: Application/inngest-prod: spec.project: AppProject "inngest" is not defined under argocd/ (argocd/apps/project.yaml)',
      'argocd: Application/inngest-stage: spec.project: AppProject "inngest" is not defined under argocd/ (argocd/apps/stage.yaml)',
      '4 problems in 2 objects across argocd/', // argocd/ is not counted as an environment
    ]);
  });

  it('two Applications with one name', async () => {
    const problems = await broken((dir) =>
      copyFileSync(join(dir, 'argocd/apps/platform-keda.yaml'), join(dir, 'argocd/apps/platform-keda-2.yaml')),
    );
    expect(problems).toEqual([
      'argocd: Application/platform-keda: metadata.name: the name is used by argocd/apps/platform-keda-2.yaml too: one replaces the other (argocd/apps/platform-keda.yaml)',
      '1 problem in 1 object across argocd/',
    ]);
  });

  it('an Application whose path does not exist, so the environment is deployed by none', async () => {
    const problems = await broken((dir) =>
      editYaml(join(dir, 'argocd/apps/stage.yaml'), (doc) => doc.setIn(['spec', 'source', 'path'], 'overlays/staging')),
    );
    expect(problems.slice(0, 2)).toEqual([
      'argocd: Application/inngest-stage: spec.source.path: "overlays/staging" is not a folder of this repository (argocd/apps/stage.yaml)',
      'argocd: Kustomization/overlays/stage: no Application under argocd/ deploys this environment',
    ]);
  });

  it('strict schemas: an unknown field of an Application', async () => {
    const problems = await broken((dir) =>
      editYaml(join(dir, 'argocd/apps/prod.yaml'), (doc) => doc.setIn(['spec', 'syncPolicy', 'automatic'], true)),
    );
    expect(problems[0]).toBe(
      'argocd: Application/inngest-prod: spec.syncPolicy.automatic: unknown field (argocd/apps/prod.yaml)',
    );
  });

  it("a destination the Application's project does not admit", async () => {
    const problems = await broken((dir) =>
      editYaml(join(dir, 'argocd/apps/prod.yaml'), (doc) =>
        doc.setIn(['spec', 'destination', 'namespace'], 'kube-system'),
      ),
    );
    expect(problems[0]).toBe(
      'argocd: Application/inngest-prod: spec.destination: https://kubernetes.default.svc namespace "kube-system" is not among the destinations of AppProject inngest (argocd/apps/prod.yaml)',
    );
  });

  it('an operation (a sync request) committed with an Application', async () => {
    const problems = await broken((dir) =>
      editYaml(join(dir, 'argocd/apps/prod.yaml'), (doc) => doc.setIn(['operation', 'sync', 'prune'], true)),
    );
    expect(problems[0]).toBe(
      'argocd: Application/inngest-prod: operation: is a sync request that Argo CD writes itself; in Git it starts a sync on every apply (remove it) (argocd/apps/prod.yaml)',
    );
  });

  it('a source hydrator, whose output validate cannot see', async () => {
    const problems = await broken((dir) =>
      editYaml(join(dir, 'argocd/apps/prod.yaml'), (doc) =>
        doc.setIn(
          ['spec', 'sourceHydrator'],
          doc.createNode({
            drySource: { repoURL: 'https://example.com/x.git', path: 'x', targetRevision: 'main' },
            syncSource: { targetBranch: 'hydrated', path: 'x' },
          }),
        ),
      ),
    );
    expect(problems).toContain(
      "argocd: Application/inngest-prod: spec.sourceHydrator: pushes rendered manifests to another branch, which validate cannot check (Argo CD's source hydrator is beta and off by default); deploy this repository's path with spec.source (argocd/apps/prod.yaml)",
    );
  });

  it('--env checks that environment only, without argocd/', async () => {
    const dir = copyRepo(clean.dir);
    copyFileSync(join(dir, 'argocd/apps/prod.yaml'), join(dir, 'argocd/apps/project.yaml'));
    expect((await validate(dir, '--env', 'prod')).status).toBe(0);
  });

  it('the clean repository reads as it was written', () => {
    expect(readFileSync(join(clean.dir, 'argocd/apps/project.yaml'), 'utf8')).toContain('kind: AppProject');
  });
});

describe('kubectl kustomize runs with a time limit', () => {
  it('a kubectl that never finishes stops validate with exit 1 naming the environment', () => {
    const { dir } = scaffold();
    const fake = join(tempDir('cig-kubectl-'), 'kubectl');
    writeFileSync(fake, '#!/bin/sh\nsleep 30\n');
    chmodSync(fake, 0o755);
    let caught: unknown;
    try {
      renderEnvironment(dir, 'prod', { kubectl: fake, timeoutMs: 300 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvironmentError);
    expect((caught as Error).message).toBe(
      'prod: kubectl kustomize overlays/prod did not finish within 300 ms (run it by hand to see where it waits, e.g. on a remote base)',
    );
  });
});
