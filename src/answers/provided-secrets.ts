import { providedSecrets, providedVariable } from '../model/names.js';
import type { Environment } from './schema.js';

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

/** host:port, an IPv6 address in brackets as in a URI. */
function hostPort(server: { host: string; port: number }): string {
  return `${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`;
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
  const postgres = env.postgres.external;
  if (env.postgres.mode === 'external' && postgres) {
    const secret = providedSecrets.postgresUri;
    out.push({
      name: secret.name,
      type: secret.type,
      keys: { [secret.keys.uri]: providedVariable(env.name, secret.keys.uri) },
      why: `connection string of the external PostgreSQL server ${hostPort(postgres)}`,
    });
  }
  const redis = env.valkey.external;
  if (env.valkey.mode === 'external' && redis) {
    const secret = providedSecrets.redisUri;
    out.push({
      name: secret.name,
      type: secret.type,
      keys: { [secret.keys.uri]: providedVariable(env.name, secret.keys.uri) },
      why: `connection string of the external Redis-compatible server ${hostPort(redis)}`,
    });
  }
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
