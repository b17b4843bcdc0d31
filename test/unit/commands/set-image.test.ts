import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/core/yaml.js';
import { listFiles, tempDir } from '../../helpers/cli.js';
import { runMain } from '../../helpers/main.js';
import { NON_DEFAULT, scaffold } from '../../helpers/scaffold.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const snapshot = (dir: string) => new Map(listFiles(dir).map((f) => [f, read(dir, f)]));

describe('set-image', () => {
  it('updates only the named environment, keeping comments', async () => {
    const { dir } = scaffold();
    const file = 'overlays/prod/kustomization.yaml';
    const original = read(dir, file);
    const commented = original
      .replace('images:\n', '# The Inngest release this environment runs; CI bumps it.\nimages:\n')
      .replace('    newTag: v1.45.1\n', '    newTag: v1.45.1 # pinned\n');
    writeFileSync(join(dir, file), commented);
    const before = snapshot(dir);

    const result = await runMain(['set-image', '--env', 'prod', '--tag', 'v1.46.0', dir]);
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

  it('records the pin in inngest-gitops.json, so a re-run keeps it and reports 0 changes', async () => {
    const dir = join(tempDir(), 'repo');
    expect((await runMain([dir, '--yes'])).status).toBe(0);
    expect((await runMain(['set-image', '--env', 'prod', '--tag', 'v1.46.0', dir])).status).toBe(0);
    const state = JSON.parse(read(dir, 'inngest-gitops.json'));
    expect(state.answers.environments.find((e: { name: string }) => e.name === 'prod').image).toEqual({
      tag: 'v1.46.0',
    });
    const rerun = await runMain([dir]);
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toContain('0 changes');
    expect(read(dir, 'overlays/prod/kustomization.yaml')).toContain('newTag: v1.46.0');
    expect(read(dir, 'overlays/stage/kustomization.yaml')).toContain('newTag: v1.45.1');
  });

  it('never makes an edit of yours look generated: the next re-run keeps it (observed: replaced silently)', async () => {
    const dir = join(tempDir(), 'repo');
    expect((await runMain([dir, '--yes'])).status).toBe(0);
    const file = 'overlays/prod/kustomization.yaml';
    const edited = read(dir, file).replace('images:\n', '# bumped by CI, reviewed by the platform team\nimages:\n');
    writeFileSync(join(dir, file), edited);
    const result = await runMain(['set-image', '--env', 'prod', '--tag', 'v1.46.0', dir]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('(your other edits to the file kept)');
    const afterPin = read(dir, file);
    expect(afterPin).toContain('# bumped by CI, reviewed by the platform team');
    expect(afterPin).toContain('newTag: v1.46.0');

    const rerun = await runMain([dir]);
    expect(rerun.stderr).toBe('');
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toMatch(/^yours, kept \(1\):\n {2}overlays\/prod\/kustomization\.yaml$/m);
    expect(read(dir, file)).toBe(afterPin);
    // A change the generator makes to that file is a conflict, never a silent replacement.
    const conflict = await runMain([dir, '--ingress-class', 'traefik', '--host', 'prod=inngest.example.com']);
    expect(conflict.status).toBe(2);
    expect(conflict.stderr).toContain(file);
    expect(read(dir, file)).toBe(afterPin);
  });

  it('takes the lock and goes through the writer: no staging folder or lock left beside the repository', async () => {
    const parent = tempDir();
    const dir = join(parent, 'repo');
    expect((await runMain([dir, '--yes'])).status).toBe(0);
    expect((await runMain(['set-image', '--env', 'stage', '--tag', 'v1.46.0', dir])).status).toBe(0);
    expect(readdirSync(parent)).toEqual(['repo']);
  });

  it('is idempotent: the second run changes nothing, says so and exits 0', async () => {
    const { dir } = scaffold();
    expect((await runMain(['set-image', '--env', 'stage', '--tag', 'v1.46.0', dir])).status).toBe(0);
    const bytes = readFileSync(join(dir, 'overlays/stage/kustomization.yaml'));
    const again = await runMain(['set-image', '--env', 'stage', '--tag', 'v1.46.0', dir]);
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
  ])('refuses the tag %s with exit 2 and writes nothing', async (tag, message) => {
    const { dir } = scaffold();
    const before = snapshot(dir);
    const result = await runMain(['set-image', '--env', 'prod', '--tag', tag, dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(message);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a malformed digest, an unknown environment and missing flags (exit 2, one line naming the flag, nothing written)', async () => {
    const { dir } = scaffold();
    const before = snapshot(dir);
    const refused = async (args: string[], message: string) => {
      const result = await runMain(['set-image', ...args, dir]);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`${message}\n`);
      expect(snapshot(dir)).toEqual(before);
    };
    await refused(
      ['--env', 'prod', '--digest', 'sha256:abc'],
      'error: --digest: "sha256:abc" is not an image digest (sha256: followed by 64 lowercase hex digits)',
    );
    await refused(
      ['--env', 'qa', '--tag', 'v1.46.0'],
      'error: --env: "qa" is not an environment of this repository (one of: stage, prod)',
    );
    await refused(['--tag', 'v1.46.0'], 'error: --env: is required (one of: stage, prod)');
    await refused(
      ['--env', 'prod'],
      'error: --tag: is required (or --digest) (a pinned release tag such as v1.45.1 (never latest), v1.42.0 or newer)',
    );
  });

  it('uses the image repository of inngest-gitops.json and pins by digest', async () => {
    const { dir } = scaffold(NON_DEFAULT);
    const result = await runMain(['set-image', '--env', 'dev', '--tag', 'v1.46.0', '--digest', DIGEST, dir]);
    expect(result.status).toBe(0);
    const kustomization = parseYaml(read(dir, 'overlays/dev/kustomization.yaml')) as { images: unknown[] };
    expect(kustomization.images).toEqual([
      { name: 'registry.example.com/mirror/inngest', newTag: 'v1.46.0', digest: DIGEST },
    ]);
    // --tag alone afterwards drops the digest, which would still pin the old image.
    expect((await runMain(['set-image', '--env', 'dev', '--tag', 'v1.47.0', dir])).status).toBe(0);
    expect((parseYaml(read(dir, 'overlays/dev/kustomization.yaml')) as { images: unknown[] }).images).toEqual([
      { name: 'registry.example.com/mirror/inngest', newTag: 'v1.47.0' },
    ]);
  });

  it('--help', async () => {
    const result = await runMain(['set-image', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: create-inngest-gitops set-image --env ENV --tag TAG');
  });
});
