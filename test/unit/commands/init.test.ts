import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/core/yaml.js';
import { listFiles, tempDir, type CliResult } from '../../helpers/cli.js';
import { TEST_CERT_PATH } from '../../helpers/keys.js';
import { runMain } from '../../helpers/main.js';
import { sealedIn, valuesOf } from '../../helpers/sealed.js';

describe('scaffold with --yes', () => {
  it('writes the repository and exits 0', async () => {
    const target = join(tempDir(), 'repo');
    const result = await runMain([target, '--yes']);
    // Without a URL known (no Git origin here), the repository is still written, with a warning.
    expect(result.stderr).toMatch(
      /^warning: no repository URL for Argo CD: set it with npx create-inngest-gitops@\S+ \. --repo-url URL in \S+$/m,
    );
    expect(result.status).toBe(0);
    const files = listFiles(target);
    expect(files).toContain('base/inngest/deployment.yaml');
    expect(files).toContain('overlays/stage/kustomization.yaml');
    expect(files).toContain('overlays/prod/kustomization.yaml');
    expect(files).toContain('inngest-gitops.json');
    expect(files).toContain('README.md');
    const stored = JSON.parse(readFileSync(join(target, 'inngest-gitops.json'), 'utf8'));
    expect(stored.generator.name).toBe('create-inngest-gitops');
    expect(stored.answers.environments.map((e: { name: string }) => e.name)).toEqual(['stage', 'prod']);
  });

  it('writes into a folder that holds only .git', async () => {
    const target = tempDir();
    mkdirSync(join(target, '.git'));
    expect((await runMain([target, '--yes'])).status).toBe(0);
    expect(existsSync(join(target, 'base/kustomization.yaml'))).toBe(true);
  });

  it('is deterministic: the same answers give byte-identical files', async () => {
    const a = join(tempDir(), 'a');
    const b = join(tempDir(), 'b');
    await runMain([a, '--yes']);
    await runMain([b, '--yes']);
    const files = listFiles(a);
    expect(listFiles(b)).toEqual(files);
    for (const file of files) expect(readFileSync(join(b, file), 'utf8')).toBe(readFileSync(join(a, file), 'utf8'));
  });

  it('--dry-run lists the files and writes nothing', async () => {
    const target = join(tempDir(), 'repo');
    const result = await runMain([target, '--yes', '--dry-run']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^create \(\d+\):$/m);
    expect(result.stdout).toContain('  base/inngest/deployment.yaml');
    expect(result.stdout).toContain('nothing written');
    expect(existsSync(target)).toBe(false);
  });
});

