import prompts, { type PromptObject } from 'prompts';
import { Cancelled, UserError } from '../core/errors.js';
import { resolveAnswers } from '../answers/resolve.js';
import type { PartialAnswers } from '../answers/schema.js';

/**
 * Interactive questions, pre-filled with the current answers. Each answer is checked with the
 * answers schema as it is typed. Ctrl-C raises Cancelled (exit 130) before anything is written.
 */
export async function askAnswers(start: PartialAnswers): Promise<PartialAnswers> {
  const current = resolveAnswers(start);
  const onCancel = () => {
    throw new Cancelled();
  };
  const check = (patch: (draft: PartialAnswers, value: string) => void) => (value: string) => {
    const draft = structuredClone(start);
    patch(draft, value);
    try {
      resolveAnswers(draft);
      return true;
    } catch (error) {
      return error instanceof UserError ? error.message : String(error);
    }
  };

  const first = (await prompts(
    [
      {
        type: 'text',
        name: 'name',
        message: 'Project name (a DNS label)',
        initial: current.name,
        validate: check((d, v) => (d.name = v)),
      },
      {
        type: 'text',
        name: 'repoURL',
        message: 'Git URL Argo CD reads this repository from',
        initial: current.repoURL,
        validate: check((d, v) => (d.repoURL = v)),
      },
      {
        type: 'list',
        name: 'environments',
        message: 'Environments (comma-separated)',
        initial: current.environments.map((e) => e.name).join(','),
        separator: ',',
      },
      {
        type: 'text',
        name: 'tag',
        message: 'Inngest image tag',
        initial: current.image.tag,
        validate: check((d, v) => (d.image = { ...d.image, tag: v })),
      },
    ] satisfies PromptObject[],
    { onCancel },
  )) as { name: string; repoURL: string; environments: string[]; tag: string };

  const names: string[] = first.environments.map((n) => n.trim()).filter(Boolean);
  const environments = names.map((name) => ({
    ...structuredClone(start.environments?.find((e) => e?.name === name) ?? {}),
    name,
  }));
  const draft: PartialAnswers = {
    ...start,
    name: first.name,
    repoURL: first.repoURL,
    image: { ...start.image, tag: first.tag },
    environments,
  };
  resolveAnswers(draft); // environment names are checked here, before the per-environment questions

  for (const env of environments) {
    const known = current.environments.find((e) => e.name === env.name);
    const { hostname } = (await prompts(
      {
        type: 'text',
        name: 'hostname',
        message: `Public hostname for ${env.name} (empty: no Ingress)`,
        initial: known?.hostname ?? '',
        validate: check((d, v) => setHost(d, environments, env.name, v)),
      },
      { onCancel },
    )) as { hostname: string };
    env.hostname = hostname;
  }
  if (environments.some((e) => e.hostname)) {
    const { ingressClassName } = (await prompts(
      {
        type: 'text',
        name: 'ingressClassName',
        message: 'Ingress class',
        initial: current.environments[0]!.ingressClassName,
      },
      { onCancel },
    )) as { ingressClassName: string };
    for (const env of environments) env.ingressClassName = ingressClassName;
  }
  return draft;
}

function setHost(
  draft: PartialAnswers,
  environments: NonNullable<PartialAnswers['environments']>,
  name: string,
  host: string,
): void {
  draft.environments = environments.map((e) => (e?.name === name ? { ...e, hostname: host } : e));
}
