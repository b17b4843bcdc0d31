import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { maxInngestReplicas } from '../../../src/answers/sizing.js';
import { repositoryTree as renderTree } from '../../../src/commands/repository-tree.js';
import { UserError } from '../../../src/core/errors.js';
import { parseYaml } from '../../../src/core/yaml.js';
import { trigger } from '../../../src/render/keda.js';

describe('KEDA answers', () => {
  const env = (keda: Record<string, unknown>, name = 'prod') =>
    resolveAnswers({ environments: [{ name, keda }] }).environments[0]!;

  it('defaults to metrics-api on the Inngest Service with threshold 10, per profile', () => {
    const [stage, prod] = resolveAnswers({}).environments;
    expect(stage!.keda).toMatchObject({
      enabled: true,
      source: 'metrics-api',
      threshold: 10,
      minReplicas: 1,
      maxReplicas: 3,
    });
    expect(prod!.keda).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
    expect(trigger(prod!)).toEqual({
      type: 'metrics-api',
      metadata: {
        url: 'http://inngest.inngest-prod.svc.cluster.local:8288/metrics',
        format: 'prometheus',
        valueLocation: 'inngest_queue_depth',
        targetValue: '10',
      },
    });
  });

  it('queries an existing Prometheus with max() over the environment’s namespace', () => {
    const t = trigger(env({ source: 'prometheus', prometheusAddress: 'https://prom.example.com', threshold: 25 }));
    expect(t).toEqual({
      type: 'prometheus',
      metadata: {
        serverAddress: 'https://prom.example.com',
        query: 'max(inngest_queue_depth{namespace="inngest-prod"})',
        threshold: '25',
        ignoreNullValues: 'false',
      },
    });
    const bearer = trigger(
      env({ source: 'prometheus', prometheusAddress: 'https://prom.example.com', prometheusAuth: 'bearer' }),
    );
    expect(bearer.metadata['authModes']).toBe('bearer');
    expect(bearer.authenticationRef).toEqual({ kind: 'TriggerAuthentication', name: 'inngest-prometheus' });
  });

  it('queries the sidecar through the Inngest Service on 9090; an empty answer is an error, not 0', () => {
    expect(trigger(env({ source: 'sidecar' }))).toEqual({
      type: 'prometheus',
      metadata: {
        serverAddress: 'http://inngest.inngest-prod.svc.cluster.local:9090',
        query: 'max(inngest_queue_depth)',
        threshold: '10',
        // a new pod's sidecar has no sample yet: KEDA's default (true) would read 0 and scale in
        ignoreNullValues: 'false',
      },
    });
  });

  it('subtracts keda.idleQueueDepth (crons and sleeps that need no worker) in the PromQL sources', () => {
    expect(trigger(env({ source: 'sidecar', idleQueueDepth: 30 })).metadata['query']).toBe(
      'clamp_min(max(inngest_queue_depth) - 30, 0)',
    );
    const prometheus = env({ source: 'prometheus', prometheusAddress: 'http://prom:9090', idleQueueDepth: 5 });
    expect(trigger(prometheus).metadata['query']).toBe(
      'clamp_min(max(inngest_queue_depth{namespace="inngest-prod"}) - 5, 0)',
    );
    // activationThreshold only decides 0 <-> 1, which a minimum of 1 replica never reaches
    expect(trigger(prometheus).metadata).not.toHaveProperty('activationThreshold');
  });

  it('trusts a private CA through the TriggerAuthentication, or skips verification when asked', () => {
    const https = { source: 'prometheus' as const, prometheusAddress: 'https://prom.example.com' };
    expect(trigger(env({ ...https, prometheusUnsafeSsl: true })).metadata['unsafeSsl']).toBe('true');
    expect(trigger(env(https)).metadata).not.toHaveProperty('unsafeSsl');
    const tree = renderTree(
      resolveAnswers({
        environments: [{ name: 'prod', keda: { ...https, prometheusAuth: 'bearer', prometheusCA: true } }],
      }),
      { generatorVersion: '0.0.0-test' },
    );
    const auth = parseYaml(tree.get('overlays/prod/keda-triggerauthentication.yaml')!) as any;
    expect(auth.spec.secretTargetRef).toEqual([
      { parameter: 'bearerToken', name: 'inngest-keda-prometheus', key: 'bearerToken' },
      { parameter: 'ca', name: 'inngest-keda-prometheus', key: 'ca' },
    ]);
    expect(tree.get('README.md')).toContain('INNGEST_GITOPS_PROD_CA');
  });

  it('sizes Postgres for the KEDA maximum', () => {
    const prod = env({ maxReplicas: 30 });
    expect(maxInngestReplicas(prod)).toBe(30);
    expect(prod.postgres.maxConnections).toBeGreaterThanOrEqual(30 * 20 + 20);
    expect(maxInngestReplicas(env({ enabled: false }))).toBe(prod.replicas);
  });

  it.each([
    [{ minReplicas: 3, maxReplicas: 2 }, 'environments[0].keda.maxReplicas: 2 is below keda.minReplicas (3)'],
    [{ minReplicas: 0 }, 'environments[0].keda.minReplicas: 0 is not allowed'],
    [{ source: 'prometheus' }, 'environments[0].keda.prometheusAddress: is required when keda.source is prometheus'],
    [
      { source: 'sidecar', prometheusAuth: 'bearer' },
      'environments[0].keda.prometheusAuth: bearer only applies to keda.source prometheus',
    ],
    [{ source: 'graphite' }, 'environments[0].keda.source: "graphite" is not allowed'],
    [
      { prometheusAddress: 'prometheus:9090' },
      'environments[0].keda.prometheusAddress: "prometheus:9090" is not allowed',
    ],
    [{ treshold: 5 }, 'environments[0].keda.treshold: unknown key'],
    [{ idleQueueDepth: 10 }, 'environments[0].keda.idleQueueDepth: cannot be subtracted with keda.source metrics-api'],
    [
      { source: 'prometheus', prometheusAddress: 'http://prom:9090', prometheusUnsafeSsl: true },
      'environments[0].keda.prometheusUnsafeSsl: only applies to an https:// prometheusAddress',
    ],
    [
      { source: 'sidecar', prometheusCA: true },
      'environments[0].keda.prometheusCA: only applies to keda.source prometheus',
    ],
    [
      { source: 'prometheus', prometheusAddress: 'https://prom', prometheusCA: true },
      'environments[0].keda.prometheusCA: needs prometheusAuth bearer',
    ],
    [
      {
        source: 'prometheus',
        prometheusAddress: 'https://prom',
        prometheusAuth: 'bearer',
        prometheusCA: true,
        prometheusUnsafeSsl: true,
      },
      'environments[0].keda.prometheusUnsafeSsl: has no effect together with prometheusCA',
    ],
  ])('rejects %j with a one-line error naming the field', (keda, message) => {
    let error: unknown;
    try {
      env(keda);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('without autoscaling', () => {
  it('leaves KEDA out entirely when no environment autoscales', () => {
    const tree = renderTree(
      resolveAnswers({
        environments: [
          { name: 'stage', keda: { enabled: false } },
          { name: 'prod', keda: { enabled: false } },
        ],
      }),
      { generatorVersion: '0.0.0-test' },
    );
    expect([...tree.keys()].some((p) => p.startsWith('base/keda/'))).toBe(false);
    expect(tree.get('base/kustomization.yaml')).not.toContain('keda');
    expect(tree.get('base/inngest/deployment.yaml')).not.toContain('replicas');
    expect(tree.get('overlays/prod/patches/inngest-deployment.yaml')).toContain('replicas: 2');
  });
});