describe('--print-config and --config', () => {
  it('prints the complete default answers as JSON', async () => {
    const result = await runMain(['--print-config']);
    expect(result.status).toBe(0);
    const answers = JSON.parse(result.stdout);
    expect(answers.environments[1].postgres.instances).toBe(3);
  });

  it('takes a YAML config with non-default environments and hostnames', async () => {
    const dir = tempDir();
    const config = join(dir, 'answers.yaml');
    writeFileSync(
      config,
      'name: acme\nrepoURL: git@github.com:acme/inngest.git\nenvironments:\n  - name: dev\n  - name: stage\n    hostname: inngest.stage.acme.dev\n  - name: prod\n    hostname: inngest.acme.dev\n',
    );
    const target = join(dir, 'repo');
    const result = await runMain([target, '--config', config]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(listFiles(join(target, 'overlays')).filter((f) => f.endsWith('kustomization.yaml'))).toEqual([
      'dev/kustomization.yaml',
      'prod/kustomization.yaml',
      'stage/kustomization.yaml',
    ]);
    const ingress = parseYaml(readFileSync(join(target, 'overlays/prod/ingress.yaml'), 'utf8')) as {
      spec: { rules: { host: string }[] };
    };
    expect(ingress.spec.rules[0]!.host).toBe('inngest.acme.dev');
    expect(existsSync(join(target, 'overlays/dev/ingress.yaml'))).toBe(false);
  });
});

describe('bad input exits 2 with one line naming the field, and writes nothing', () => {
  const cases: [string, string[], string | undefined, RegExp][] = [
    [
      'invalid DNS name',
      ['--environments', 'stage,Prod'],
      undefined,
      /^error: environments\[1\]\.name: "Prod" is not allowed \(a DNS label/,
    ],
    [
      'invalid hostname',
      ['--host', 'prod=bad_host'],
      undefined,
      /^error: environments\[1\]\.hostname: "bad_host" is not allowed/,
    ],
    [
      'latest image tag',
      ['--image-tag', 'latest'],
      undefined,
      /^error: image\.tag: "latest" is not allowed \(a pinned release tag/,
    ],
    ['malformed image tag', ['--image-tag', 'v1.x'], undefined, /^error: image\.tag: "v1\.x" is not allowed/],
    ['unknown config key', [], '{"replicaz": 3}', /^error: replicaz: unknown key \(known keys: /],
    [
      'wrong type',
      [],
      '{"inngest": {"queueWorkers": "many"}}',
      /^error: inngest\.queueWorkers: must be integer, got "many"/,
    ],
    ['unknown flag', ['--replicaz', '3'], undefined, /^error: --replicaz: unknown option \(see --help\)$/m],
    ['a value for a switch', ['--yes=1'], undefined, /^error: --yes: takes no value \(see --help\)$/m],
  ];
  for (const [label, args, config, expected] of cases) {
    it(label, async () => {
      const dir = tempDir();
      const target = join(dir, 'repo');
      const extra: string[] = [];
      if (config) {
        writeFileSync(join(dir, 'answers.json'), config);
        extra.push('--config', join(dir, 'answers.json'));
      } else {
        extra.push('--yes');
      }
      const result = await runMain([target, ...extra, ...args]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(expected);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(existsSync(target)).toBe(false);
    });
  }

  it('a non-empty folder is refused and left untouched', async () => {
    const target = tempDir();
    writeFileSync(join(target, 'notes.txt'), 'mine');
    const result = await runMain([target, '--yes']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/is not empty \(a new or empty folder, or --force to write into it\)/);
    expect(listFiles(target)).toEqual(['notes.txt']);
  });

  it('without a TTY and without --yes or --config it names the flag to use instead of hanging', async () => {
    const target = join(tempDir(), 'repo');
    const result = await runMain([target]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'error: stdin: is not a terminal, so no questions can be asked (pass --yes to take the defaults, or --config FILE with your answers)',
    );
    expect(existsSync(target)).toBe(false);
  });

  it('an unreadable config file', async () => {
    const result = await runMain(['--config', '/nonexistent/answers.yaml', '--print-config']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'error: --config /nonexistent/answers.yaml: cannot be read (ENOENT) (a readable JSON or YAML file)',
    );
  });
});

describe('a --yes scaffold with a certificate', () => {
  const target = join(tempDir(), 'repo');
  let result: CliResult;
  beforeAll(async () => {
    result = await runMain([
      target,
      '--yes',
      '--cert',
      TEST_CERT_PATH,
      '--repo-url',
      'https://github.com/acme/inngest.git',
    ]);
  });

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
});

describe('without a certificate', () => {
  it('leaves secrets/<env>/ empty, says so, and the next steps seal them once the controller runs', async () => {
    const target = join(tempDir(), 'repo');
    const result = await runMain([target, '--yes']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Not sealed yet: 6 secrets for stage, prod (sealing later).');
    expect(result.stdout).toMatch(
      /^ {7}npx create-inngest-gitops@\S+ secrets \. --cert "\$HOME\/inngest-sealed-secrets\.crt"$/m,
    );
    expect(sealedIn(target, 'prod')).toEqual([]);
  });
});

describe('--new-controller-key', () => {
  it('refuses a key folder inside the repository and writes nothing', async () => {
    const target = join(tempDir(), 'repo');
    const result = await runMain([target, '--yes', '--new-controller-key', join(target, 'keys')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: --new-controller-key .*: is inside the target repository/);
    expect(existsSync(target)).toBe(false);
  });
});
