/**
 * The connection strings of external servers as provided secrets: sealed from
 * INNGEST_GITOPS_<ENV>_POSTGRES_URI / _REDIS_URI (checked by decrypting), never written or printed
 * in plaintext, pending without them, and refused when they do not match the answers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/core/yaml.js';
import { listFiles, tempDir } from '../../helpers/cli.js';
import { testPrivateKey } from '../../helpers/keys.js';
import {
  configFile,
  TEST_SEALING,
  EXTERNAL_CONFIG,
  EXTERNAL_PROD,
  PASSWORD,
  PG_URI,
  REDIS_URI,
  run,
  sealedByName,
  VARIABLES,
} from '../../helpers/stores.js';
import { unseal } from '../../helpers/unseal.js';

describe('prod on external servers, stage in the cluster', async () => {
  const target = join(tempDir(), 'repo');
  const scaffold = await run([target, '--config', configFile(EXTERNAL_CONFIG), ...TEST_SEALING], VARIABLES);

  it('scaffolds, sealing the connection strings from the environment variables', () => {
    expect(scaffold.err).toBe('');
    expect(scaffold.status).toBe(0);
    const prod = sealedByName(target, 'prod');
    expect(Object.keys(prod).sort()).toEqual(['inngest-keys', 'inngest-postgres-uri', 'inngest-redis-uri']);
    expect(unseal(prod['inngest-postgres-uri']!, testPrivateKey())).toEqual({ POSTGRES_URI: PG_URI });
    expect(unseal(prod['inngest-redis-uri']!, testPrivateKey())).toEqual({ REDIS_URI: REDIS_URI });
    expect(prod['inngest-postgres-uri']!.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
    expect(Object.keys(sealedByName(target, 'stage')).sort()).toEqual([
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

  it("describes each environment's stores and what the external servers must allow in the README", () => {
    const readme = readFileSync(join(target, 'README.md'), 'utf8');
    expect(readme).toContain("| prod | external `db.prod.example.com:5432`; backups are the provider's |");
    expect(readme).toContain(
      '| prod | Redis (TLS) | `cache.prod.example.com:6380` | `10.30.0.0/24`, `10.31.0.0/24` on TCP 6380 |',
    );
    // 10 replicas at most (production profile, KEDA) × 20 connections each + 20.
    expect(readme).toContain('at least **220** in prod');
    // The rotation command as the user runs it: with --rotate, which sealing an existing secret again needs.
    expect(readme).toMatch(
      /^npx create-inngest-gitops@\S+ secrets \. --env prod --secret inngest-postgres-uri --rotate --cert <controller certificate>$/m,
    );
    expect(readme).toContain("monitoring of an external server are the provider's");
  });
});

describe('without the variables', () => {
  it('a re-run without a certificate names the variables still missing, not a missing certificate', async () => {
    const target = join(tempDir(), 'repo');
    expect((await run([target, '--config', configFile(EXTERNAL_CONFIG), ...TEST_SEALING])).status).toBe(0);
    const rerun = await run([target]);
    expect(rerun.status).toBe(0);
    expect(rerun.out).not.toContain('no certificate given');
    expect(rerun.out).toMatch(
      /^Pending in prod: inngest-postgres-uri .*Export INNGEST_GITOPS_PROD_POSTGRES_URI, then run: .* --cert CERTIFICATE$/m,
    );
  });

  it('lists the connection strings as pending with the command that seals them, then seals them with `secrets`', async () => {
    const target = join(tempDir(), 'repo');
    const first = await run([target, '--config', configFile(EXTERNAL_CONFIG), ...TEST_SEALING]);
    expect(first.status).toBe(0);
    expect(first.out).toMatch(
      /^Pending in prod: inngest-postgres-uri \(connection string of the external PostgreSQL server db\.prod\.example\.com:5432\)\. Export INNGEST_GITOPS_PROD_POSTGRES_URI, then run: npx create-inngest-gitops@\S+ secrets \S*repo --env prod --secret inngest-postgres-uri --cert \S+$/m,
    );
    expect(first.out).toContain('Pending in prod: inngest-redis-uri');
    expect(Object.keys(sealedByName(target, 'prod')).sort()).toEqual(['inngest-keys']);

    const second = await run(['secrets', target, '--env', 'prod', '--secret', 'inngest-redis-uri', ...TEST_SEALING], {
      INNGEST_GITOPS_PROD_REDIS_URI: REDIS_URI,
    });
    expect(second.err).toBe('');
    expect(second.status).toBe(0);
    const prod = sealedByName(target, 'prod');
    expect(unseal(prod['inngest-redis-uri']!, testPrivateKey())).toEqual({ REDIS_URI: REDIS_URI });
    expect(prod['inngest-postgres-uri']).toBeUndefined();
  });

  it('warns, on stderr and without the value, when a PostgreSQL URI has no sslmode', async () => {
    const target = join(tempDir(), 'repo');
    await run([target, '--config', configFile(EXTERNAL_CONFIG)]);
    const uri = `postgres://inngest:${PASSWORD.replace(/[^A-Za-z0-9]/g, '')}@db.prod.example.com/inngest`;
    const result = await run(
      ['secrets', target, '--env', 'prod', '--secret', 'inngest-postgres-uri', ...TEST_SEALING],
      {
        INNGEST_GITOPS_PROD_POSTGRES_URI: uri,
      },
    );
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
      const result = await run([target, '--config', configFile(EXTERNAL_CONFIG), ...TEST_SEALING], {
        ...VARIABLES,
        ...env,
      });
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
    const plain = structuredClone(EXTERNAL_CONFIG) as any;
    plain.environments[1].valkey.external.tls = false;
    const target = join(tempDir(), 'repo');
    expect((await run([target, '--config', configFile(plain)])).status).toBe(0);
    const before = listFiles(target).map((f) => [f, readFileSync(join(target, f), 'utf8')]);
    const result = await run(['secrets', target, ...TEST_SEALING], VARIABLES);
    expect(result.status).toBe(2);
    expect(result.err.trim()).toMatch(
      /^error: INNGEST_GITOPS_PROD_REDIS_URI: uses rediss:\/\/ \(TLS\), but environments\[1\]\.valkey\.external\.tls is false \(/,
    );
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(listFiles(target).map((f) => [f, readFileSync(join(target, f), 'utf8')])).toEqual(before);
  });
});
