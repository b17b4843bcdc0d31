import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kubectlAvailable, repoRoot, runCli } from '../../helpers/cli.js';
import { copyRepo, editYaml, NON_DEFAULT, scaffold, type Scaffolded } from '../../helpers/scaffold.js';
import { parseYaml } from '../../../src/core/yaml.js';

const withKubectl = kubectlAvailable();
const validate = (dir: string, ...args: string[]) => runCli(['validate', dir, ...args]);
const lines = (text: string) => text.split('\n').filter(Boolean);

interface JsonReport {
  environments: string[];
  objects: number;
  problems: { env: string; kind: string; name: string; path: string; message: string; rule: string }[];
}

describe.runIf(withKubectl)('validate on clean repositories', () => {
  it('passes a sealed scaffold with the default answers', () => {
    const { dir } = scaffold({}, { sealed: true });
    const result = validate(dir);
    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toEqual([expect.stringMatching(/^ok: \d+ objects in 2 environments, 0 problems$/)]);
    expect(result.status).toBe(0);
  });

  it('passes a sealed scaffold with non-default answers (every KEDA source, Ingress, backups, mirror image)', () => {
    const { dir } = scaffold(NON_DEFAULT, { sealed: true });
    const result = validate(dir);
    expect(result.stdout).toMatch(/^ok: \d+ objects in 3 environments, 0 problems\n$/);
    expect(result.status).toBe(0);
    const json = JSON.parse(validate(dir, '--format', 'json').stdout) as JsonReport;
    expect(json.environments).toEqual(['dev', 'stage', 'prod']);
    expect(json.problems).toEqual([]);
    expect(json.objects).toBeGreaterThan(40);
  });

  it('reports dangling references with a hint to seal when the repository has no SealedSecrets yet', () => {
    const { dir } = scaffold();
    const result = validate(dir, '--env', 'prod');
    expect(result.status).toBe(1);
    expect(lines(result.stdout)).toContain(
      'prod: Deployment/inngest: spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: secret "inngest-keys" not found in this environment (no SealedSecrets in this environment yet: run create-inngest-gitops secrets --env prod --cert <certificate.pem>)',
    );
    const json = JSON.parse(validate(dir, '--format', 'json').stdout) as JsonReport;
    expect(new Set(json.problems.map((p) => p.rule))).toEqual(new Set(['secret-ref']));
  });
});

