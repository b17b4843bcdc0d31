import { UserError } from '../core/errors.js';
import { answersSchema, type GatewayExposure, type PartialAnswers } from './schema.js';

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
  gateway?: string;
}

const LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
const GATEWAY_REFERENCE = new RegExp(`^(${LABEL})/(${LABEL}(?:\\.${LABEL})*)(?:/(${LABEL}(?:\\.${LABEL})*))?$`);

/** "gateway-system/shared/https" → the Gateway a route attaches to; `field` names the answer in errors. */
export function parseGatewayReference(text: string, field = '--gateway'): GatewayExposure {
  const m = GATEWAY_REFERENCE.exec(text);
  if (!m || m[1]!.length > 63 || m[2]!.length > 253 || (m[3] ?? '').length > 253) {
    throw new UserError(
      field,
      `${JSON.stringify(text)} is not NAMESPACE/NAME[/SECTION]`,
      "lowercase DNS names such as gateway-system/shared or gateway-system/shared/https (the listener's name)",
    );
  }
  return { namespace: m[1]!, name: m[2]!, ...(m[3] ? { sectionName: m[3] } : {}) };
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
    flags['ingress-class'] !== undefined ||
    flags.gateway !== undefined;
  if (flags.gateway !== undefined && flags['ingress-class'] !== undefined)
    throw new UserError(
      '--gateway',
      'cannot be combined with --ingress-class',
      'one of them; mix Gateway and Ingress environments with --config',
    );
  const gateway = flags.gateway !== undefined ? parseGatewayReference(flags.gateway) : undefined;
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
  const exposureFlag = gateway ? '--gateway' : flags['ingress-class'] !== undefined ? '--ingress-class' : undefined;
  if (exposureFlag) {
    const exposed = environments.filter((env) => env.hostname);
    if (exposed.length === 0)
      throw new UserError(
        exposureFlag,
        'applies to environments with a hostname, and none has one',
        'add --host ENV=HOSTNAME',
      );
    for (const env of exposed) setExposure(env, gateway ?? { ingressClass: flags['ingress-class']! });
  }
  out.environments = environments;
  return out;
}

/**
 * The exposure flags replace an environment's exposure: --gateway its Ingress answers (and a
 * Gateway it had, except the proxy namespace, which belongs to the Gateway implementation),
 * --ingress-class its Gateway. The pre-0.3 ingressClassName goes either way.
 */
function setExposure(
  env: NonNullable<PartialAnswers['environments']>[number] & { ingressClassName?: string },
  exposure: GatewayExposure | { ingressClass: string },
): void {
  delete env.ingressClassName;
  if ('ingressClass' in exposure) {
    delete env.gateway;
    env.ingress = { ...env.ingress, className: exposure.ingressClass };
    return;
  }
  const proxyNamespace = env.gateway?.proxyNamespace;
  delete env.ingress;
  env.gateway = { ...exposure, ...(proxyNamespace ? { proxyNamespace } : {}) };
}
