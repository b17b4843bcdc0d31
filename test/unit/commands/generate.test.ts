import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubectlAvailable, listFiles, repoRoot, runCli, tempDir } from '../../helpers/cli.js';
import { DEMO_CERT_PATH } from '../../helpers/keys.js';

const CERT = ['--cert', DEMO_CERT_PATH];

function scaffold(args: string[] = []): string {
  const target = join(tempDir(), 'repo');
  const result = runCli([target, '--yes', ...CERT, ...args]);
  if (result.status !== 0) throw new Error(result.stderr);
  return target;
}

const withKubectl = kubectlAvailable();

/** `validate` passes on the result (it renders with kubectl, so only where kubectl is). */
function expectValid(dir: string): void {
  if (!withKubectl) return;
  const result = runCli(['validate', dir]);
  expect(result.stdout).toMatch(/^ok: \d+ objects in \d+ environments, 0 problems$/m);
  expect(result.status).toBe(0);
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

describe('re-running the scaffolder in a generated repository', () => {
  it('with the same answers is a no-op: exit 0, "0 changes", no file touched', () => {
    const target = scaffold();
    const before = snapshot(target);
    const result = runCli([target]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`0 changes in ${target}`);
    expect(changedFiles(before, snapshot(target))).toEqual([]);
    expectValid(target);
  });

  it('with a changed answer updates exactly the affected files, and never the SealedSecrets', () => {
    const target = scaffold();
    const before = snapshot(target);
    const result = runCli([target, '--image-tag', 'v1.44.0', ...CERT]);
    expect(result.status).toBe(0);
    expect(changedFiles(before, snapshot(target))).toEqual([
      'README.md',
      'base/inngest/deployment.yaml',
      'inngest-gitops.json',
      'overlays/prod/kustomization.yaml',
      'overlays/stage/kustomization.yaml',
    ]);
    expectValid(target);
  });

  it('leaves a hand-edited file alone, as "yours, kept", while the generator has nothing new for it', () => {
    const target = scaffold();
    const edited = `${readFileSync(join(target, 'base/inngest/service.yaml'), 'utf8')}# tuned by hand\n`;
    writeFileSync(join(target, 'base/inngest/service.yaml'), edited);
    // Observed before: the edit was a conflict on every run (exit 2), though the image change does not touch it.
    const result = runCli([target, '--image-tag', 'v1.44.0']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^yours, kept \(1\):\n {2}base\/inngest\/service\.yaml$/m);
    expect(result.stdout).toContain('1 of your edits kept');
    expect(readFileSync(join(target, 'base/inngest/service.yaml'), 'utf8')).toBe(edited);
    expect(runCli([target]).status).toBe(0);
    expectValid(target);
  });

  it('reports a file both the user and the generator changed as a conflict; keep records the choice', () => {
    const target = scaffold();
    const file = 'base/inngest/deployment.yaml';
    const edited = `${readFileSync(join(target, file), 'utf8')}# tuned by hand\n`;
    writeFileSync(join(target, file), edited);
    const before = snapshot(target);

    const abort = runCli([target, '--image-tag', 'v1.44.0']);
    expect(abort.status).toBe(2);
    expect(abort.stderr.trim()).toBe(
      `error: --on-conflict: 1 generated file was edited since: ${file} (keep your edits with --on-conflict keep, replace them with --on-conflict overwrite, or see them with --diff)`,
    );
    expect(changedFiles(before, snapshot(target))).toEqual([]);

    const keep = runCli([target, '--image-tag', 'v1.44.0', '--on-conflict', 'keep']);
    expect(keep.status).toBe(0);
    expect(keep.stdout).toContain('1 conflicts kept as edited');
    expect(readFileSync(join(target, file), 'utf8')).toBe(edited);
    expect(readFileSync(join(target, 'overlays/prod/kustomization.yaml'), 'utf8')).toContain('newTag: v1.44.0');

    // The choice is recorded: no conflict until the generator changes the file again.
    const again = runCli([target]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^yours, kept \(1\):$/m);
    expect(runCli([target, '--image-tag', 'v1.43.0']).status).toBe(2);
    const overwrite = runCli([target, '--image-tag', 'v1.43.0', '--on-conflict', 'overwrite']);
    expect(overwrite.status).toBe(0);
    expect(overwrite.stdout).toMatch(/^conflict, your edit overwritten \(1\):\n {2}base\/inngest\/deployment\.yaml$/m);
    expect(overwrite.stdout).toContain('1 edited files overwritten');
    expect(readFileSync(join(target, file), 'utf8')).not.toContain('# tuned by hand');
    expectValid(target);
  });

  it('never touches files the user added', () => {
    const target = scaffold();
    writeFileSync(
      join(target, 'overlays/prod/extra-configmap.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n',
    );
    writeFileSync(join(target, 'NOTES.md'), 'ours\n');
    const result = runCli([target, '--image-tag', 'v1.44.0', '--dry-run']);
    expect(result.stdout).toMatch(/^user \(2\):\n {2}NOTES\.md\n {2}overlays\/prod\/extra-configmap\.yaml$/m);
    expect(runCli([target, '--image-tag', 'v1.44.0']).status).toBe(0);
    expect(readFileSync(join(target, 'NOTES.md'), 'utf8')).toBe('ours\n');
    expect(existsSync(join(target, 'overlays/prod/extra-configmap.yaml'))).toBe(true);
  });

  it('--dry-run prints the plan by class and writes nothing; --diff shows the change', () => {
    const target = scaffold();
    const before = snapshot(target);
    const result = runCli([target, '--image-tag', 'v1.44.0', '--dry-run', '--diff']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^update \(5\):$/m);
    expect(result.stdout).toMatch(/^- +image: inngest\/inngest:v1\.45\.1$/m);
    expect(result.stdout).toMatch(/^\+ +image: inngest\/inngest:v1\.44\.0$/m);
    expect(changedFiles(before, snapshot(target))).toEqual([]);
  });

  it('--add-env creates the new overlay, secrets and Application and leaves the other environments alone', () => {
    const target = scaffold();
    const before = snapshot(target);
    const result = runCli([target, '--add-env', 'qa', ...CERT]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const changed = changedFiles(before, snapshot(target));
    expect(changed.filter((p) => /(^|\/)(stage|prod)(\/|\.yaml$)/.test(p))).toEqual([]);
    expect(changed).toEqual(
      expect.arrayContaining(['overlays/qa/kustomization.yaml', 'secrets/qa/inngest-keys.yaml', 'argocd/apps/qa.yaml']),
    );
    expect(result.stdout).toContain('Sealed 3 secrets for 1 environments');
    expectValid(target);
  });
});

describe('upgrade', () => {
  it('applies cleanly to a repository generated by an older version, keeping its SealedSecrets', () => {
    const target = join(tempDir(), 'repo');
    cpSync(join(repoRoot, 'test/fixtures/repo-v0.1.0'), target, { recursive: true });
    const sealedBefore = listFiles(join(target, 'secrets')).map((f) =>
      readFileSync(join(target, 'secrets', f), 'utf8'),
    );
    const result = runCli(['upgrade', target]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Upgrading');
    expect(listFiles(join(target, 'secrets')).map((f) => readFileSync(join(target, 'secrets', f), 'utf8'))).toEqual(
      sealedBefore,
    );
    const state = JSON.parse(readFileSync(join(target, 'inngest-gitops.json'), 'utf8'));
    expect(state.generator.version).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
    expect(result.stdout).toMatch(/^update \(\d+\):$/m);
    expect(runCli([target]).stdout).toContain('0 changes');
    expectValid(target);
  });

  it('refuses a folder that was not generated by us', () => {
    const result = runCli(['upgrade', tempDir()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/has no inngest-gitops\.json \(a repository generated by create-inngest-gitops\)/);
  });
});
