import { describe, expect, it, vi } from 'vitest';
import { defaultAnswers, resolveAnswers } from '../../../src/answers/resolve.js';
import { repositoryTree as renderTree } from '../../../src/commands/repository-tree.js';
import { GENERATED_HEADER } from '../../../src/core/yaml.js';
import { objectNames } from '../../../src/model/names.js';
import { components } from '../../../src/render/components.js';
import type { Model } from '../../../src/render/types.js';
import { APP_URLS, DAY2_FULL } from '../../helpers/answers.js';

const answers = defaultAnswers();
const context = { generatorVersion: '0.0.0-test' };

function baseObjects(): Model[] {
  return components.flatMap((c) => c.base(answers).manifests.flatMap((m) => m.objects));
}

describe('rendered objects', () => {
  it('all pass their kubernetes-models validate()', () => {
    const objects = baseObjects();
    expect(objects.length).toBeGreaterThan(3);
    for (const object of objects)
      expect(() => object.validate(), `${object.kind}/${object.metadata?.name}`).not.toThrow();
  });

  it('render is pure: no clock, no randomness; renders at different times are identical', () => {
    vi.useFakeTimers();
    const random = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('render must not use randomness');
    });
    try {
      vi.setSystemTime(new Date('2020-01-01T00:00:00Z'));
      const first = [...renderTree(answers, context)];
      vi.setSystemTime(new Date('2031-06-15T12:34:56Z'));
      expect([...renderTree(defaultAnswers(), context)]).toEqual(first);
    } finally {
      random.mockRestore();
      vi.useRealTimers();
    }
  });
});

describe('rendered tree without kubectl', () => {
  it('writes an environment’s overrides only into its own overlay, only the keys that differ', () => {
    const tree = renderTree(resolveAnswers(DAY2_FULL), { generatorVersion: 'x' });
    expect(tree.get('overlays/stage/inngest.env')).toBe(
      `${GENERATED_HEADER}\n# Settings of inngest start in stage that differ from base/inngest/inngest.env.\nINNGEST_SDK_URL=${APP_URLS.join(',')}\nLOG_LEVEL=debug\n`,
    );
    expect(tree.has('overlays/prod/inngest.env')).toBe(false);
    expect(tree.get('overlays/stage/kustomization.yaml')).toContain(
      'configMapGenerator:\n  - name: inngest-config\n    behavior: merge\n    envs:\n      - inngest.env\n',
    );
    expect(tree.get('overlays/prod/kustomization.yaml')).not.toContain('configMapGenerator');
  });

  it('makes base/retention a Kustomize Component that only the environments using it include', () => {
    const tree = renderTree(defaultAnswers(), { generatorVersion: 'x' });
    expect(tree.get('base/retention/kustomization.yaml')).toContain('kind: Component');
    expect(tree.get('base/kustomization.yaml')).not.toContain('retention');
    expect(tree.get('overlays/prod/kustomization.yaml')).toContain('components:\n  - ../../base/retention\n');
    expect(tree.get('overlays/stage/kustomization.yaml')).not.toContain('retention');
    expect(tree.has('overlays/stage/patches/retention-cronjob.yaml')).toBe(false);
  });

  it('renders nothing of monitoring, retention or Connect when they are off', () => {
    const tree = renderTree(
      resolveAnswers({ environments: [{ name: 'stage' }, { name: 'prod', retention: { enabled: false } }] }),
      { generatorVersion: 'x' },
    );
    const paths = [...tree.keys()];
    expect(paths.filter((p) => /monitoring|retention|connect/.test(p))).toEqual([]);
    // argocd/ is left out: the AppProject allows every kind of the wave table, used or not.
    const text = paths
      .filter((p) => /^(base|overlays)\/.*\.yaml$/.test(p))
      .map((p) => tree.get(p))
      .join('\n');
    for (const absent of [
      'PodMonitor',
      'ServiceMonitor',
      'redis_exporter',
      'CronJob',
      `${objectNames.inngest}-connect`,
    ])
      expect(text).not.toContain(absent);
  });
});
