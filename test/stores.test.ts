/**
 * Environments on existing servers (postgres.mode / valkey.mode external): a repository with prod
 * on an external PostgreSQL and Redis and stage in the cluster, end to end: answers, render,
 * kubectl kustomize, validate, sealing the connection strings from the environment (checked by
 * decrypting), pending without them, bad input, and the refusal to drop an in-cluster store.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { parseYaml, toYaml } from '../src/core/yaml.js';
import type { PartialAnswers } from '../src/answers/schema.js';
import { resolveAnswers } from '../src/answers/resolve.js';
import { repositoryTree } from '../src/commands/repository-tree.js';
import { writeTree } from '../src/io/write.js';
import { kubectlAvailable, kustomize, listFiles, parseStream, tempDir } from './helpers/cli.js';
import { userErrorOf } from './helpers/answers.js';
import { scaffold } from './helpers/scaffold.js';
import { DEMO_CERT_PATH, demoPrivateKey } from './seal/keys.js';
import { unseal } from './seal/unseal.js';

const PASSWORD = 'pA55:w/rd@#%';
const PG_URI = `postgresql://inngest:${encodeURIComponent(PASSWORD)}@db.prod.example.com:5432/inngest?sslmode=verify-full&sslrootcert=system`;
const REDIS_URI = `rediss://default:${encodeURIComponent(PASSWORD)}R@cache.prod.example.com:6380/0`;
const VARIABLES = { INNGEST_GITOPS_PROD_POSTGRES_URI: PG_URI, INNGEST_GITOPS_PROD_REDIS_URI: REDIS_URI };

const EXTERNAL_PROD = {
  name: 'prod',
  postgres: { mode: 'external', external: { host: 'db.prod.example.com', egressCIDRs: ['10.20.0.0/16'] } },
  valkey: {
    mode: 'external',
    external: { host: 'cache.prod.example.com', port: 6380, tls: true, egressCIDRs: ['10.30.0.0/24', '10.31.0.0/24'] },
  },
};
const CONFIG: PartialAnswers = { environments: [{ name: 'stage' }, EXTERNAL_PROD] } as PartialAnswers;

function memoryIO(env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (d) => (text.out += d));
  stderr.on('data', (d) => (text.err += d));
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  return { io: { stdin, stdout, stderr, env, cwd: tempDir() }, text };
}

function configFile(config: unknown): string {
  const file = join(tempDir(), 'answers.yaml');
  writeFileSync(file, toYaml(config));
  return file;
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { io, text } = memoryIO(env);
  const status = await main(args, io);
  return { status, ...text };
}

type Sealed = Parameters<typeof unseal>[0] & { metadata: { name: string; annotations: Record<string, string> } };

function sealedIn(dir: string, env: string): Record<string, Sealed> {
  const kustomization = parseYaml(readFileSync(join(dir, 'secrets', env, 'kustomization.yaml'), 'utf8')) as {
    resources?: string[];
  };
  const all = (kustomization.resources ?? []).map(
    (file) => parseYaml(readFileSync(join(dir, 'secrets', env, file), 'utf8')) as Sealed,
  );
  return Object.fromEntries(all.map((s) => [s.metadata.name, s]));
}

const NO_KUBESEAL = ['--cert', DEMO_CERT_PATH, '--no-kubeseal'];

describe('prod on external servers, stage in the cluster', async () => {
  const target = join(tempDir(), 'repo');
  const scaffold = await run([target, '--config', configFile(CONFIG), ...NO_KUBESEAL], VARIABLES);

  it('scaffolds, sealing the connection strings from the environment variables', () => {
    expect(scaffold.err).toBe('');
    expect(scaffold.status).toBe(0);
    const prod = sealedIn(target, 'prod');
    expect(Object.keys(prod).sort()).toEqual(['inngest-keys', 'inngest-postgres-uri', 'inngest-redis-uri']);
    expect(unseal(prod['inngest-postgres-uri']!, demoPrivateKey())).toEqual({ POSTGRES_URI: PG_URI });
    expect(unseal(prod['inngest-redis-uri']!, demoPrivateKey())).toEqual({ REDIS_URI: REDIS_URI });
    expect(prod['inngest-postgres-uri']!.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
    expect(Object.keys(sealedIn(target, 'stage')).sort()).toEqual([
      'inngest-keys',
      'inngest-postgres-role',
      'inngest-valkey',
    ]);
  });

  it('never writes or prints a connection string or its password', () => {
    const secrets = [PG_URI, REDIS_URI, PASSWORD, encodeURIComponent(PASSWORD)];
    for (const file of listFiles(target)) {
      const text = readFileSync(join(target, file), 'utf8');
      for (const secret of secrets) expect(text.includes(secret), `${file}`).toBe(false);
    }
    for (const secret of secrets) expect(scaffold.out.includes(secret) || scaffold.err.includes(secret)).toBe(false);
  });

  it('records where the servers are, but not how to log in, in inngest-gitops.json', () => {
    const state = JSON.parse(readFileSync(join(target, 'inngest-gitops.json'), 'utf8'));
    expect(state.answers.environments[1].postgres).toMatchObject({
      mode: 'external',
      external: { host: 'db.prod.example.com', port: 5432, egressCIDRs: ['10.20.0.0/16'] },
    });
    expect(state.answers.environments[1].valkey.external).toEqual(EXTERNAL_PROD.valkey.external);
    expect(state.answers.environments[0].postgres.mode).toBe('cloudnative-pg');
  });

  it('makes postgres and valkey Kustomize Components that only stage includes', () => {
    const base = parseYaml(readFileSync(join(target, 'base/kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect(base.resources).not.toContain('postgres');
    expect(base.resources).not.toContain('valkey');
    const overlay = (env: string) =>
      parseYaml(readFileSync(join(target, 'overlays', env, 'kustomization.yaml'), 'utf8')) as { components?: string[] };
    expect(overlay('stage').components).toEqual(expect.arrayContaining(['../../base/postgres', '../../base/valkey']));
    expect(overlay('prod').components ?? []).not.toContain('../../base/postgres');
  });

  it('installs the CloudNativePG operator for stage', () => {
    expect(listFiles(join(target, 'argocd/apps'))).toContain('platform-cloudnative-pg.yaml');
  });

  it.runIf(kubectlAvailable())('renders prod without any in-cluster store, Inngest reading the sealed URIs', () => {
    const objects = parseStream(kustomize(join(target, 'overlays/prod')));
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    for (const gone of [
      'Cluster/inngest-postgres',
      'Database/inngest',
      'StatefulSet/inngest-valkey',
      'Service/inngest-valkey',
      'NetworkPolicy/inngest-postgres',
      'NetworkPolicy/inngest-valkey',
      'NetworkPolicy/inngest-to-postgres',
      'NetworkPolicy/inngest-to-valkey',
      'NetworkPolicy/inngest-postgres-from-retention',
      'SealedSecret/inngest-postgres-role',
      'SealedSecret/inngest-valkey',
    ])
      expect(kinds).not.toContain(gone);
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    const container = deployment.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e]));
    expect(env.INNGEST_POSTGRES_URI).toEqual({
      name: 'INNGEST_POSTGRES_URI',
      valueFrom: { secretKeyRef: { name: 'inngest-postgres-uri', key: 'POSTGRES_URI' } },
    });
    expect(env.INNGEST_REDIS_URI.valueFrom.secretKeyRef).toEqual({ name: 'inngest-redis-uri', key: 'REDIS_URI' });
    expect(env.POSTGRES_PASSWORD).toBeUndefined();
    expect(env.VALKEY_PASSWORD).toBeUndefined();
    expect(JSON.stringify(deployment)).not.toContain('inngest-postgres-ca');

    const egress = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'inngest-external-stores')!;
    expect(egress.spec.podSelector).toEqual(
      objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'inngest')!.spec.podSelector,
    );
    expect(egress.spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] },
      {
        to: [{ ipBlock: { cidr: '10.30.0.0/24' } }, { ipBlock: { cidr: '10.31.0.0/24' } }],
        ports: [{ protocol: 'TCP', port: 6380 }],
      },
    ]);
    // Inngest's own policy leads nowhere else on a store port.
    const own = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'inngest')!;
    const ports = own.spec.egress.flatMap((r: any) => r.ports.map((p: any) => p.port));
    expect(ports).not.toContain(5432);
    expect(ports).not.toContain(6379);
  });

  it.runIf(kubectlAvailable())(
    'runs prod history retention with psql on the sealed URI, and lets it out to the server only',
    () => {
      const objects = parseStream(kustomize(join(target, 'overlays/prod')));
      const job = objects.find((o) => o.kind === 'CronJob')!.spec.jobTemplate.spec.template.spec;
      const container = job.containers[0];
      expect(container.args.slice(-2)).toEqual(['-d', '$(POSTGRES_URI)']);
      expect(container.env.map((e: any) => e.name).sort()).toEqual([
        'PGAPPNAME',
        'PGCONNECT_TIMEOUT',
        'POSTGRES_URI',
        'RETENTION_DAYS',
      ]);
      expect(container.env.find((e: any) => e.name === 'POSTGRES_URI').valueFrom.secretKeyRef.name).toBe(
        'inngest-postgres-uri',
      );
      expect(job.volumes.map((v: any) => v.name)).not.toContain('postgres-ca');
      const policy = objects.find((o) => o.metadata.name === 'inngest-retention-external-postgres')!;
      expect(policy.spec.egress).toEqual([
        { to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] },
      ]);
    },
  );

  it.runIf(kubectlAvailable())('renders stage as before: CloudNativePG and Valkey with their policies', () => {
    const kinds = parseStream(kustomize(join(target, 'overlays/stage'))).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Cluster/inngest-postgres',
        'StatefulSet/inngest-valkey',
        'Service/inngest-valkey',
        'NetworkPolicy/inngest-to-postgres',
        'NetworkPolicy/inngest-to-valkey',
      ]),
    );
    expect(kinds).not.toContain('NetworkPolicy/inngest-external-stores');
  });

  it.runIf(kubectlAvailable())('passes validate', async () => {
    const result = await run(['validate', target]);
    expect(result.out).toMatch(/^ok: \d+ objects in 2 environments, 0 problems$/m);
    expect(result.status).toBe(0);
  });

  it("describes each environment's stores and what the external servers must allow in the README", () => {
    const readme = readFileSync(join(target, 'README.md'), 'utf8');
    expect(readme).toContain("| prod | external `db.prod.example.com:5432`; backups are the provider's |");
    expect(readme).toContain(
      '| prod | Redis (TLS) | `cache.prod.example.com:6380` | `10.30.0.0/24`, `10.31.0.0/24` on TCP 6380 |',
    );
    // 10 replicas at most (production profile, KEDA) × 20 connections each + 20.
    expect(readme).toContain('at least **220** in prod');
    expect(readme).toContain('create-inngest-gitops secrets --env prod --secret inngest-postgres-uri');
    expect(readme).toContain("monitoring of an external server are the provider's");
  });
});

describe('without the variables', () => {
  it('lists the connection strings as pending with the command that seals them, then seals them with `secrets`', async () => {
    const target = join(tempDir(), 'repo');
    const first = await run([target, '--config', configFile(CONFIG), ...NO_KUBESEAL]);
    expect(first.status).toBe(0);
    expect(first.out).toContain(
      `Pending in prod: inngest-postgres-uri (connection string of the external PostgreSQL server db.prod.example.com:5432). Export INNGEST_GITOPS_PROD_POSTGRES_URI, then run: create-inngest-gitops secrets ${target} --env prod --secret inngest-postgres-uri --cert <certificate>`,
    );
    expect(first.out).toContain('Pending in prod: inngest-redis-uri');
    expect(Object.keys(sealedIn(target, 'prod')).sort()).toEqual(['inngest-keys']);

    const second = await run(['secrets', target, '--env', 'prod', '--secret', 'inngest-redis-uri', ...NO_KUBESEAL], {
      INNGEST_GITOPS_PROD_REDIS_URI: REDIS_URI,
    });
    expect(second.err).toBe('');
    expect(second.status).toBe(0);
    const prod = sealedIn(target, 'prod');
    expect(unseal(prod['inngest-redis-uri']!, demoPrivateKey())).toEqual({ REDIS_URI: REDIS_URI });
    expect(prod['inngest-postgres-uri']).toBeUndefined();
  });

  it('warns, on stderr and without the value, when a PostgreSQL URI has no sslmode', async () => {
    const target = join(tempDir(), 'repo');
    await run([target, '--config', configFile(CONFIG)]);
    const uri = `postgres://inngest:${PASSWORD.replace(/[^A-Za-z0-9]/g, '')}@db.prod.example.com/inngest`;
    const result = await run(['secrets', target, '--env', 'prod', '--secret', 'inngest-postgres-uri', ...NO_KUBESEAL], {
      INNGEST_GITOPS_PROD_POSTGRES_URI: uri,
    });
    expect(result.status).toBe(0);
    expect(result.err).toMatch(/^warning: INNGEST_GITOPS_PROD_POSTGRES_URI has no sslmode.*sslmode=verify-full/);
    expect(result.err).not.toContain(uri);
  });
});

describe('a connection string that does not match the answers', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      'another PostgreSQL host',
      { INNGEST_GITOPS_PROD_POSTGRES_URI: PG_URI.replace('db.prod', 'db.stage') },
      /^error: INNGEST_GITOPS_PROD_POSTGRES_URI: names the host db\.stage\.example\.com, but environments\[1\]\.postgres\.external\.host is db\.prod\.example\.com/,
    ],
    [
      'another PostgreSQL port',
      { INNGEST_GITOPS_PROD_POSTGRES_URI: PG_URI.replace(':5432/', ':6432/') },
      /^error: INNGEST_GITOPS_PROD_POSTGRES_URI: names the port 6432, but environments\[1\]\.postgres\.external\.port is 5432/,
    ],
    [
      'a password that is not percent-encoded',
      { INNGEST_GITOPS_PROD_POSTGRES_URI: `postgres://inngest:${PASSWORD}@db.prod.example.com/inngest` },
      /^error: INNGEST_GITOPS_PROD_POSTGRES_URI: /,
    ],
    [
      'a redis:// URI where tls is true',
      { INNGEST_GITOPS_PROD_REDIS_URI: REDIS_URI.replace('rediss://', 'redis://') },
      /^error: INNGEST_GITOPS_PROD_REDIS_URI: uses redis:\/\/ \(no TLS\), but environments\[1\]\.valkey\.external\.tls is true/,
    ],
    [
      'another Redis port',
      { INNGEST_GITOPS_PROD_REDIS_URI: REDIS_URI.replace(':6380/', ':6379/') },
      /^error: INNGEST_GITOPS_PROD_REDIS_URI: names the port 6379, but environments\[1\]\.valkey\.external\.port is 6380/,
    ],
  ];
  it.each(cases)(
    '%s: exits 2 with one line naming the variable, before anything is sealed',
    async (_label, env, message) => {
      const target = join(tempDir(), 'repo');
      const result = await run([target, '--config', configFile(CONFIG), ...NO_KUBESEAL], { ...VARIABLES, ...env });
      expect(result.status).toBe(2);
      expect(result.err).toMatch(message);
      expect(result.err.trim().split('\n')).toHaveLength(1);
      expect(result.out).toBe('');
      for (const value of [...Object.values(env), PASSWORD, encodeURIComponent(PASSWORD)])
        expect(result.err.includes(value)).toBe(false);
      expect(existsSync(target)).toBe(false);
    },
  );

  it('a rediss:// URI with tls: false is refused by the secrets command too, writing nothing', async () => {
    const plain = structuredClone(CONFIG) as any;
    plain.environments[1].valkey.external.tls = false;
    const target = join(tempDir(), 'repo');
    expect((await run([target, '--config', configFile(plain)])).status).toBe(0);
    const before = listFiles(target).map((f) => [f, readFileSync(join(target, f), 'utf8')]);
    const result = await run(['secrets', target, ...NO_KUBESEAL], VARIABLES);
    expect(result.status).toBe(2);
    expect(result.err.trim()).toMatch(
      /^error: INNGEST_GITOPS_PROD_REDIS_URI: uses rediss:\/\/ \(TLS\), but environments\[1\]\.valkey\.external\.tls is false \(/,
    );
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(listFiles(target).map((f) => [f, readFileSync(join(target, f), 'utf8')])).toEqual(before);
  });
});

describe('answers of an external store', () => {
  const env = (postgres: unknown, valkey?: unknown) => ({
    environments: [{ name: 'prod', postgres, ...(valkey ? { valkey } : {}) }],
  });
  it.each([
    [
      'external mode without a server',
      env({ mode: 'external' }),
      'environments[0].postgres.external.host: is required when environments[0].postgres.mode is external',
    ],
    [
      'external without host',
      env({ mode: 'external', external: { egressCIDRs: ['10.0.0.0/8'] } }),
      'environments[0].postgres.external.host: is required',
    ],
    [
      'external Redis without host',
      env(undefined, { mode: 'external', external: { egressCIDRs: ['10.0.0.0/8'] } }),
      'environments[0].valkey.external.host: is required',
    ],
    [
      'no networks',
      env({ mode: 'external', external: { host: 'db.example.com' } }),
      'environments[0].postgres.external.egressCIDRs: is required',
    ],
    [
      'a network with host bits',
      env({ mode: 'external', external: { host: 'db.example.com', egressCIDRs: ['10.0.0.1/8'] } }),
      'environments[0].postgres.external.egressCIDRs[0]: "10.0.0.1/8" has host bits set',
    ],
    [
      'an IP host outside the networks',
      env({ mode: 'external', external: { host: '10.9.8.7', egressCIDRs: ['10.20.0.0/16'] } }),
      'environments[0].postgres.external.egressCIDRs: none of the networks contains the host 10.9.8.7',
    ],
    [
      'a server without external mode',
      env({ external: { host: 'db.example.com', egressCIDRs: ['10.0.0.0/8'] } }),
      'environments[0].postgres.external: only applies when environments[0].postgres.mode is external',
    ],
    [
      'backups of an external server',
      env({
        mode: 'external',
        external: { host: 'db.example.com', egressCIDRs: ['10.0.0.0/8'] },
        backup: { destinationPath: 's3://bucket/prod' },
      }),
      'environments[0].postgres.backup: backs up a CloudNativePG cluster',
    ],
    [
      'tls on a PostgreSQL server',
      env({ mode: 'external', external: { host: 'db.example.com', tls: true, egressCIDRs: ['10.0.0.0/8'] } }),
      'environments[0].postgres.external.tls: only applies to valkey.external',
    ],
    ['an unknown mode', env({ mode: 'rds' }), 'environments[0].postgres.mode: "rds" is not allowed (cloudnative-pg'],
  ])('%s: one line naming the field', (_label, input, message) => {
    const error = userErrorOf(input);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('\n');
    expect(error.exitCode).toBe(2);
  });

  it('exits 2 naming the field from the command line too', async () => {
    const result = await run([join(tempDir(), 'repo'), '--config', configFile(env({ mode: 'external' }))]);
    expect(result.status).toBe(2);
    expect(result.err.trim()).toMatch(/^error: environments\[0\]\.postgres\.external\.host: is required/);
  });
});

describe('an environment on an external PostgreSQL beside one whose retention job runs in the cluster', () => {
  it.runIf(kubectlAvailable())('switches its retention job to the sealed URI and drops the in-cluster policies', () => {
    const answers = resolveAnswers({
      environments: [
        { name: 'stage', retention: { enabled: true } },
        { ...EXTERNAL_PROD, valkey: {} },
      ],
    });
    const dir = join(tempDir(), 'repo');
    writeTree(repositoryTree(answers, { generatorVersion: '0.0.0-test' }), dir);
    const objects = parseStream(kustomize(join(dir, 'overlays/prod')));
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names).not.toContain('NetworkPolicy/inngest-retention-to-postgres');
    expect(names).not.toContain('NetworkPolicy/inngest-postgres-from-retention');
    expect(names).toContain('NetworkPolicy/inngest-retention-external-postgres');
    const job = objects.find((o) => o.kind === 'CronJob')!.spec.jobTemplate.spec.template.spec;
    expect(job.containers[0].env.map((e: any) => e.name).sort()).toEqual([
      'PGAPPNAME',
      'PGCONNECT_TIMEOUT',
      'POSTGRES_URI',
      'RETENTION_DAYS',
    ]);
    expect(job.containers[0].args.slice(-2)).toEqual(['-d', '$(POSTGRES_URI)']);
    expect(job.volumes.map((v: any) => v.name)).toEqual(['sql', 'tmp']);
    const inngest = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec;
    expect(inngest.containers[0].env.find((e: any) => e.name === 'INNGEST_POSTGRES_URI')).toEqual({
      name: 'INNGEST_POSTGRES_URI',
      valueFrom: { secretKeyRef: { name: 'inngest-postgres-uri', key: 'POSTGRES_URI' } },
    });
    // Valkey stays in the cluster here: its password still feeds the URI, defined before it.
    const env = inngest.containers[0].env.map((e: any) => e.name);
    expect(env.indexOf('VALKEY_PASSWORD')).toBeLessThan(env.indexOf('INNGEST_REDIS_URI'));
    expect(inngest.volumes.map((v: any) => v.name)).toEqual(['tmp']);
    const stage = parseStream(kustomize(join(dir, 'overlays/stage'))).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(stage).toEqual(
      expect.arrayContaining([
        'NetworkPolicy/inngest-retention-to-postgres',
        'NetworkPolicy/inngest-postgres-from-retention',
      ]),
    );
  });
});

describe('every environment on external servers, with monitoring and retention', () => {
  const { dir } = scaffold(
    {
      monitoring: { enabled: true },
      environments: [
        { ...EXTERNAL_PROD, name: 'stage', retention: { enabled: true } },
        {
          ...EXTERNAL_PROD,
          valkey: { ...EXTERNAL_PROD.valkey, external: { ...EXTERNAL_PROD.valkey.external, tls: false } },
        },
      ],
    } as PartialAnswers,
    { sealed: true },
  );

  it('has no postgres or valkey folder, and scrapes Inngest only', () => {
    const files = listFiles(dir);
    expect(files.filter((f) => /^base\/(postgres|valkey)\//.test(f))).toEqual([]);
    const monitors = readFileSync(join(dir, 'base/monitoring/podmonitors.yaml'), 'utf8');
    expect(parseStream(monitors).map((o) => o.metadata.name)).toEqual(['inngest']);
    expect(files.some((f) => f.includes('delete'))).toBe(false);
  });

  it.runIf(kubectlAvailable())('passes validate', async () => {
    const result = await run(['validate', dir]);
    expect(result.out).toMatch(/^ok: \d+ objects in 2 environments, 0 problems$/m);
    expect(result.status).toBe(0);
  });
});

describe('monitoring beside an environment on external servers', () => {
  it.runIf(kubectlAvailable())('scrapes the in-cluster stores of stage only', () => {
    const answers = resolveAnswers({ ...CONFIG, monitoring: { enabled: true } });
    const dir = join(tempDir(), 'repo');
    writeTree(repositoryTree(answers, { generatorVersion: '0.0.0-test' }), dir);
    const monitors = (env: string) =>
      parseStream(kustomize(join(dir, 'overlays', env)))
        .filter((o) => o.kind === 'PodMonitor' || o.metadata.name.endsWith('-metrics'))
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort();
    expect(monitors('prod')).toEqual(['PodMonitor/inngest']);
    expect(monitors('stage')).toEqual([
      'NetworkPolicy/inngest-postgres-metrics',
      'NetworkPolicy/inngest-valkey-metrics',
      'PodMonitor/inngest',
      'PodMonitor/inngest-postgres',
      'PodMonitor/inngest-valkey',
    ]);
  });
});

describe('operators', () => {
  it('installs no CloudNativePG operator when every environment uses an external PostgreSQL', () => {
    const answers = resolveAnswers({
      environments: [
        { ...EXTERNAL_PROD, name: 'stage', valkey: { mode: 'statefulset' } },
        { ...EXTERNAL_PROD, valkey: { mode: 'statefulset' } },
      ],
    });
    const tree = repositoryTree(answers, { generatorVersion: '0.0.0-test' });
    const files = [...tree.keys()];
    expect(files).not.toContain('argocd/apps/platform-cloudnative-pg.yaml');
    expect(files).toContain('argocd/apps/platform-keda.yaml');
    expect(files.filter((f) => f.startsWith('base/postgres/'))).toEqual([]);
    expect(tree.get('argocd/apps/platform-project.yaml')).not.toContain('cloudnative-pg.github.io');
    // The base connects Inngest to the external server directly: no patch, no CloudNativePG name.
    const deployment = tree.get('base/inngest/deployment.yaml')!;
    expect(deployment).toContain('name: inngest-postgres-uri');
    expect(deployment).not.toContain('inngest-postgres-ca');
    expect(deployment).not.toContain('inngest-postgres-role');
    expect(files.some((f) => f.endsWith('inngest-store-connections.yaml'))).toBe(false);
  });
});

describe('switching an environment to an external server on a re-run', async () => {
  async function scaffoldInCluster() {
    const target = join(tempDir(), 'repo');
    const result = await run([
      target,
      '--config',
      configFile({ environments: [{ name: 'stage' }, { name: 'prod' }] }),
      ...NO_KUBESEAL,
    ]);
    expect(result.status).toBe(0);
    return target;
  }

  it('is refused without --allow-data-removal: exit 2, one line naming the environment and the flag, nothing written', async () => {
    const target = await scaffoldInCluster();
    const before = listFiles(target).map((f) => [f, readFileSync(join(target, f), 'utf8')]);
    const result = await run([target, '--config', configFile(CONFIG), ...NO_KUBESEAL], VARIABLES);
    expect(result.status).toBe(2);
    const line = result.err.trim();
    expect(line.split('\n')).toHaveLength(1);
    // The Cluster carries Delete=false,Prune=false (postgres.deletionProtection, issue 13): kept, but abandoned.
    expect(line).toBe(
      'error: --allow-data-removal: prod moves postgres to an external server: Argo CD leaves the CloudNativePG Cluster inngest-postgres and its data in place (Delete=false,Prune=false), no longer managed (copy the data to the new server first, then confirm with --allow-data-removal prod)',
    );
    expect(listFiles(target).map((f) => [f, readFileSync(join(target, f), 'utf8')])).toEqual(before);
  });

  it('--dry-run stops the same way', async () => {
    const target = await scaffoldInCluster();
    const result = await run([target, '--config', configFile(CONFIG), '--dry-run']);
    expect(result.status).toBe(2);
    expect(result.err).toMatch(/^error: --allow-data-removal: prod moves postgres/);
  });

  it('goes ahead with --allow-data-removal prod: the in-cluster stores and their secrets leave prod', async () => {
    const target = await scaffoldInCluster();
    const result = await run(
      [target, '--config', configFile(CONFIG), '--allow-data-removal', 'prod', ...NO_KUBESEAL],
      VARIABLES,
    );
    expect(result.err).toBe('');
    expect(result.status).toBe(0);
    expect(result.out).toContain(
      'move postgres of prod to its external server: once this is pushed, Argo CD leaves the CloudNativePG Cluster inngest-postgres and its data in place',
    );
    expect(result.out).toContain(
      "move valkey of prod to its external server: once this is pushed, Argo CD deletes the Valkey StatefulSet inngest-valkey and Inngest's queue in it",
    );
    expect(result.out).toContain('secrets/prod/inngest-postgres-role.yaml');
    expect(Object.keys(sealedIn(target, 'prod')).sort()).toEqual([
      'inngest-keys',
      'inngest-postgres-uri',
      'inngest-redis-uri',
    ]);
    expect(existsSync(join(target, 'secrets/prod/inngest-postgres-role.yaml'))).toBe(false);
    expect(Object.keys(sealedIn(target, 'stage')).sort()).toEqual([
      'inngest-keys',
      'inngest-postgres-role',
      'inngest-valkey',
    ]);
  });

  it('says Argo CD deletes the database where deletion protection is off', async () => {
    const target = join(tempDir(), 'repo');
    const unprotected = {
      environments: [{ name: 'stage' }, { name: 'prod', postgres: { deletionProtection: false } }],
    };
    expect((await run([target, '--config', configFile(unprotected), ...NO_KUBESEAL])).status).toBe(0);
    const result = await run([target, '--config', configFile(CONFIG)], VARIABLES);
    expect(result.status).toBe(2);
    expect(result.err).toContain(
      'prod moves postgres to an external server: Argo CD deletes the CloudNativePG Cluster inngest-postgres and the data in it',
    );
  });

  it('removes an environment on external servers without asking for a Cluster to protect', async () => {
    const target = join(tempDir(), 'repo');
    expect((await run([target, '--config', configFile(CONFIG), ...NO_KUBESEAL], VARIABLES)).status).toBe(0);
    const result = await run([target, '--remove-env', 'prod']);
    expect(result.err).toBe('');
    expect(result.status).toBe(0);
    expect(result.out).toContain('kept: the data on its external servers, the namespace inngest-prod.');
  });

  it('refuses a flag naming no environment', async () => {
    const target = await scaffoldInCluster();
    const result = await run([target, '--allow-data-removal', 'qa']);
    expect(result.status).toBe(2);
    expect(result.err.trim()).toBe(
      'error: --allow-data-removal: "qa" is not an environment of these answers (one of: stage, prod)',
    );
  });
});
