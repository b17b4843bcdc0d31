import { describe, expect, it } from 'vitest';
import { environmentNames, mergeAnswers } from '../../../src/answers/merge.js';
import { resolveAnswers, withoutDerivedValues } from '../../../src/answers/resolve.js';

const recorded = {
  name: 'acme',
  repoURL: 'https://gitlab.com/acme/infra.git',
  inngest: { sdkUrls: ['https://a.example.com/api/inngest'], logLevel: 'info' },
  environments: [
    { name: 'dev', hostname: 'dev.example.com', postgres: { instances: 1, storageSize: '5Gi' } },
    { name: 'prod', hostname: 'prod.example.com' },
  ],
} as const;

describe('mergeAnswers: a re-run config over the recorded answers', () => {
  it('keeps every recorded answer the config does not name', () => {
    expect(mergeAnswers(structuredClone(recorded) as never, { monitoring: { enabled: true } })).toEqual({
      ...recorded,
      monitoring: { enabled: true },
    });
  });

  it('deep-merges mappings and merges environments by name, new names at the end', () => {
    const merged = mergeAnswers(structuredClone(recorded) as never, {
      inngest: { logLevel: 'debug' },
      environments: [{ name: 'prod', postgres: { instances: 3 } }, { name: 'qa' }],
    });
    expect(merged.inngest).toEqual({ sdkUrls: ['https://a.example.com/api/inngest'], logLevel: 'debug' });
    expect(merged.environments).toEqual([
      recorded.environments[0],
      { name: 'prod', hostname: 'prod.example.com', postgres: { instances: 3 } },
      { name: 'qa' },
    ]);
    expect(environmentNames(merged)).toEqual(['dev', 'prod', 'qa']);
  });

  it('replaces other lists, and never removes an environment', () => {
    const merged = mergeAnswers(structuredClone(recorded) as never, {
      inngest: { sdkUrls: ['https://b.example.com/api/inngest'] },
      environments: [],
    });
    expect(merged.inngest!.sdkUrls).toEqual(['https://b.example.com/api/inngest']);
    expect(environmentNames(merged)).toEqual(['dev', 'prod']);
  });

  it('leaves its inputs alone', () => {
    const base = structuredClone(recorded) as never;
    const given = { environments: [{ name: 'dev', hostname: 'x.example.com' }] };
    mergeAnswers(base, given);
    expect(base).toEqual(recorded);
    expect(given).toEqual({ environments: [{ name: 'dev', hostname: 'x.example.com' }] });
  });
});

describe('withoutDerivedValues', () => {
  it('drops a max_connections that only repeats what the other answers derive, keeps one set by hand', () => {
    const resolved = resolveAnswers({
      environments: [{ name: 'stage' }, { name: 'prod', postgres: { maxConnections: 900 } }],
    });
    const stripped = withoutDerivedValues(resolved) as { environments: { postgres: { maxConnections?: number } }[] };
    expect(stripped.environments[0]!.postgres.maxConnections).toBeUndefined();
    expect(stripped.environments[1]!.postgres.maxConnections).toBe(900);
    // So a re-run that raises the pool size derives it again instead of failing on a value never set.
    const rerun = resolveAnswers(mergeAnswers(stripped as never, { inngest: { postgresMaxOpenConns: 60 } }));
    expect(rerun.environments[0]!.postgres.maxConnections).toBeGreaterThanOrEqual(
      resolved.environments[0]!.keda.maxReplicas * 60 + 20,
    );
  });
});
