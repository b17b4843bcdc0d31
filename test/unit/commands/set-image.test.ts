import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { setKustomizationImage } from '../../../src/plan/image-pin.js';
import { repositoryTree as renderTree } from '../../../src/commands/repository-tree.js';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { parseYaml } from '../../../src/core/yaml.js';
import { kubectlAvailable, kustomize, listFiles, runCli, tempDir } from '../../helpers/cli.js';
import { NON_DEFAULT, scaffold } from '../../helpers/scaffold.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const snapshot = (dir: string) => new Map(listFiles(dir).map((f) => [f, read(dir, f)]));

describe('set-image', () => {
  it('updates only the named environment, keeping comments', () => {
    const { dir } = scaffold();
    const file = 'overlays/prod/kustomization.yaml';
    const original = read(dir, file);
    const commented = original
      .replace('images:\n', '# The Inngest release this environment runs; CI bumps it.\nimages:\n')
      .replace('    newTag: v1.45.1\n', '    newTag: v1.45.1 # pinned\n');
    writeFileSync(join(dir, file), commented);
    const before = snapshot(dir);

    const result = runCli(['set-image', '--env', 'prod', '--tag', 'v1.46.0', dir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /overlays\/prod\/kustomization\.yaml: inngest\/inngest newTag v1\.45\.1 -> newTag v1\.46\.0 \(your other edits to the file kept\)\n$/,
    );

    expect(read(dir, file)).toBe(commented.replace('newTag: v1.45.1 # pinned', 'newTag: v1.46.0 # pinned'));
    const after = snapshot(dir);
    for (const [path, text] of before)
      if (path !== file && path !== 'inngest-gitops.json') expect(after.get(path), path).toBe(text);
  });

  it('records the pin in inngest-gitops.json, so a re-run keeps it and reports 0 changes', () => {
    const dir = join(tempDir(), 'repo');
    expect(runCli([dir, '--yes']).status).toBe(0);
    expect(runCli(['set-image', '--env', 'prod', '--tag', 'v1.46.0', dir]).status).toBe(0);
    const state = JSON.parse(read(dir, 'inngest-gitops.json'));
    expect(state.answers.environments.find((e: { name: string }) => e.name === 'prod').image).toEqual({
      tag: 'v1.46.0',
    });
    const rerun = runCli([dir]);
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toContain('0 changes');
    expect(read(dir, 'overlays/prod/kustomization.yaml')).toContain('newTag: v1.46.0');
    expect(read(dir, 'overlays/stage/kustomization.yaml')).toContain('newTag: v1.45.1');
  });

  it('never makes an edit of yours look generated: the next re-run keeps it (observed: replaced silently)', () => {
    const dir = join(tempDir(), 'repo');
    expect(runCli([dir, '--yes']).status).toBe(0);
    const file = 'overlays/prod/kustomization.yaml';
    const edited = read(dir, file).replace('images:\n', '# bumped by CI, reviewed by the platform team\nimages:\n');
    writeFileSync(join(dir, file), edited);
    const result = runCli(['set-image', '--env', 'prod', '--tag', 'v1.46.0', dir]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('(your other edits to the file kept)');
    const afterPin = read(dir, file);
    expect(afterPin).toContain('# bumped by CI, reviewed by the platform team');
    expect(afterPin).toContain('newTag: v1.46.0');

    const rerun = runCli([dir]);
    expect(rerun.stderr).toBe('');
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toMatch(/^yours, kept \(1\):\n {2}overlays\/prod\/kustomization\.yaml$/m);
    expect(read(dir, file)).toBe(afterPin);
    // A change the generator makes to that file is a conflict, never a silent replacement.
    const conflict = runCli([dir, '--ingress-class', 'traefik', '--host', 'prod=inngest.example.com']);
    expect(conflict.status).toBe(2);
    expect(conflict.stderr).toContain(file);
    expect(read(dir, file)).toBe(afterPin);
  });

  it('takes the lock and goes through the writer: no staging folder or lock left beside the repository', () => {
    const parent = tempDir();
    const dir = join(parent, 'repo');
    expect(runCli([dir, '--yes']).status).toBe(0);
    expect(runCli(['set-image', '--env', 'stage', '--tag', 'v1.46.0', dir]).status).toBe(0);
    expect(readdirSync(parent)).toEqual(['repo']);
  });

  it('is idempotent: the second run changes nothing, says so and exits 0', () => {
    const { dir } = scaffold();
    expect(runCli(['set-image', '--env', 'stage', '--tag', 'v1.46.0', dir]).status).toBe(0);
    const bytes = readFileSync(join(dir, 'overlays/stage/kustomization.yaml'));
    const again = runCli(['set-image', '--env', 'stage', '--tag', 'v1.46.0', dir]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('is already at newTag v1.46.0; nothing to change');
    expect(readFileSync(join(dir, 'overlays/stage/kustomization.yaml')).equals(bytes)).toBe(true);
  });

  it.each([
    [
      'latest',
      'error: --tag: latest is not allowed: it is not a pinned release (a pinned release tag such as v1.45.1 (never latest), v1.42.0 or newer)\n',
    ],
    [
      '1.46.0',
      'error: --tag: "1.46.0" is not a release tag (a pinned release tag such as v1.45.1 (never latest), v1.42.0 or newer)\n',
    ],
    [
      'v1.46',
      'error: --tag: "v1.46" is not a release tag (a pinned release tag such as v1.45.1 (never latest), v1.42.0 or newer)\n',
    ],
  ])('refuses the tag %s with exit 2 and writes nothing', (tag, message) => {
    const { dir } = scaffold();
    const before = snapshot(dir);
    const result = runCli(['set-image', '--env', 'prod', '--tag', tag, dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(message);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a malformed digest and an unknown environment (exit 2, listing the environments)', () => {
    const { dir } = scaffold();
    expect(runCli(['set-image', '--env', 'prod', '--digest', 'sha256:abc', dir]).status).toBe(2);
    const unknown = runCli(['set-image', '--env', 'qa', '--tag', 'v1.46.0', dir]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('error: --env: "qa" is not an environment of this repository (one of: stage, prod)\n');
    expect(runCli(['set-image', '--tag', 'v1.46.0', dir]).status).toBe(2);
    expect(runCli(['set-image', '--env', 'prod', dir]).status).toBe(2);
  });

  it('uses the image repository of inngest-gitops.json and pins by digest', () => {
    const { dir } = scaffold(NON_DEFAULT);
    const result = runCli(['set-image', '--env', 'dev', '--tag', 'v1.46.0', '--digest', DIGEST, dir]);
    expect(result.status).toBe(0);
    const kustomization = parseYaml(read(dir, 'overlays/dev/kustomization.yaml')) as { images: unknown[] };
    expect(kustomization.images).toEqual([
      { name: 'registry.example.com/mirror/inngest', newTag: 'v1.46.0', digest: DIGEST },
    ]);
    if (kubectlAvailable()) {
      expect(kustomize(join(dir, 'overlays/dev'))).toContain(
        `image: registry.example.com/mirror/inngest:v1.46.0@${DIGEST}`,
      );
    }
    // --tag alone afterwards drops the digest, which would still pin the old image.
    runCli(['set-image', '--env', 'dev', '--tag', 'v1.47.0', dir]);
    expect((parseYaml(read(dir, 'overlays/dev/kustomization.yaml')) as { images: unknown[] }).images).toEqual([
      { name: 'registry.example.com/mirror/inngest', newTag: 'v1.47.0' },
    ]);
  });

  it('--help', () => {
    const result = runCli(['set-image', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: create-inngest-gitops set-image --env ENV --tag TAG');
  });
});

describe('setKustomizationImage', () => {
  it('round-trips a generated kustomization byte for byte when nothing changes', () => {
    const tree = renderTree(resolveAnswers({}), { generatorVersion: '0.0.0-test' });
    const text = tree.get('overlays/prod/kustomization.yaml')!;
    const edit = setKustomizationImage(text, { name: 'inngest/inngest', tag: 'v1.45.1' }, 'k.yaml');
    expect(edit).toEqual({ text, changed: false, before: 'newTag v1.45.1', after: 'newTag v1.45.1' });
  });

  it('adds the entry, and the images list, when missing', () => {
    const edit = setKustomizationImage(
      '# mine\nresources:\n  - ../../base\n',
      { name: 'inngest/inngest', tag: 'v1.46.0' },
      'k.yaml',
    );
    expect(edit.changed).toBe(true);
    expect(edit.text).toBe(
      '# mine\nresources:\n  - ../../base\nimages:\n  - name: inngest/inngest\n    newTag: v1.46.0\n',
    );
  });

  it('leaves other images alone', () => {
    const text =
      'images:\n  - name: valkey/valkey\n    newTag: 9.1.2\n  - name: inngest/inngest\n    newTag: v1.45.1\n';
    const edit = setKustomizationImage(text, { name: 'inngest/inngest', tag: 'v1.46.0' }, 'k.yaml');
    expect(edit.text).toBe(text.replace('v1.45.1', 'v1.46.0'));
  });
});

describe('the update-image workflow', () => {
  const answers = resolveAnswers(NON_DEFAULT);
  const text = renderTree(answers, { generatorVersion: '9.8.7' }).get('.github/workflows/update-image.yml')!;
  // YAML 1.2 like GitHub Actions: in 1.1 the key `on` would be the boolean true.
  const workflow = parse(text) as any;

  it('runs on repository_dispatch image_update with write access and one run per environment at a time', () => {
    expect(workflow.on).toEqual({ repository_dispatch: { types: ['image_update'] } });
    expect(workflow.permissions).toEqual({ contents: 'write' });
    expect(workflow.concurrency).toEqual({
      group: 'update-image-${{ github.event.client_payload.env }}',
      'cancel-in-progress': false,
    });
  });

  it('pins the generator version and the actions, and never puts the payload into a script', () => {
    const steps = workflow.jobs['update-image'].steps as { uses?: string; run?: string }[];
    expect(steps.filter((s) => s.uses).map((s) => s.uses!.replace(/@[0-9a-f]{40}$/, '@SHA'))).toEqual([
      'actions/checkout@SHA',
      'actions/setup-node@SHA',
      'actions/cache@SHA',
    ]);
    const runs = steps.flatMap((s) => (s.run ? [s.run] : []));
    expect(runs.join('\n')).toContain(
      'npx --yes create-inngest-gitops@9.8.7 set-image --env "$TARGET_ENV" --tag "$IMAGE_TAG"',
    );
    expect(runs.join('\n')).toContain('npx --yes create-inngest-gitops@9.8.7 validate');
    for (const run of runs) expect(run).not.toContain('${{');
    expect(runs[0]).toContain('dev|stage|prod) ;;');
  });
});
