import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers/cli.js';
import { TEST_CERT_PATH } from '../../helpers/keys.js';
import { kubectlFor } from '../../helpers/kubectl.js';
import { runMain } from '../../helpers/main.js';
import { valuesOf } from '../../helpers/sealed.js';

describe('create-inngest-gitops secrets (built CLI)', () => {
  it('seals a repository scaffolded without a certificate', () => {
    const target = join(tempDir(), 'repo');
    expect(runCli([target, '--yes', '--repo-url', 'https://github.com/acme/inngest-gitops.git']).status).toBe(0);
    const result = runCli(['secrets', target, '--cert', TEST_CERT_PATH]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const env of ['stage', 'prod'])
      expect(Object.keys(valuesOf(target, env)).sort()).toEqual([
        'inngest-keys',
        'inngest-postgres-role',
        'inngest-valkey',
      ]);
  });

  it.runIf(kubectlFor('validate after sealing provided secrets'))(
    'seals provided object-store credentials from INNGEST_GITOPS_<ENV>_<KEY>, after which the repository validates',
    async () => {
      const dir = tempDir();
      writeFileSync(
        join(dir, 'answers.json'),
        JSON.stringify({
          repoURL: 'https://github.com/acme/inngest-gitops.git',
          environments: [
            { name: 'stage' },
            { name: 'prod', postgres: { backup: { destinationPath: 's3://backups/inngest/prod' } } },
          ],
        }),
      );
      const target = join(dir, 'repo');
      expect(runCli([target, '--config', join(dir, 'answers.json'), '--cert', TEST_CERT_PATH]).status).toBe(0);
      const env = {
        INNGEST_GITOPS_PROD_ACCESS_KEY_ID: 'AKIAEXAMPLE123',
        INNGEST_GITOPS_PROD_ACCESS_SECRET_KEY: 'wJalrXUtnFEMI-example-secret',
      };
      const sealed = runCli(
        [
          'secrets',
          target,
          '--env',
          'prod',
          '--secret',
          'inngest-postgres-backup-credentials',
          '--cert',
          TEST_CERT_PATH,
        ],
        { env },
      );
      expect(sealed.status).toBe(0);
      const validate = await runMain(['validate', target]);
      expect(validate.stdout).toMatch(/^ok: \d+ objects in 2 environments, 0 problems\n$/);
      expect(validate.status).toBe(0);
    },
  );
});
