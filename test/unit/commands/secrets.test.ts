import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, tempDir } from '../../helpers/cli.js';
import { TEST_CERT_PATH } from '../../helpers/keys.js';
import { runMain } from '../../helpers/main.js';
import { sealedIn, valuesOf } from '../../helpers/sealed.js';

const snapshot = (dir: string) => new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('create-inngest-gitops secrets', () => {
  it('seals a repository scaffolded without a certificate, and rotates only with --rotate', async () => {
    const target = join(tempDir(), 'repo');
    expect((await runMain([target, '--yes'])).status).toBe(0);
    const first = await runMain(['secrets', target, '--cert', TEST_CERT_PATH]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const before = valuesOf(target, 'prod');
    expect(Object.keys(before).sort()).toEqual(['inngest-keys', 'inngest-postgres-role', 'inngest-valkey']);

    const rotate = await runMain([
      'secrets',
      target,
      '--env',
      'prod',
      '--secret',
      'inngest-valkey',
      '--rotate',
      '--cert',
      TEST_CERT_PATH,
    ]);
    expect(rotate.status).toBe(0);
    const after = valuesOf(target, 'prod');
    expect(after['inngest-valkey']!.password).not.toBe(before['inngest-valkey']!.password);
    expect(after['inngest-keys']).toEqual(before['inngest-keys']);
    expect(sealedIn(target, 'prod')).toHaveLength(3);
  });

  it('run again without --rotate exits 2 listing the sealed secrets and re-seals nothing (observed: re-sealed every one)', async () => {
    const target = join(tempDir(), 'repo');
    expect((await runMain([target, '--yes', '--cert', TEST_CERT_PATH])).status).toBe(0);
    const before = snapshot(target);
    const again = await runMain(['secrets', target, '--env', 'prod', '--cert', TEST_CERT_PATH]);
    expect(again.status).toBe(2);
    expect(again.stderr).toBe(
      'error: --rotate: secrets/prod/inngest-keys.yaml, secrets/prod/inngest-postgres-role.yaml, secrets/prod/inngest-valkey.yaml are sealed already; sealing again replaces the values the cluster uses (pass --rotate to re-seal them with new values (then restart what reads them); with --secret NAME, only that one)\n',
    );
    const one = await runMain(['secrets', target, '--secret', 'inngest-keys', '--cert', TEST_CERT_PATH]);
    expect(one.status).toBe(2);
    expect(one.stderr).toContain('secrets/stage/inngest-keys.yaml, secrets/prod/inngest-keys.yaml are sealed already');
    expect(snapshot(target)).toEqual(before);
  });

  it('--new-controller-key: the load commands stand alone; the restart is only for a controller that runs', async () => {
    const target = join(tempDir(), 'repo');
    expect((await runMain([target, '--yes'])).status).toBe(0);
    const folder = join(tempDir(), 'key');
    const result = await runMain(['secrets', target, '--new-controller-key', folder]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    const load = lines.indexOf('Load it before the controller first starts:');
    expect(load).toBeGreaterThan(-1);
    expect(lines.slice(load + 1, load + 5)).toEqual([
      `  kubectl -n kube-system create secret tls sealed-secrets-key-gitops --cert=${folder}/sealed-secrets.crt --key=${folder}/sealed-secrets.key`,
      '  kubectl -n kube-system label secret sealed-secrets-key-gitops sealedsecrets.bitnami.com/sealed-secrets-key=active',
      'Where the controller runs already, restart it after loading:',
      '  kubectl -n kube-system rollout restart deployment/sealed-secrets-controller',
    ]);
  });

  it('after a rotation prints the restarts in order, each with its namespace', async () => {
    const target = join(tempDir(), 'repo');
    expect((await runMain([target, '--yes', '--cert', TEST_CERT_PATH])).status).toBe(0);
    const rotated = await runMain(['secrets', target, '--env', 'prod', '--rotate', '--cert', TEST_CERT_PATH]);
    expect(rotated.stderr).toBe('');
    expect(rotated.status).toBe(0);
    const lines = rotated.stdout.split('\n');
    const start = lines.indexOf('Rotated. Once Argo CD has synced the new SealedSecrets, run in this order:');
    expect(start).toBeGreaterThan(-1);
    expect(lines.slice(start + 1, start + 6)).toEqual([
      '  kubectl -n inngest-prod rollout restart statefulset/inngest-valkey',
      '  kubectl -n inngest-prod rollout status statefulset/inngest-valkey',
      '  kubectl -n inngest-prod rollout restart deployment/inngest',
      '  kubectl -n inngest-prod rollout status deployment/inngest',
      '  # prod: give your apps the new INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY (secret inngest-keys)',
    ]);
  });

  it('keeps an edited secrets/<env>/kustomization.yaml on a rotation, and stops when it must change (observed: overwritten silently)', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'answers.json'),
      JSON.stringify({
        environments: [
          { name: 'stage' },
          { name: 'prod', postgres: { backup: { destinationPath: 's3://backups/inngest/prod' } } },
        ],
      }),
    );
    const target = join(dir, 'repo');
    expect((await runMain([target, '--config', join(dir, 'answers.json'), '--cert', TEST_CERT_PATH])).status).toBe(0);
    const file = join(target, 'secrets/prod/kustomization.yaml');
    const edited = `${readFileSync(file, 'utf8')}# reviewed by security\n`;
    writeFileSync(file, edited);

    const rotate = await runMain([
      'secrets',
      target,
      '--env',
      'prod',
      '--secret',
      'inngest-valkey',
      '--rotate',
      '--cert',
      TEST_CERT_PATH,
    ]);
    expect(rotate.status).toBe(0);
    expect(rotate.stdout).toMatch(/^yours, kept \(1\):\n {2}secrets\/prod\/kustomization\.yaml$/m);
    expect(readFileSync(file, 'utf8')).toBe(edited);

    // A new secret must be listed in it: a conflict, nothing sealed or written.
    const before = snapshot(target);
    const env = {
      INNGEST_GITOPS_PROD_ACCESS_KEY_ID: 'AKIAEXAMPLE123',
      INNGEST_GITOPS_PROD_ACCESS_SECRET_KEY: 'example-secret',
    };
    const add = await runMain(['secrets', target, '--env', 'prod', '--cert', TEST_CERT_PATH], { env });
    expect(add.status).toBe(2);
    expect(add.stderr).toBe(
      'error: --on-conflict: 1 generated file was edited since: secrets/prod/kustomization.yaml (keep your edits with --on-conflict keep, replace them with --on-conflict overwrite, or see them with --diff)\n',
    );
    expect(snapshot(target)).toEqual(before);
    const kept = await runMain(
      ['secrets', target, '--env', 'prod', '--on-conflict', 'keep', '--cert', TEST_CERT_PATH],
      {
        env,
      },
    );
    expect(kept.status).toBe(0);
    expect(existsSync(join(target, 'secrets/prod/inngest-postgres-backup-credentials.yaml'))).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });

  it('refuses an unknown environment with exit 2', async () => {
    const target = join(tempDir(), 'repo');
    expect((await runMain([target, '--yes'])).status).toBe(0);
    const result = await runMain(['secrets', target, '--env', 'qa', '--cert', TEST_CERT_PATH]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'error: --env: "qa" is not an environment of this repository (one of: stage, prod)',
    );
  });
});

