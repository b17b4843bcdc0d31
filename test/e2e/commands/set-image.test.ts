import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { kubectlFor, kustomize } from '../../helpers/kubectl.js';
import { NON_DEFAULT, scaffold } from '../../helpers/scaffold.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe.runIf(kubectlFor('set-image: the pinned image in the rendered overlay'))('set-image (built CLI)', () => {
  it('pins tag and digest on the mirrored image, and kubectl kustomize renders exactly that image', () => {
    const { dir } = scaffold(NON_DEFAULT);
    const result = runCli(['set-image', '--env', 'dev', '--tag', 'v1.46.0', '--digest', DIGEST, dir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(kustomize(join(dir, 'overlays/dev'))).toContain(
      `image: registry.example.com/mirror/inngest:v1.46.0@${DIGEST}`,
    );
    expect(kustomize(join(dir, 'overlays/prod'))).toContain('image: registry.example.com/mirror/inngest:v1.44.0\n');
  });
});
