/**
 * Answers and connection strings for environments on external servers (postgres.mode /
 * valkey.mode external): prod on an external PostgreSQL and Redis, stage in the cluster.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PartialAnswers } from '../../src/answers/schema.js';
import { parseYaml, toYaml } from '../../src/core/yaml.js';
import { tempDir } from './cli.js';
import { TEST_CERT_PATH } from './keys.js';
import { runMain } from './main.js';
import type { Sealed } from './sealed.js';

/** The password in the URIs: a test fails if a file or message ever shows it. */
export const PASSWORD = 'pA55:w/rd@#%';
export const PG_URI = `postgresql://inngest:${encodeURIComponent(PASSWORD)}@db.prod.example.com:5432/inngest?sslmode=verify-full&sslrootcert=system`;
export const REDIS_URI = `rediss://default:${encodeURIComponent(PASSWORD)}R@cache.prod.example.com:6380/0`;
export const VARIABLES = { INNGEST_GITOPS_PROD_POSTGRES_URI: PG_URI, INNGEST_GITOPS_PROD_REDIS_URI: REDIS_URI };

export const EXTERNAL_PROD = {
  name: 'prod',
  postgres: { mode: 'external', external: { host: 'db.prod.example.com', egressCIDRs: ['10.20.0.0/16'] } },
  valkey: {
    mode: 'external',
    external: { host: 'cache.prod.example.com', port: 6380, tls: true, egressCIDRs: ['10.30.0.0/24', '10.31.0.0/24'] },
  },
};
export const EXTERNAL_CONFIG = {
  repoURL: 'https://github.com/acme/inngest-gitops.git',
  environments: [{ name: 'stage' }, EXTERNAL_PROD],
} as PartialAnswers;

/** The built-in sealer with the test certificate. */
export const TEST_SEALING = ['--cert', TEST_CERT_PATH, '--no-kubeseal'];

export function configFile(config: unknown): string {
  const file = join(tempDir(), 'answers.yaml');
  writeFileSync(file, toYaml(config));
  return file;
}

/** A command in-process with this environment: exit status, stdout, stderr. */
export async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = await runMain(args, { env });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

/** The SealedSecrets of secrets/<env>/kustomization.yaml by name. */
export function sealedByName(dir: string, env: string): Record<string, Sealed> {
  const kustomization = parseYaml(readFileSync(join(dir, 'secrets', env, 'kustomization.yaml'), 'utf8')) as {
    resources?: string[];
  };
  const all = (kustomization.resources ?? []).map(
    (file) => parseYaml(readFileSync(join(dir, 'secrets', env, file), 'utf8')) as Sealed,
  );
  return Object.fromEntries(all.map((s) => [s.metadata.name, s]));
}
