import type { Answers, Environment } from '../answers/schema.js';
import type { RandomSource } from '../core/random.js';
import { commonLabels } from '../model/labels.js';
import type { ProvidedSecret } from '../answers/provided-secrets.js';
import { environmentSecrets, NO_VALUES, providedValues } from './environment.js';
import { sealedSecretFile, type Sealer } from './sealing.js';

export interface SealedEnvironment {
  files: { file: string; text: string }[];
  /** Provided secrets whose values were not in the environment: listed for the user, not sealed. */
  pending: ProvidedSecret[];
  /** About provided values that were sealed (a connection string without sslmode); never a value. */
  warnings: string[];
}

/**
 * What sealEnvironment will do with these inputs, without sealing anything: the files it writes
 * and the provided secrets it leaves pending. A run plans with it before it seals.
 */
export function plannedSecrets(
  answers: Answers,
  env: Environment,
  variables: NodeJS.ProcessEnv,
  only?: ReadonlySet<string>,
): { files: string[]; pending: ProvidedSecret[] } {
  const { generated, provided } = environmentSecrets(answers, env, NO_VALUES);
  const wanted = (name: string) => !only || only.has(name);
  const given = provided.filter((s) => wanted(s.name) && providedValues(s, variables));
  return {
    files: [...generated.filter((s) => wanted(s.name)), ...given].map((s) => `${s.name}.yaml`),
    pending: provided.filter((s) => wanted(s.name) && !given.includes(s)),
  };
}

/**
 * Checks the provided values a run would seal (those whose variables are set) against the
 * answers, before any sealer is prepared or anything is written: throws the first mismatch as a
 * UserError naming the variable.
 */
export function checkProvidedSecrets(
  answers: Answers,
  selection: { env: Environment; only?: ReadonlySet<string> }[],
  variables: NodeJS.ProcessEnv,
): void {
  for (const { env, only } of selection) {
    for (const secret of environmentSecrets(answers, env, NO_VALUES).provided) {
      if (only && !only.has(secret.name)) continue;
      const values = providedValues(secret, variables);
      if (values) secret.check?.(values);
    }
  }
}

/**
 * Generate and seal an environment's secrets. `only` limits it to some Secret names (rotation of
 * one secret). Plaintext values stay in this function's memory.
 */
export function sealEnvironment(
  answers: Answers,
  env: Environment,
  sealer: Sealer,
  random: RandomSource,
  variables: NodeJS.ProcessEnv,
  only?: ReadonlySet<string>,
): SealedEnvironment {
  const { generated, provided } = environmentSecrets(answers, env, random);
  const wanted = (name: string) => !only || only.has(name);
  const files = generated.filter((s) => wanted(s.name)).map((secret) => sealedSecretFile(sealer.seal(secret), secret));
  const pending: ProvidedSecret[] = [];
  const warnings: string[] = [];
  const labels = commonLabels(answers, 'inngest', 'secrets');
  for (const secret of provided.filter((s) => wanted(s.name))) {
    const data = providedValues(secret, variables);
    if (!data) {
      pending.push(secret);
      continue;
    }
    warnings.push(...(secret.check?.(data) ?? []));
    const input = { name: secret.name, namespace: env.namespace, type: secret.type, labels, data };
    files.push(sealedSecretFile(sealer.seal(input), input));
  }
  return { files, pending, warnings };
}
