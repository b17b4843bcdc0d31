import type { Answers, Environment } from '../answers/schema.js';
import type { RandomSource } from '../core/random.js';
import { commonLabels } from '../model/labels.js';
import { environmentSecrets, NO_VALUES, readProvided, type ProvidedSecret } from './environment.js';
import { sealedSecretFile, type Sealer } from './sealing.js';

export interface SealedEnvironment {
  files: { file: string; text: string }[];
  /** Provided secrets whose values were not in the environment: listed for the user, not sealed. */
  pending: ProvidedSecret[];
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
  const labels = commonLabels(answers, 'inngest', 'secrets');
  const given = provided.filter((s) => wanted(s.name) && readProvided(s, env.namespace, labels, variables));
  return {
    files: [...generated.filter((s) => wanted(s.name)), ...given].map((s) => `${s.name}.yaml`),
    pending: provided.filter((s) => wanted(s.name) && !given.includes(s)),
  };
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
  for (const secret of provided.filter((s) => wanted(s.name))) {
    const input = readProvided(secret, env.namespace, commonLabels(answers, 'inngest', 'secrets'), variables);
    if (input) files.push(sealedSecretFile(sealer.seal(input), input));
    else pending.push(secret);
  }
  return { files, pending };
}
