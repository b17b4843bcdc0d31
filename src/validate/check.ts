/**
 * One environment's rendered objects → every problem `validate` reports, in a stable order:
 * objects in render order; for each, schema first, then the policy rules, then its references.
 */
import { kindOf, nameOf, type K8sObject, type ObjectProblem, type Problem } from './objects.js';
import { OBJECT_RULES } from './policy.js';
import { ARGOCD_PLACE } from './repo-url.js';
import { checkReferences } from './references.js';
import { checkServiceReferences } from './services.js';
import { checkSchema } from './schema.js';

/** `secretsCommand`: the `secrets` command as the user runs it, for the hints of missing Secrets. */
export function checkEnvironment(env: string, objects: readonly K8sObject[], secretsCommand?: string): Problem[] {
  const byObject = new Map<K8sObject, ObjectProblem[]>(
    objects.map((o) => [o, [...checkSchema(o), ...OBJECT_RULES.flatMap((rule) => rule(o))]]),
  );
  for (const { object, problem } of [
    ...checkReferences(objects, env, secretsCommand),
    ...checkServiceReferences(objects),
  ])
    byObject.get(object)?.push(problem);
  return objects.flatMap((object) =>
    (byObject.get(object) ?? []).map((p) => ({
      env,
      kind: kindOf(object),
      name: nameOf(object),
      rule: p.rule,
      path: p.path,
      message: p.message,
    })),
  );
}

/** `prod: Deployment/inngest: spec.replicas: must be integer` (the path is left out when empty). */
export function formatProblem(p: Problem): string {
  return `${p.env}: ${p.kind}/${p.name}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `3 problems in 2 objects across 1 environment` (objects and environments that have problems),
 * or `ok: 57 objects in 2 environments, 0 problems` (everything checked).
 */
export function summaryLine(problems: readonly Problem[], objectCount: number, environmentCount: number): string {
  if (problems.length === 0)
    return `ok: ${plural(objectCount, 'object')} in ${plural(environmentCount, 'environment')}, 0 problems`;
  const objects = new Set(problems.map((p) => `${p.env}\u0000${p.kind}\u0000${p.name}`)).size;
  const envs = new Set(problems.filter((p) => p.env !== ARGOCD_PLACE).map((p) => p.env)).size;
  const inArgocd = problems.some((p) => p.env === ARGOCD_PLACE);
  const places = [...(envs > 0 || !inArgocd ? [plural(envs, 'environment')] : []), ...(inArgocd ? ['argocd/'] : [])];
  return `${plural(problems.length, 'problem')} in ${plural(objects, 'object')} across ${places.join(' and ')}`;
}