describe('secrets the user provides (object-store credentials)', () => {
  it('are listed as pending, then sealed from INNGEST_GITOPS_<ENV>_<KEY> variables without echoing them', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'answers.json'),
      JSON.stringify({
        environments: [
          { name: 'stage' },
          { name: 'prod', postgres: { backup: { destinationPath: 's3://backups/inngest/prod' } } },
        ],
      }),
    );
    const target = join(dir, 'repo');
    const first = await runMain([target, '--config', join(dir, 'answers.json'), '--cert', TEST_CERT_PATH]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      'Pending in prod: inngest-postgres-backup-credentials (S3 credentials of the Postgres backup object store). Export INNGEST_GITOPS_PROD_ACCESS_KEY_ID, INNGEST_GITOPS_PROD_ACCESS_SECRET_KEY',
    );

    const env = {
      INNGEST_GITOPS_PROD_ACCESS_KEY_ID: 'AKIAEXAMPLE123',
      INNGEST_GITOPS_PROD_ACCESS_SECRET_KEY: 'wJalrXUtnFEMI-example-secret',
    };
    const sealed = await runMain(
      ['secrets', target, '--env', 'prod', '--secret', 'inngest-postgres-backup-credentials', '--cert', TEST_CERT_PATH],
      { env },
    );
    expect(sealed.stderr).toBe('');
    expect(sealed.status).toBe(0);
    expect(`${sealed.stdout}${sealed.stderr}`).not.toContain(env.INNGEST_GITOPS_PROD_ACCESS_SECRET_KEY);
    expect(valuesOf(target, 'prod')['inngest-postgres-backup-credentials']).toEqual({
      ACCESS_KEY_ID: 'AKIAEXAMPLE123',
      ACCESS_SECRET_KEY: 'wJalrXUtnFEMI-example-secret',
    });
    for (const file of listFiles(target))
      expect(readFileSync(join(target, file), 'utf8')).not.toContain(env.INNGEST_GITOPS_PROD_ACCESS_SECRET_KEY);
  });
});
