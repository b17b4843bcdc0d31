import type { Answers, Environment } from '../answers/schema.js';
import { objectNames, providedSecrets, secrets, providedVariable } from '../model/names.js';
import type { RandomSource } from '../core/random.js';
import { commonLabels } from '../model/labels.js';
import type { SecretInput } from './sealer.js';
import { hexKey, urlSafePassword } from './values.js';
import { checkPostgresUri, checkRedisUri } from './store-uri.js';
import { usesCloudNativePg, usesValkeyStatefulSet } from '../answers/stores.js';

/**
 * The Secrets an environment needs, as plaintext inputs to the sealer. They exist only in
 * memory: the sealer turns them into SealedSecrets and nothing else ever sees the values.
 */
export interface EnvironmentSecrets {
  /** Generated here from the random source. */
  generated: SecretInput[];
  /** Supplied by the user (object-store credentials, a Prometheus token): sealed when given, else pending. */
  provided: ProvidedSecret[];
}

export interface ProvidedSecret {
  name: string;
  type: string;
  /** Secret key → the environment variable the value is read from. */
  keys: Record<string, string>;
  why: string;
  /**
   * Checks the values against the answers before they are sealed: throws a UserError naming the
   * variable on a mismatch, returns warnings. Neither ever contains a value.
   */
  check?: (values: Record<string, string>) => string[];
}

/** The names of every Secret an environment needs, generated and provided. */
export function secretNames(answers: Answers, env: Environment): string[] {
  const { generated, provided } = environmentSecrets(answers, env, NO_VALUES);
  return [...generated.map((s) => s.name), ...provided.map((s) => s.name)];
}

/** For listing names only: yields zeros, so no value derived from it is ever a real secret. */
export const NO_VALUES: RandomSource = { bytes: (length) => Buffer.alloc(length) };

export function environmentSecrets(answers: Answers, env: Environment, random: RandomSource): EnvironmentSecrets {
  const labels = commonLabels(answers, 'inngest', 'secrets');
  const base = { namespace: env.namespace, labels };
  const generated: SecretInput[] = [
    {
      ...base,
      name: secrets.inngestKeys.name,
      type: secrets.inngestKeys.type,
      // 32 random bytes as bare hex: Inngest rejects odd-length or non-hex signing keys and a
      // "signkey-" prefix (github.com/inngest/inngest cmd/start/start.go, pkg/authn).
      data: { [secrets.inngestKeys.keys.eventKey]: hexKey(random), [secrets.inngestKeys.keys.signingKey]: hexKey(random) },
    },
  ];
  if (usesCloudNativePg(env)) {
    generated.push({
      ...base,
      name: secrets.postgresRole.name,
      type: secrets.postgresRole.type,
      // CloudNativePG applies a changed role password at once when the Secret carries this label
      // (cloudnative-pg docs/src/declarative_role_management.md).
      labels: { ...labels, 'cnpg.io/reload': 'true' },
      data: { [secrets.postgresRole.keys.username]: objectNames.postgresRole, [secrets.postgresRole.keys.password]: urlSafePassword(random) },
    });
  }
  if (usesValkeyStatefulSet(env)) {
    generated.push({
      ...base,
      name: secrets.valkey.name,
      type: secrets.valkey.type,
      data: { [secrets.valkey.keys.password]: urlSafePassword(random) },
    });
  }
  const provided: ProvidedSecret[] = [];
  if (env.postgres.backup) {
    const k = providedSecrets.backupCredentials.keys;
    provided.push({
      name: providedSecrets.backupCredentials.name,
      type: providedSecrets.backupCredentials.type,
      keys: { [k.accessKeyId]: providedVariable(env.name, k.accessKeyId), [k.secretAccessKey]: providedVariable(env.name, k.secretAccessKey) },
      why: 'S3 credentials of the Postgres backup object store',
    });
  }
  const index = answers.environments.indexOf(env);
  const external = env.postgres.external;
  if (env.postgres.mode === 'external' && external) {
    const secret = providedSecrets.postgresUri;
    const variable = providedVariable(env.name, secret.keys.uri);
    provided.push({
      name: secret.name,
      type: secret.type,
      keys: { [secret.keys.uri]: variable },
      why: `connection string of the external PostgreSQL server ${external.host}:${external.port}`,
      check: (values) =>
        checkPostgresUri(variable, values[secret.keys.uri]!, external, `environments[${index}].postgres.external`, {
          retention: env.retention.enabled,
        }).warnings,
    });
  }
  const externalValkey = env.valkey.external;
  if (env.valkey.mode === 'external' && externalValkey) {
    const secret = providedSecrets.redisUri;
    const variable = providedVariable(env.name, secret.keys.uri);
    provided.push({
      name: secret.name,
      type: secret.type,
      keys: { [secret.keys.uri]: variable },
      why: `connection string of the external Redis-compatible server ${externalValkey.host}:${externalValkey.port}`,
      check: (values) =>
        checkRedisUri(variable, values[secret.keys.uri]!, externalValkey, `environments[${index}].valkey.external`)
          .warnings,
    });
  }
  if (env.keda.enabled && env.keda.prometheusAuth === 'bearer') {
    const k = providedSecrets.kedaPrometheus.keys;
    provided.push({
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
  return { generated, provided };
}

/** A provided secret's values when every one of its variables is set (and not empty), else undefined. */
export function providedValues(secret: ProvidedSecret, variables: NodeJS.ProcessEnv): Record<string, string> | undefined {
  const data: Record<string, string> = {};
  for (const [key, variable] of Object.entries(secret.keys)) {
    const value = variables[variable];
    if (!value) return undefined;
    data[key] = value;
  }
  return data;
}

/** What to tell the user about a provided secret whose values were not in the environment. */
export function pendingMessage(envName: string, secret: ProvidedSecret, target: string): string {
  return `Pending in ${envName}: ${secret.name} (${secret.why}). Export ${Object.values(secret.keys).join(', ')}, then run: create-inngest-gitops secrets ${target} --env ${envName} --secret ${secret.name} --cert <certificate>`;
}
