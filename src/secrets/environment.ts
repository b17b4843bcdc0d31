import type { Answers, Environment } from '../answers/schema.js';
import { objectNames, providedSecrets, secrets } from '../model/names.js';
import { providedSecretsOf, type ProvidedSecret } from '../answers/provided-secrets.js';
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
      data: {
        [secrets.inngestKeys.keys.eventKey]: hexKey(random),
        [secrets.inngestKeys.keys.signingKey]: hexKey(random),
      },
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
      data: {
        [secrets.postgresRole.keys.username]: objectNames.postgresRole,
        [secrets.postgresRole.keys.password]: urlSafePassword(random),
      },
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
  const provided = providedSecretsOf(env).map((secret) => withStoreCheck(answers, env, secret));
  return { generated, provided };
}

/** The URI secrets of external stores are checked against the answers before they are sealed. */
function withStoreCheck(answers: Answers, env: Environment, secret: ProvidedSecret): ProvidedSecret {
  const [[key, variable] = []] = Object.entries(secret.keys);
  if (!key || !variable) return secret;
  const field = (store: string) => `environments[${answers.environments.indexOf(env)}].${store}.external`;
  const postgres = env.postgres.external;
  const redis = env.valkey.external;
  const check =
    secret.name === providedSecrets.postgresUri.name && postgres
      ? (uri: string) =>
          checkPostgresUri(variable, uri, postgres, field('postgres'), { retention: env.retention.enabled })
      : secret.name === providedSecrets.redisUri.name && redis
        ? (uri: string) => checkRedisUri(variable, uri, redis, field('valkey'))
        : undefined;
  return check ? { ...secret, check: (values) => check(values[key]!).warnings } : secret;
}

/** A provided secret's values when every one of its variables is set (and not empty), else undefined. */
export function providedValues(
  secret: ProvidedSecret,
  variables: NodeJS.ProcessEnv,
): Record<string, string> | undefined {
  const data: Record<string, string> = {};
  for (const [key, variable] of Object.entries(secret.keys)) {
    const value = variables[variable];
    if (!value) return undefined;
    data[key] = value;
  }
  return data;
}

/**
 * What to tell the user about a provided secret whose values were not in the environment.
 * `secretsCommand` is the `secrets` command as the user runs it from where they are
 * (`npx create-inngest-gitops@<version> secrets <dir>`); `certificate` the sealing flag to add.
 */
export function pendingMessage(
  envName: string,
  secret: ProvidedSecret,
  secretsCommand: string,
  certificate: string,
): string {
  return `Pending in ${envName}: ${secret.name} (${secret.why}). Export ${Object.values(secret.keys).join(', ')}, then run: ${secretsCommand} --env ${envName} --secret ${secret.name} ${certificate}`;
}
