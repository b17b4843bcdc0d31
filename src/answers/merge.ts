import { isRecord } from '../core/records.js';
import type { PartialAnswers } from './schema.js';

/**
 * Answers given on a re-run (a --config file) over the answers a repository recorded: mappings
 * merge key by key, `environments` merge by name (a given environment changes the recorded one
 * of that name, a new name is added at the end), every other list is replaced. Pure; leaving an
 * environment out never removes it (that is --remove-env).
 */
export function mergeAnswers(recorded: PartialAnswers, given: PartialAnswers): PartialAnswers {
  return mergeValue(recorded, given, []) as PartialAnswers;
}

function mergeValue(base: unknown, over: unknown, path: string[]): unknown {
  if (over === undefined) return structuredClone(base);
  if (path.length === 1 && path[0] === 'environments' && Array.isArray(base) && Array.isArray(over))
    return mergeEnvironments(base, over);
  if (isRecord(base) && isRecord(over)) {
    const out: Record<string, unknown> = structuredClone(base);
    for (const [key, value] of Object.entries(over)) out[key] = mergeValue(base[key], value, [...path, key]);
    return out;
  }
  return structuredClone(over);
}

function mergeEnvironments(base: unknown[], over: unknown[]): unknown[] {
  const out = base.map((env) => structuredClone(env));
  for (const env of over) {
    const name = isRecord(env) ? env.name : undefined;
    const index = out.findIndex((existing) => isRecord(existing) && name !== undefined && existing.name === name);
    if (index === -1) out.push(structuredClone(env));
    else out[index] = mergeValue(out[index], env, ['environments', String(index)]);
  }
  return out;
}

/** Names of the environments of (partial) answers, in order; entries without a name are left out. */
export function environmentNames(answers: unknown): string[] {
  const environments = isRecord(answers) ? answers.environments : undefined;
  if (!Array.isArray(environments)) return [];
  return environments.flatMap((env) => (isRecord(env) && typeof env.name === 'string' ? [env.name] : []));
}
