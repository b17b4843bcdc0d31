import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/core/yaml.js';
import { kubectlAvailable, kustomize, listFiles, parseStream, repoRoot, runCli, tempDir } from '../../helpers/cli.js';
import { DEMO_CERT_PATH, demoPrivateKey } from '../../helpers/keys.js';
import { unseal } from '../../helpers/unseal.js';

type Sealed = Parameters<typeof unseal>[0] & {
  metadata: { name: string; namespace: string; annotations: Record<string, string> };
  spec: { template: { type: string; metadata: { labels?: Record<string, string> } } };
};

function sealedIn(dir: string, env: string): Sealed[] {
  const kustomization = parseYaml(readFileSync(join(dir, 'secrets', env, 'kustomization.yaml'), 'utf8')) as {
    resources?: string[];
  };
  return (kustomization.resources ?? []).map(
    (file) => parseYaml(readFileSync(join(dir, 'secrets', env, file), 'utf8')) as Sealed,
  );
}

function valuesOf(dir: string, env: string): Record<string, Record<string, string>> {
  return Object.fromEntries(sealedIn(dir, env).map((s) => [s.metadata.name, unseal(s, demoPrivateKey())]));
}

describe('a --yes scaffold with a certificate', () => {
  const target = join(tempDir(), 'repo');
  const result = runCli([target, '--yes', '--cert', DEMO_CERT_PATH]);

  it('seals every secret of every environment', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Sealed 6 secrets for 2 environments with the built-in sealer.');
    for (const [env, namespace] of [
      ['stage', 'inngest-stage'],
      ['prod', 'inngest-prod'],
    ] as const) {
      const sealed = sealedIn(target, env);
      expect(sealed.map((s) => s.metadata.name).sort()).toEqual([
        'inngest-keys',
        'inngest-postgres-role',
        'inngest-valkey',
      ]);
      for (const s of sealed) {
        expect(s.metadata.namespace).toBe(namespace);
        expect(s.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
      }
    }
  });

  it('generates keys Inngest accepts and passwords that compose into URIs', () => {
    const values = valuesOf(target, 'prod');
    expect(values['inngest-keys']!.INNGEST_SIGNING_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(values['inngest-keys']!.INNGEST_EVENT_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(values['inngest-postgres-role']).toEqual({
      username: 'inngest',
      password: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
    });
    expect(values['inngest-valkey']!.password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(values['inngest-keys']!.INNGEST_SIGNING_KEY).not.toBe(
      valuesOf(target, 'stage')['inngest-keys']!.INNGEST_SIGNING_KEY,
    );
  });

  it('gives the CloudNativePG role Secret its type and reload label, the keys Secret Opaque', () => {
    const byName = Object.fromEntries(sealedIn(target, 'prod').map((s) => [s.metadata.name, s]));
    expect(byName['inngest-postgres-role']!.spec.template.type).toBe('kubernetes.io/basic-auth');
    expect(byName['inngest-postgres-role']!.spec.template.metadata.labels!['cnpg.io/reload']).toBe('true');
    expect(byName['inngest-keys']!.spec.template.type).toBe('Opaque');
  });

  it('never writes a generated plaintext value into any file of the repository', () => {
    const secrets = [...Object.values(valuesOf(target, 'stage')), ...Object.values(valuesOf(target, 'prod'))].flatMap(
      (v) => Object.values(v),
    );
    const generated = secrets.filter((v) => v !== 'inngest');
    expect(generated).toHaveLength(8);
    for (const file of listFiles(target)) {
      const text = readFileSync(join(target, file), 'utf8');
      for (const value of generated) expect(text.includes(value), `${file} contains a secret value`).toBe(false);
    }
    for (const value of generated) expect(result.stdout.includes(value) || result.stderr.includes(value)).toBe(false);
    expect(listFiles(target).filter((f) => /^kind:\s*Secret\s*$/m.test(readFileSync(join(target, f), 'utf8')))).toEqual(
      [],
    );
  });

  it.runIf(kubectlAvailable())('kubectl kustomize includes the SealedSecrets in each overlay', () => {
    for (const env of ['stage', 'prod']) {
      const sealed = parseStream(kustomize(join(target, 'overlays', env))).filter((o) => o.kind === 'SealedSecret');
      expect(sealed.map((o) => o.metadata.name).sort()).toEqual([
        'inngest-keys',
        'inngest-postgres-role',
        'inngest-valkey',
      ]);
    }
  });
});

describe('without a certificate', () => {
  it('leaves secrets/<env>/ empty and prints the command that seals them', () => {
    const target = join(tempDir(), 'repo');
    const result = runCli([target, '--yes']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`create-inngest-gitops secrets ${target} --cert <controller certificate>`);
    expect(sealedIn(target, 'prod')).toEqual([]);
  });
});

describe('create-inngest-gitops secrets', () => {
  it('seals a repository scaffolded without a certificate, and rotates on a second run', () => {
    const target = join(tempDir(), 'repo');
    runCli([target, '--yes']);
    const first = runCli(['secrets', target, '--cert', DEMO_CERT_PATH]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const before = valuesOf(target, 'prod');
    expect(Object.keys(before).sort()).toEqual(['inngest-keys', 'inngest-postgres-role', 'inngest-valkey']);

    const rotate = runCli(['secrets', target, '--env', 'prod', '--secret', 'inngest-valkey', '--cert', DEMO_CERT_PATH]);
    expect(rotate.status).toBe(0);
    const after = valuesOf(target, 'prod');
    expect(after['inngest-valkey']!.password).not.toBe(before['inngest-valkey']!.password);
    expect(after['inngest-keys']).toEqual(before['inngest-keys']);
    expect(sealedIn(target, 'prod')).toHaveLength(3);
  });

  it('refuses an unknown environment with exit 2', () => {
    const target = join(tempDir(), 'repo');
    runCli([target, '--yes']);
    const result = runCli(['secrets', target, '--env', 'qa', '--cert', DEMO_CERT_PATH]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'error: --env: "qa" is not an environment of this repository (one of: stage, prod)',
    );
  });
});

describe('--new-controller-key', () => {
  it('writes the key pair outside the repository, mode 0600, seals with it and prints how to load it', () => {
    const dir = tempDir();
    const keys = join(dir, 'keys');
    const target = join(dir, 'repo');
    const result = runCli([target, '--yes', '--new-controller-key', keys]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(statSync(join(keys, 'sealed-secrets.key')).mode & 0o777).toBe(0o600);
    expect(result.stdout).toContain('sealedsecrets.bitnami.com/sealed-secrets-key=active');
    const values = Object.fromEntries(
      sealedIn(target, 'prod').map((s) => [
        s.metadata.name,
        unseal(s, readFileSync(join(keys, 'sealed-secrets.key'), 'utf8')),
      ]),
    );
    expect(values['inngest-keys']!.INNGEST_SIGNING_KEY).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);

  it('refuses a key folder inside the repository and writes nothing', () => {
    const target = join(tempDir(), 'repo');
    const result = runCli([target, '--yes', '--new-controller-key', join(target, 'keys')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: --new-controller-key .*: is inside the target repository/);
    expect(existsSync(target)).toBe(false);
  });
});

describe("this repository's example secrets", () => {
  it('are demo SealedSecrets that decrypt with the demo key and are marked as demo material', () => {
    for (const env of ['stage', 'prod']) {
      const values = valuesOf(repoRoot, env);
      expect(values['inngest-keys']!.INNGEST_SIGNING_KEY).toMatch(/^[0-9a-f]{64}$/);
      expect(readFileSync(join(repoRoot, 'secrets', env, 'inngest-keys.yaml'), 'utf8')).toMatch(
        /^# Generated by create-inngest-gitops.*\n# DEMO ONLY/,
      );
    }
  });
});

describe('the writer', () => {
  it('refuses to write a plain Secret, whatever produced it', async () => {
    const { writeTree } = await import('../../../src/io/write.js');
    const target = join(tempDir(), 'repo');
    const tree = new Map([['secrets/prod/leak.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: leak\n']]);
    expect(() => writeTree(tree, target)).toThrow(/refusing to write a plain Secret into secrets\/prod\/leak.yaml/);
    expect(existsSync(target)).toBe(false);
  });
});

describe('secrets the user provides (object-store credentials)', () => {
  it('are listed as pending, then sealed from INNGEST_GITOPS_<ENV>_<KEY> variables without echoing them', () => {
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
    const first = runCli([target, '--config', join(dir, 'answers.json'), '--cert', DEMO_CERT_PATH]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      'Pending in prod: inngest-postgres-backup-credentials (S3 credentials of the Postgres backup object store). Export INNGEST_GITOPS_PROD_ACCESS_KEY_ID, INNGEST_GITOPS_PROD_ACCESS_SECRET_KEY',
    );

    const env = {
      INNGEST_GITOPS_PROD_ACCESS_KEY_ID: 'AKIAEXAMPLE123',
      INNGEST_GITOPS_PROD_ACCESS_SECRET_KEY: 'wJalrXUtnFEMI-example-secret',
    };
    const sealed = runCli(
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
    if (kubectlAvailable()) expect(runCli(['validate', target]).status).toBe(0);
  });
});
