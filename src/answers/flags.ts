import { UserError } from '../core/errors.js';
import { answersSchema, type PartialAnswers } from './schema.js';

/** Answer flags of the scaffold command (each prompt has one). */
export interface AnswerFlags {
  name?: string;
  'repo-url'?: string;
  revision?: string;
  environments?: string;
  'image-tag'?: string;
  host?: string[];
  'ingress-class'?: string;
  ci?: string;
}

/** Flags override the config file. Pure. */
export function applyFlags(config: PartialAnswers, flags: AnswerFlags): PartialAnswers {
  const out: PartialAnswers = structuredClone(config);
  if (flags.name !== undefined) out.name = flags.name;
  if (flags['repo-url'] !== undefined) out.repoURL = flags['repo-url'];
  if (flags['image-tag'] !== undefined) out.image = { ...out.image, tag: flags['image-tag'] };
  if (flags.ci !== undefined)
    out.ci = { ...out.ci, provider: flags.ci as NonNullable<PartialAnswers['ci']>['provider'] };
  // The root Application follows the same revision as the environments.
  if (flags.revision !== undefined) out.argocd = { ...out.argocd, revision: flags.revision };
  const wantsEnvironmentFlags =
    flags.environments !== undefined ||
    flags.revision !== undefined ||
    flags.host !== undefined ||
    flags['ingress-class'] !== undefined;
  if (!wantsEnvironmentFlags) return out;

  const current = Array.isArray(out.environments)
    ? out.environments
    : (structuredClone(answersSchema.properties.environments.default) as unknown as NonNullable<
        PartialAnswers['environments']
      >);
  let environments = current;
  if (flags.environments !== undefined) {
    const names = flags.environments
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    if (names.length === 0)
      throw new UserError(
        '--environments',
        'is empty',
        'a comma-separated list of environment names such as stage,prod',
      );
    environments = names.map((name) => current.find((e) => e?.name === name) ?? { name });
  }
  environments = environments.map((env) => ({ ...env }));
  for (const env of environments) {
    if (flags.revision !== undefined) env.targetRevision = flags.revision;
    if (flags['ingress-class'] !== undefined) env.ingressClassName = flags['ingress-class'];
  }
  for (const assignment of flags.host ?? []) {
    const [envName, host, ...rest] = assignment.split('=');
    if (!envName || host === undefined || rest.length > 0) {
      throw new UserError(
        '--host',
        `"${assignment}" is not ENV=HOSTNAME`,
        'for example --host prod=inngest.example.com',
      );
    }
    const env = environments.find((e) => e?.name === envName);
    if (!env) {
      throw new UserError(
        '--host',
        `names environment "${envName}", which is not configured`,
        `one of: ${environments.map((e) => e?.name).join(', ')}`,
      );
    }
    env.hostname = host;
  }
  out.environments = environments;
  return out;
}
