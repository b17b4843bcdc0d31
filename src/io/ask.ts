import prompts, { type PromptObject } from 'prompts';
import { Cancelled, UserError } from '../core/errors.js';
import { parseGatewayReference } from '../answers/flags.js';
import { resolveAnswers } from '../answers/resolve.js';
import type { Answers, PartialAnswers } from '../answers/schema.js';

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
        message: `Public hostname for ${env.name} (empty: none)`,
        initial: known?.hostname ?? '',
        validate: check((d, v) => setHost(d, environments, env.name, v)),
      },
      { onCancel },
    )) as { hostname: string };
    env.hostname = hostname;
    if (!hostname) {
      delete env.gateway;
      delete env.ingress;
    }
  }
  for (const env of environments) await askStores(env, current, start, environments, onCancel);
  const exposed = environments.filter((e) => e.hostname);
  if (exposed.length > 0) await askExposure(exposed, current, onCancel);
  return draft;
}

/** Gateway API or Ingress, for every environment with a hostname; a config file can mix them. */
async function askExposure(
  exposed: NonNullable<PartialAnswers['environments']>,
  current: ReturnType<typeof resolveAnswers>,
  onCancel: () => void,
): Promise<void> {
  const known = current.environments.find((e) => e.gateway);
  const { mode } = (await prompts(
    {
      type: 'select',
      name: 'mode',
      message: 'Expose the public hostnames through',
      choices: [
        { title: 'Gateway API: HTTPRoutes on an existing Gateway', value: 'gateway' },
        { title: 'Ingress', value: 'ingress' },
      ],
      initial: known ? 0 : 1,
    },
    { onCancel },
  )) as { mode: 'gateway' | 'ingress' };
  const gatewayText = known?.gateway
    ? [known.gateway.namespace, known.gateway.name, known.gateway.sectionName].filter(Boolean).join('/')
    : '';
  const { value } = (await prompts(
    mode === 'gateway'
      ? {
          type: 'text',
          name: 'value',
          message: 'Gateway as NAMESPACE/NAME[/SECTION] (SECTION: the listener)',
          initial: gatewayText,
          validate: (v: string) => {
            try {
              parseGatewayReference(v, 'gateway');
              return true;
            } catch (error) {
              return error instanceof UserError ? error.message : String(error);
            }
          },
        }
      : {
          type: 'text',
          name: 'value',
          message: "Ingress class (empty: the cluster's default IngressClass)",
          initial: current.environments.find((e) => e.ingress)?.ingress?.className ?? '',
        },
    { onCancel },
  )) as { value: string };
  for (const env of exposed) {
    delete (env as { ingressClassName?: string }).ingressClassName;
    if (mode === 'gateway') {
      delete env.ingress;
      env.gateway = parseGatewayReference(value, 'gateway');
    } else {
      delete env.gateway;
      env.ingress = { ...env.ingress, className: value };
    }
  }
}

type DraftEnvironment = NonNullable<PartialAnswers['environments']>[number];

/**
 * One question per environment: its PostgreSQL and Redis in the namespace, or existing servers
 * (managed databases). For existing ones, where they are; the connection strings themselves are
 * never asked: they are read from INNGEST_GITOPS_<ENV>_POSTGRES_URI / _REDIS_URI when sealing.
 */
async function askStores(
  env: DraftEnvironment,
  current: Answers,
  start: PartialAnswers,
  environments: DraftEnvironment[],
  onCancel: () => never,
): Promise<void> {
  const known = current.environments.find((e) => e.name === env.name);
  const external = known?.postgres.mode === 'external' || known?.valkey.mode === 'external';
  const { stores } = (await prompts(
    {
      type: 'select',
      name: 'stores',
      message: `PostgreSQL and Redis for ${env.name}`,
      choices: [
        { title: 'in the cluster', value: 'in-cluster' },
        { title: 'existing servers (managed databases)', value: 'external' },
      ],
      initial: external ? 1 : 0,
    },
    { onCancel },
  )) as { stores: 'in-cluster' | 'external' };
  if (stores === 'in-cluster') {
    env.postgres = { ...env.postgres, mode: 'cloudnative-pg' };
    delete env.postgres.external;
    env.valkey = { ...env.valkey, mode: 'statefulset' };
    delete env.valkey.external;
    return;
  }
  // Each answer is checked in a draft of the whole answers; questions not asked yet hold placeholders.
  const check = (apply: (draft: DraftEnvironment) => void) => {
    const draft = structuredClone(env);
    apply(draft);
    try {
      resolveAnswers({ ...start, environments: environments.map((e) => (e === env ? draft : e)) });
      return true;
    } catch (error) {
      return error instanceof UserError ? error.message : String(error);
    }
  };
  const ask = async <T>(question: Omit<PromptObject, 'name'>): Promise<T> =>
    ((await prompts({ ...question, name: 'value' }, { onCancel })) as { value: T }).value;
  for (const store of ['postgres', 'valkey'] as const) {
    const title = store === 'postgres' ? 'PostgreSQL' : 'Redis';
    const before = known?.[store].external;
    const server: Record<string, unknown> = { egressCIDRs: ['0.0.0.0/0', '::/0'] };
    const set = (draft: DraftEnvironment, values: Record<string, unknown>) => {
      draft[store] = { ...draft[store], mode: 'external', external: { ...server, ...values } } as never;
    };
    const address = await ask<string>({
      type: 'text',
      message: `${title} server of ${env.name}: host or host:port`,
      initial: before ? `${before.host}:${before.port}` : '',
      validate: (v: string) => check((d) => set(d, splitHostPort(v, store))),
    });
    Object.assign(server, splitHostPort(address, store));
    if (store === 'valkey') {
      server.tls = await ask<boolean>({
        type: 'select',
        message: 'Connection',
        choices: [
          { title: 'TLS (rediss://)', value: true },
          { title: 'plain (redis://)', value: false },
        ],
        initial: before && 'tls' in before && !before.tls ? 1 : 0,
      });
    }
    const cidrs = (v: string) =>
      v
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
    const networks = await ask<string>({
      type: 'text',
      message: 'Its networks (comma-separated CIDRs)',
      initial: before?.egressCIDRs.join(',') ?? '',
      validate: (v: string) => check((d) => set(d, { egressCIDRs: cidrs(v) })),
    });
    server.egressCIDRs = cidrs(networks);
    set(env, {});
  }
}

/** "db.example.com:5432", "db.example.com", "[2001:db8::1]:5432" → host and port (the store's default when absent). */
function splitHostPort(text: string, store: 'postgres' | 'valkey'): { host: string; port: number } {
  // A bare IPv6 address has more than one ':' and no port; with a port it is written [address]:port.
  const value = /^[^[]*:.*:/.test(text) ? `[${text.trim()}]` : text.trim();
  const [, host = '', port] = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(value) ?? [];
  return { host, port: port ? Number(port) : store === 'postgres' ? 5432 : 6379 };
}

function setHost(
  draft: PartialAnswers,
  environments: NonNullable<PartialAnswers['environments']>,
  name: string,
  host: string,
): void {
  draft.environments = environments.map((e) => (e?.name === name ? withHost(e, host) : e));
}

/** An environment with this hostname; without one it has nothing to expose. */
function withHost<T extends { hostname?: string; gateway?: unknown; ingress?: unknown }>(env: T, host: string): T {
  if (host) return { ...env, hostname: host };
  const { gateway: _gateway, ingress: _ingress, ...rest } = env;
  return { ...rest, hostname: host } as T;
}