describe.runIf(withKubectl)('validate on broken repositories: one defect each, exact problem lines', () => {
  let clean: Scaffolded;
  let cleanNonDefault: Scaffolded;
  beforeAll(() => {
    clean = scaffold({}, { sealed: true });
    cleanNonDefault = scaffold(NON_DEFAULT, { sealed: true });
  });

  /** Copy the clean repository, break it, run validate; returns the problem lines and the summary. */
  function broken(base: () => Scaffolded, breakIt: (dir: string) => void, ...args: string[]) {
    const dir = copyRepo(base().dir);
    breakIt(dir);
    const result = validate(dir, ...args);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const all = lines(result.stdout);
    return { problems: all.slice(0, -1), summary: all.at(-1) };
  }
  const both = (line: string) => ['stage', 'prod'].map((env) => `${env}: ${line}`);

  it('an unknown field in a Deployment', () => {
    const { problems, summary } = broken(
      () => clean,
      (dir) => editYaml(join(dir, 'base/inngest/deployment.yaml'), (doc) => doc.setIn(['spec', 'replicaz'], 2)),
    );
    expect(problems).toEqual(both('Deployment/inngest: spec.replicaz: unknown field'));
    expect(summary).toBe('2 problems in 2 objects across 2 environments');
  });

  it('an unknown field in a CloudNativePG Cluster', () => {
    const { problems } = broken(
      () => clean,
      (dir) =>
        editYaml(join(dir, 'base/postgres/cluster.yaml'), (doc) => doc.setIn(['spec', 'enableSuperuserAcess'], false)),
    );
    expect(problems).toEqual(both('Cluster/inngest-postgres: spec.enableSuperuserAcess: unknown field'));
  });

  it('an unknown field in a KEDA ScaledObject', () => {
    const { problems } = broken(
      () => clean,
      (dir) => editYaml(join(dir, 'base/keda/scaledobject.yaml'), (doc) => doc.setIn(['spec', 'minReplicas'], 2)),
    );
    expect(problems).toEqual(both('ScaledObject/inngest: spec.minReplicas: unknown field'));
  });

  it('replicas as a string', () => {
    const { problems } = broken(
      () => clean,
      (dir) => editYaml(join(dir, 'base/inngest/deployment.yaml'), (doc) => doc.setIn(['spec', 'replicas'], '2')),
    );
    expect(problems).toEqual(both('Deployment/inngest: spec.replicas: must be integer'));
  });

  it('a privileged container', () => {
    const { problems } = broken(
      () => clean,
      (dir) =>
        editYaml(join(dir, 'base/valkey/statefulset.yaml'), (doc) =>
          doc.setIn(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged'], true),
        ),
    );
    expect(problems).toEqual(
      both(
        'StatefulSet/inngest-valkey: spec.template.spec.containers[0].securityContext.privileged: privileged containers are not allowed (Pod Security Standard restricted)',
      ),
    );
  });

  it('a container without limits (prod only)', () => {
    const { problems, summary } = broken(
      () => clean,
      (dir) => {
        const limits = ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits'];
        editYaml(join(dir, 'base/inngest/deployment.yaml'), (doc) => doc.deleteIn(limits));
        editYaml(join(dir, 'overlays/prod/patches/inngest-deployment.yaml'), (doc) => doc.deleteIn(limits));
      },
    );
    expect(problems).toEqual([
      'prod: Deployment/inngest: spec.template.spec.containers[0].resources.limits.memory: required: every container needs a memory limit',
    ]);
    expect(summary).toBe('1 problem in 1 object across 1 environment');
  });

  it('the latest tag', () => {
    const { problems } = broken(
      () => clean,
      (dir) =>
        editYaml(join(dir, 'overlays/prod/kustomization.yaml'), (doc) => doc.setIn(['images', 0, 'newTag'], 'latest')),
    );
    expect(problems).toEqual([
      'prod: Deployment/inngest: spec.template.spec.containers[0].image: inngest/inngest:latest uses the latest tag (pin a release tag or a digest)',
    ]);
  });

  it('a plain Secret added to an overlay', () => {
    const { problems } = broken(
      () => clean,
      (dir) => {
        writeFileSync(
          join(dir, 'overlays/prod/extra-secret.yaml'),
          'apiVersion: v1\nkind: Secret\nmetadata:\n  name: extra\n  annotations:\n    argocd.argoproj.io/sync-wave: "-1"\ntype: Opaque\nstringData:\n  API_TOKEN: hunter2hunter2\n',
        );
        editYaml(join(dir, 'overlays/prod/kustomization.yaml'), (doc) => doc.addIn(['resources'], 'extra-secret.yaml'));
      },
    );
    expect(problems).toEqual([
      'prod: Secret/extra: kind: plain Secrets must not be committed (seal it: create-inngest-gitops seal, and commit the SealedSecret)',
    ]);
  });

  it('a dangling secretKeyRef', () => {
    const { problems } = broken(
      () => clean,
      (dir) =>
        editYaml(join(dir, 'base/inngest/deployment.yaml'), (doc) =>
          doc.setIn(
            ['spec', 'template', 'spec', 'containers', 0, 'env', 0, 'valueFrom', 'secretKeyRef', 'name'],
            'inngest-keyz',
          ),
        ),
    );
    expect(problems).toEqual(
      ['stage', 'prod'].map(
        (env) =>
          `${env}: Deployment/inngest: spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: secret "inngest-keyz" not found in this environment (a SealedSecret under secrets/${env}/, or a Secret CloudNativePG creates: inngest-postgres-ca, inngest-postgres-server, inngest-postgres-replication)`,
      ),
    );
  });

  it('a secretKeyRef to a key the SealedSecret does not have', () => {
    const { problems } = broken(
      () => clean,
      (dir) =>
        editYaml(join(dir, 'overlays/prod/patches/valkey-statefulset.yaml'), (doc) =>
          doc.setIn(
            ['spec', 'template', 'spec', 'containers', 0, 'env', 0, 'valueFrom', 'secretKeyRef', 'key'],
            'passwd',
          ),
        ),
    );
    expect(problems).toEqual([
      'prod: StatefulSet/inngest-valkey: spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: secret "inngest-valkey" has no key "passwd" (keys: password)',
    ]);
  });

  it('a missing sync wave', () => {
    const { problems } = broken(
      () => clean,
      (dir) =>
        editYaml(join(dir, 'base/valkey/service.yaml'), (doc) =>
          doc.deleteIn(['metadata', 'annotations', 'argocd.argoproj.io/sync-wave']),
        ),
    );
    expect(problems).toEqual(
      both(
        'Service/inngest-valkey: metadata.annotations["argocd.argoproj.io/sync-wave"]: has no argocd.argoproj.io/sync-wave annotation (expected "0")',
      ),
    );
  });

  it('an unknown field in the Barman Cloud ObjectStore (hand-written model, no generated schema)', () => {
    const { problems } = broken(
      () => cleanNonDefault,
      (dir) =>
        editYaml(join(dir, 'overlays/prod/postgres-backup.yaml'), (doc) => {
          if (doc.get('kind') === 'ObjectStore') doc.setIn(['spec', 'configuration', 'wal', 'compresion'], 'gzip');
        }),
    );
    expect(problems).toEqual([
      'prod: ObjectStore/inngest-postgres-backup: spec.configuration.wal.compresion: unknown field',
    ]);
  });

  it('a credential in a ConfigMap', () => {
    const { problems } = broken(
      () => clean,
      (dir) =>
        writeFileSync(
          join(dir, 'base/inngest/inngest.env'),
          `${readFileSync(join(dir, 'base/inngest/inngest.env'), 'utf8')}INNGEST_SIGNING_KEY=${'3f9a'.repeat(16)}\n`,
        ),
      '--env',
      'stage',
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^stage: ConfigMap\/inngest-config-[a-z0-9]+: data\.INNGEST_SIGNING_KEY: INNGEST_SIGNING_KEY looks like a credential \(put it in a SealedSecret/,
      ),
    ]);
  });

  it('a Kustomize error is a problem of that environment', () => {
    const { problems } = broken(
      () => clean,
      (dir) =>
        editYaml(join(dir, 'overlays/stage/kustomization.yaml'), (doc) => doc.addIn(['resources'], 'missing.yaml')),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^stage: Kustomization\/overlays\/stage: kubectl kustomize failed: .*missing\.yaml/);
  });

  it('--format json lists the same problems', () => {
    const dir = copyRepo(clean.dir);
    editYaml(join(dir, 'base/inngest/deployment.yaml'), (doc) => doc.setIn(['spec', 'replicaz'], 2));
    const result = validate(dir, '--format', 'json');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
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

  it('SealedSecrets whose namespace changed after they were sealed', () => {
    const { problems, summary } = broken(
      () => clean,
      (dir) =>
        editYaml(join(dir, 'overlays/prod/kustomization.yaml'), (doc) => doc.set('namespace', 'inngest-production')),
      '--env',
      'prod',
    );
    expect(problems).toEqual(
      ['inngest-keys', 'inngest-postgres-role', 'inngest-valkey'].map(
        (name) =>
          `prod: SealedSecret/${name}: metadata.namespace: is "inngest-production" but it was sealed for namespace "inngest-prod" (spec.template.metadata.namespace): the controller cannot decrypt it (seal it again for this name and namespace: create-inngest-gitops secrets --rotate)`,
      ),
    );
    expect(summary).toBe('3 problems in 3 objects across 1 environment');
  });

  it('a SealedSecret whose scope annotation is not the scope it was sealed with', () => {
    const { problems } = broken(
      () => clean,
      (dir) =>
        editYaml(join(dir, 'secrets/stage/inngest-keys.yaml'), (doc) =>
          doc.setIn(['metadata', 'annotations', 'sealedsecrets.bitnami.com/cluster-wide'], 'true'),
        ),
      '--env',
      'stage',
    );
    expect(problems).toEqual([
      'stage: SealedSecret/inngest-keys: metadata.annotations: say scope cluster-wide but it was sealed strict (spec.template.metadata.annotations): the controller decrypts with the scope on metadata and will fail (make both say the scope it was sealed with)',
    ]);
  });
});

describe('validate command line', () => {
  it('--help', () => {
    const result = runCli(['validate', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: create-inngest-gitops validate [dir]');
  });

  it('a folder that is not a generated repository is bad input (exit 2)', () => {
    const { dir } = scaffold();
    const result = runCli(['validate', join(dir, 'base')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^error: .*base: has no inngest-gitops\.json and no overlays\/<env>\/kustomization\.yaml \(/,
    );
  });

  it('an unknown --env or --format is bad input (exit 2)', () => {
    const { dir } = scaffold();
    expect(runCli(['validate', dir, '--env', 'qa']).stderr).toBe(
      'error: --env: "qa" is not an environment of this repository (one of: stage, prod)\n',
    );
    expect(runCli(['validate', dir, '--format', 'xml']).status).toBe(2);
  });

  it('without kubectl: exit 1 and one line naming kubectl', () => {
    const { dir } = scaffold();
    const result = runCli(['validate', dir], { env: { PATH: '/nonexistent' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: kubectl: not found on PATH \(.*\)\n$/);
  });
});

/**
 * CI runs validate on a fresh non-default scaffold (above) and on this project's top-level example.
 * The example has no SealedSecrets yet (the secrets integration will seal it): while
 * secrets/<env>/kustomization.yaml lists no resources, that environment's secret-ref problems are
 * expected and skipped; every other rule, configmap-ref included, must pass.
 */
describe.runIf(withKubectl)('validate on the top-level example', () => {
  it('has no problems but the dangling secret references of unsealed environments', () => {
    const result = runCli(['validate', repoRoot, '--format', 'json']);
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
    expect(remaining).toEqual([]);
    expect(result.status).toBe(report.problems.length === 0 ? 0 : 1);
  });
});
