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

/** The connection string of an external server: one key, read from its variable. */
function connectionString(
  env: Environment,
  secret: typeof providedSecrets.postgresUri | typeof providedSecrets.redisUri,
  server: { host: string; port: number },
  what: string,
): ProvidedSecret {
  return {
    name: secret.name,
    type: secret.type,
    keys: { [secret.keys.uri]: providedVariable(env.name, secret.keys.uri) },
    why: `connection string of the external ${what} server ${serverAddress(server)}`,
  };
}

/** The provided Secrets an environment needs, from its answers. */
export function providedSecretsOf(env: Environment): ProvidedSecret[] {
  const out: ProvidedSecret[] = [];
  if (env.postgres.backup) {
    const k = providedSecrets.backupCredentials.keys;
    out.push({
      name: providedSecrets.backupCredentials.name,
      type: providedSecrets.backupCredentials.type,
      keys: {
        [k.accessKeyId]: providedVariable(env.name, k.accessKeyId),
        [k.secretAccessKey]: providedVariable(env.name, k.secretAccessKey),
      },
      why: 'S3 credentials of the Postgres backup object store',
    });
  }
  if (env.postgres.mode === 'external' && env.postgres.external)
    out.push(connectionString(env, providedSecrets.postgresUri, env.postgres.external, 'PostgreSQL'));
  if (env.valkey.mode === 'external' && env.valkey.external)
    out.push(connectionString(env, providedSecrets.redisUri, env.valkey.external, 'Redis-compatible'));
  if (env.keda.enabled && env.keda.prometheusAuth === 'bearer') {
    const k = providedSecrets.kedaPrometheus.keys;
    out.push({
      name: providedSecrets.kedaPrometheus.name,
      type: providedSecrets.kedaPrometheus.type,
      keys: {
        [k.bearerToken]: providedVariable(env.name, k.bearerToken),
        ...(env.keda.prometheusCA ? { [k.ca]: providedVariable(env.name, k.ca) } : {}),
      },
      why: env.keda.prometheusCA
        ? 'bearer token KEDA uses to query Prometheus, and the PEM of the CA that signed its certificate'
        : 'bearer token KEDA uses to query Prometheus',
    });
  }
  return out;
}
