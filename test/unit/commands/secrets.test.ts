import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, tempDir } from '../../helpers/cli.js';
import { DEMO_CERT_PATH } from '../../helpers/keys.js';
import { runMain } from '../../helpers/main.js';
import { sealedIn, valuesOf } from '../../helpers/sealed.js';

describe('create-inngest-gitops secrets', () => {
  it('seals a repository scaffolded without a certificate, and rotates on a second run', async () => {
    const target = join(tempDir(), 'repo');
    expect((await runMain([target, '--yes'])).status).toBe(0);
    const first = await runMain(['secrets', target, '--cert', DEMO_CERT_PATH]);
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
      '--cert',
      DEMO_CERT_PATH,
    ]);
    expect(rotate.status).toBe(0);
    const after = valuesOf(target, 'prod');
    expect(after['inngest-valkey']!.password).not.toBe(before['inngest-valkey']!.password);
    expect(after['inngest-keys']).toEqual(before['inngest-keys']);
    expect(sealedIn(target, 'prod')).toHaveLength(3);
  });

  it('refuses an unknown environment with exit 2', async () => {
    const target = join(tempDir(), 'repo');
    expect((await runMain([target, '--yes'])).status).toBe(0);
    const result = await runMain(['secrets', target, '--env', 'qa', '--cert', DEMO_CERT_PATH]);
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
    const first = await runMain([target, '--config', join(dir, 'answers.json'), '--cert', DEMO_CERT_PATH]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      'Pending in prod: inngest-postgres-backup-credentials (S3 credentials of the Postgres backup object store). Export INNGEST_GITOPS_PROD_ACCESS_KEY_ID, INNGEST_GITOPS_PROD_ACCESS_SECRET_KEY',
    );

    const env = {
      INNGEST_GITOPS_PROD_ACCESS_KEY_ID: 'AKIAEXAMPLE123',
      INNGEST_GITOPS_PROD_ACCESS_SECRET_KEY: 'wJalrXUtnFEMI-example-secret',
    };
    const sealed = await runMain(
      ['secrets', target, '--env', 'prod', '--secret', 'inngest-postgres-backup-credentials', '--cert', DEMO_CERT_PATH],
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
