import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, tempDir } from '../../helpers/cli.js';
import { asShown, runMain } from '../../helpers/main.js';
import { TEST_CERT_PATH } from '../../helpers/keys.js';

const CERT = ['--cert', TEST_CERT_PATH];

let scaffolded = '';
beforeAll(async () => {
  scaffolded = join(tempDir(), 'repo');
  const result = await runMain([scaffolded, '--yes', ...CERT]);
  if (result.status !== 0) throw new Error(result.stderr);
});

/** A copy of one --yes --cert scaffold, to re-run in. */
function scaffold(): string {
  const target = join(tempDir(), 'repo');
  cpSync(scaffolded, target, { recursive: true });
  return target;
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

describe('re-running the scaffolder in a generated repository', () => {
  it('with the same answers is a no-op: exit 0, "0 changes", no file touched', async () => {
    const target = scaffold();
    const before = snapshot(target);
    const result = await runMain([target]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`0 changes in ${asShown(target)}`);
    expect(changedFiles(before, snapshot(target))).toEqual([]);
  });

  it('with a changed answer updates exactly the affected files, and never the SealedSecrets', async () => {
    const target = scaffold();
    const before = snapshot(target);
    const result = await runMain([target, '--image-tag', 'v1.44.0', ...CERT]);
    expect(result.status).toBe(0);
    expect(changedFiles(before, snapshot(target))).toEqual([
      'README.md',
      'base/inngest/deployment.yaml',
      'inngest-gitops.json',
      'overlays/prod/kustomization.yaml',
      'overlays/stage/kustomization.yaml',
    ]);
  });

  it('leaves a hand-edited file alone, as "yours, kept", while the generator has nothing new for it', async () => {
    const target = scaffold();
    const edited = `${readFileSync(join(target, 'base/inngest/service.yaml'), 'utf8')}# tuned by hand\n`;
    writeFileSync(join(target, 'base/inngest/service.yaml'), edited);
    // Observed before: the edit was a conflict on every run (exit 2), though the image change does not touch it.
    const result = await runMain([target, '--image-tag', 'v1.44.0']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^yours, kept \(1\):\n {2}base\/inngest\/service\.yaml$/m);
    expect(result.stdout).toContain('1 of your edits kept');
    expect(readFileSync(join(target, 'base/inngest/service.yaml'), 'utf8')).toBe(edited);
    expect((await runMain([target])).status).toBe(0);
  });

  it('reports a file both the user and the generator changed as a conflict; keep records the choice', async () => {
    const target = scaffold();
    const file = 'base/inngest/deployment.yaml';
    const edited = `${readFileSync(join(target, file), 'utf8')}# tuned by hand\n`;
    writeFileSync(join(target, file), edited);
    const before = snapshot(target);

    const abort = await runMain([target, '--image-tag', 'v1.44.0']);
    expect(abort.status).toBe(2);
    expect(abort.stderr.trim()).toBe(
      `error: --on-conflict: 1 generated file was edited since: ${file} (keep your edits with --on-conflict keep, replace them with --on-conflict overwrite, or see them with --diff)`,
    );
    expect(changedFiles(before, snapshot(target))).toEqual([]);

    const keep = await runMain([target, '--image-tag', 'v1.44.0', '--on-conflict', 'keep']);
    expect(keep.status).toBe(0);
    expect(keep.stdout).toContain('1 conflict kept as edited');
    expect(readFileSync(join(target, file), 'utf8')).toBe(edited);
    expect(readFileSync(join(target, 'overlays/prod/kustomization.yaml'), 'utf8')).toContain('newTag: v1.44.0');

    // The choice is recorded: no conflict until the generator changes the file again.
    const again = await runMain([target]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^yours, kept \(1\):$/m);
    expect((await runMain([target, '--image-tag', 'v1.43.0'])).status).toBe(2);
    const overwrite = await runMain([target, '--image-tag', 'v1.43.0', '--on-conflict', 'overwrite']);
    expect(overwrite.status).toBe(0);
    expect(overwrite.stdout).toMatch(/^conflict, your edit overwritten \(1\):\n {2}base\/inngest\/deployment\.yaml$/m);
    expect(overwrite.stdout).toContain('1 edited file overwritten');
    expect(readFileSync(join(target, file), 'utf8')).not.toContain('# tuned by hand');
  });

  it('never touches files the user added', async () => {
    const target = scaffold();
    writeFileSync(
      join(target, 'overlays/prod/extra-configmap.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n',
    );
    writeFileSync(join(target, 'NOTES.md'), 'ours\n');
    const result = await runMain([target, '--image-tag', 'v1.44.0', '--dry-run']);
    expect(result.stdout).toMatch(/^user \(2\):\n {2}NOTES\.md\n {2}overlays\/prod\/extra-configmap\.yaml$/m);
    expect((await runMain([target, '--image-tag', 'v1.44.0'])).status).toBe(0);
    expect(readFileSync(join(target, 'NOTES.md'), 'utf8')).toBe('ours\n');
    expect(existsSync(join(target, 'overlays/prod/extra-configmap.yaml'))).toBe(true);
  });

  it('--dry-run prints the plan by class and writes nothing; --diff shows the change', async () => {
    const target = scaffold();
    const before = snapshot(target);
    const result = await runMain([target, '--image-tag', 'v1.44.0', '--dry-run', '--diff']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^update \(5\):$/m);
    expect(result.stdout).toMatch(/^- +image: inngest\/inngest:v1\.45\.1$/m);
    expect(result.stdout).toMatch(/^\+ +image: inngest\/inngest:v1\.44\.0$/m);
    expect(changedFiles(before, snapshot(target))).toEqual([]);
  });

  it('--add-env creates the new overlay, secrets and Application and leaves the other environments alone', async () => {
    const target = scaffold();
    const before = snapshot(target);
    const result = await runMain([target, '--add-env', 'qa', ...CERT]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const changed = changedFiles(before, snapshot(target));
    expect(changed.filter((p) => /(^|\/)(stage|prod)(\/|\.yaml$)/.test(p))).toEqual([]);
    expect(changed).toEqual(
      expect.arrayContaining(['overlays/qa/kustomization.yaml', 'secrets/qa/inngest-keys.yaml', 'argocd/apps/qa.yaml']),
    );
    expect(result.stdout).toContain('Sealed 3 secrets for 1 environment ');
  });
});
