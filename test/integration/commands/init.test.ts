/**
 * The scaffolder's multi-step runs through the built CLI: a sealed scaffold re-run with the same
 * answers, another image tag over a hand-edited file and --add-env, validating after each; and a
 * new controller key (RSA-4096, 1-3 CPU-s) made by the built CLI.
 */
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTROLLER_KEY_TTL_MS } from '../../../src/secrets/controller-key.js';
import { runCli, tempDir } from '../../helpers/cli.js';
import { DEMO_CERT_PATH } from '../../helpers/keys.js';
import { kubectlFor, kustomizeObjects } from '../../helpers/kubectl.js';
import { runMain } from '../../helpers/main.js';
import { valuesOf } from '../../helpers/sealed.js';

const withKubectl = kubectlFor('kubectl kustomize and validate of scaffolds written by the built CLI');

/** `validate` passes on dir (in-process: the built CLI's validate has its own test). */
async function expectValid(dir: string, environments: number): Promise<void> {
  const result = await runMain(['validate', dir]);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(new RegExp(`^ok: \\d+ objects in ${environments} environments, 0 problems\\n$`));
  expect(result.status).toBe(0);
}

describe.runIf(withKubectl)('a scaffold sealed with --cert, re-run', () => {
  const target = join(tempDir(), 'repo');
  const cert = ['--cert', DEMO_CERT_PATH];

  it('includes the SealedSecrets in each overlay', () => {
    expect(runCli([target, '--yes', ...cert, '--repo-url', 'https://github.com/acme/inngest-gitops.git']).status).toBe(
      0,
    );
    for (const env of ['stage', 'prod']) {
      const sealed = kustomizeObjects(join(target, 'overlays', env)).filter((o) => o.kind === 'SealedSecret');
      expect(sealed.map((o) => o.metadata.name).sort()).toEqual([
        'inngest-keys',
        'inngest-postgres-role',
        'inngest-valkey',
      ]);
    }
  });

  it('validates after re-runs: the same answers, another image tag overwriting a hand-edited file, --add-env', async () => {
    const same = runCli([target]);
    expect(same.stdout).toContain('0 changes');
    expect(same.status).toBe(0);
    const service = join(target, 'base/inngest/service.yaml');
    writeFileSync(service, `${readFileSync(service, 'utf8')}# tuned by hand\n`);
    const tag = runCli([target, '--image-tag', 'v1.44.0', '--on-conflict', 'overwrite']);
    expect(tag.stderr).toBe('');
    expect(tag.status).toBe(0);
    const addEnv = runCli([target, '--add-env', 'qa', ...cert]);
    expect(addEnv.stderr).toBe('');
    expect(addEnv.status).toBe(0);
    await expectValid(target, 3);
  });
});

describe('--new-controller-key', () => {
  it('writes the key pair outside the repository, mode 0600, seals with it and prints how to load it', () => {
    const dir = tempDir();
    const keys = join(dir, 'keys');
    const target = join(dir, 'repo');
    const result = runCli([
      target,
      '--yes',
      '--new-controller-key',
      keys,
      '--repo-url',
      'https://github.com/acme/inngest-gitops.git',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(statSync(join(keys, 'sealed-secrets.key')).mode & 0o777).toBe(0o600);
    expect(result.stdout).toContain('sealedsecrets.bitnami.com/sealed-secrets-key=active');
    const privateKey = readFileSync(join(keys, 'sealed-secrets.key'), 'utf8');
    expect(valuesOf(target, 'prod', privateKey)['inngest-keys']!.INNGEST_SIGNING_KEY).toMatch(/^[0-9a-f]{64}$/);
    // A new RSA-4096 key, certified like the controller's own (test/unit/secrets/controller-key.test.ts).
    const cert = new X509Certificate(readFileSync(join(keys, 'sealed-secrets.crt')));
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(4096);
    expect(new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()).toBe(CONTROLLER_KEY_TTL_MS);
    const derived = createPublicKey(createPrivateKey(privateKey)).export({ type: 'spki', format: 'der' });
    expect(derived.equals(cert.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
  });
});
