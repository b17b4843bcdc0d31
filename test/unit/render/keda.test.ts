import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { maxInngestReplicas } from '../../../src/answers/sizing.js';
import { repositoryTree as renderTree } from '../../../src/commands/repository-tree.js';
import { UserError } from '../../../src/core/errors.js';
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

  it('queries the sidecar through the Inngest Service on 9090', () => {
    expect(trigger(env({ source: 'sidecar' }))).toEqual({
      type: 'prometheus',
      metadata: {
        serverAddress: 'http://inngest.inngest-prod.svc.cluster.local:9090',
        query: 'max(inngest_queue_depth)',
        threshold: '10',
      },
    });
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
