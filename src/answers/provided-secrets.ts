import { providedSecrets, providedVariable } from '../model/names.js';
import type { Environment } from './schema.js';
import { serverAddress } from './stores.js';

/** A Secret whose values the user provides (never generated): its name, type, and key → environment variable. */
export interface ProvidedSecret {
  name: string;
  type: string;
  /** Secret key → the environment variable the value is read from. */
  keys: Record<string, string>;
  why: string;
  /**
   * Checks the values against the answers before they are sealed (attached by the secrets layer):
   * throws a UserError naming the variable on a mismatch, returns warnings. Neither ever contains a value.
   */
  check?: (values: Record<string, string>) => string[];
}

/** A provided Secret of an environment: each key read from its INNGEST_GITOPS_<ENV>_<KEY> variable. */
function provided(
  env: Environment,
  secret: { name: string; type: string },
  keys: string[],
  why: string,
): ProvidedSecret {
  return {
    name: secret.name,
    type: secret.type,
    keys: Object.fromEntries(keys.map((key) => [key, providedVariable(env.name, key)])),
    why,
  };
}

/** The connection string of an external server: one key. */
function connectionString(
  env: Environment,
  secret: typeof providedSecrets.postgresUri | typeof providedSecrets.redisUri,
  server: { host: string; port: number },
  what: string,
): ProvidedSecret {
  return provided(
    env,
    secret,
    [secret.keys.uri],
    `connection string of the external ${what} server ${serverAddress(server)}`,
  );
}

/** The provided Secrets an environment needs, from its answers. */
export function providedSecretsOf(env: Environment): ProvidedSecret[] {
  const out: ProvidedSecret[] = [];
  if (env.postgres.backup) {
    const { backupCredentials } = providedSecrets;
    const { accessKeyId, secretAccessKey } = backupCredentials.keys;
    out.push(
      provided(
        env,
        backupCredentials,
        [accessKeyId, secretAccessKey],
        'S3 credentials of the Postgres backup object store',
      ),
    );
  }
  if (env.postgres.mode === 'external' && env.postgres.external)
    out.push(connectionString(env, providedSecrets.postgresUri, env.postgres.external, 'PostgreSQL'));
  if (env.valkey.mode === 'external' && env.valkey.external)
    out.push(connectionString(env, providedSecrets.redisUri, env.valkey.external, 'Redis-compatible'));
  if (env.keda.enabled && env.keda.prometheusAuth === 'bearer') {
    const { kedaPrometheus } = providedSecrets;
    const { bearerToken, ca } = kedaPrometheus.keys;
    out.push(
      env.keda.prometheusCA
        ? provided(
            env,
            kedaPrometheus,
            [bearerToken, ca],
            'bearer token KEDA uses to query Prometheus, and the PEM of the CA that signed its certificate',
          )
        : provided(env, kedaPrometheus, [bearerToken], 'bearer token KEDA uses to query Prometheus'),
    );
  }
  return out;
}
