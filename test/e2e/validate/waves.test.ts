import { describe, expect, it } from 'vitest';
import { labelKeys, SYNC_WAVE } from '../../../src/model/names.js';
import { apiGroup, ruleFor } from '../../../src/model/waves.js';
import { checkWaves } from '../../../src/validate/waves.js';
import { EXTERNAL_HEALTH } from '../../helpers/answers.js';
import { kubectlFor, parseStream, type K8s } from '../../helpers/kubectl.js';
import { renderOverlays } from '../../helpers/overlays.js';

const find = (objects: K8s[], kind: string) => objects.filter((o) => o.kind === kind);

describe.runIf(kubectlFor('the sync-wave check on a rendered overlay'))('sync-wave check', () => {
  it('catches a missing wave, a wrong wave and an unknown kind in a rendered overlay', () => {
    const objects = structuredClone(renderOverlays().overlays.get('prod')!);
    delete find(objects, 'Deployment')[0]!.metadata.annotations![SYNC_WAVE];
    find(objects, 'ScaledObject')[0]!.metadata.annotations![SYNC_WAVE] = '2';
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'plain', annotations: { [SYNC_WAVE]: '-1' } } });
    const problems = checkWaves(objects);
    expect(problems.map((p) => p.object)).toEqual([
      'Deployment/inngest-prod/inngest',
      'ScaledObject/inngest-prod/inngest',
      'Secret/plain',
    ]);
    expect(problems[0]!.problem).toContain('no argocd.argoproj.io/sync-wave');
    expect(problems[1]!.problem).toContain('must be in the last wave 3, which a sync never waits on');
  });
});

/**
 * The waves of one sync as gitops-engine orders them (argo-cd gitops-engine/pkg/sync/sync_context.go
 * getSyncTasks): prune tasks swap waves symmetrically among the waves that hold prunes; with
 * PruneLast every prune moves to (highest wave, at least 0) + 1. Sync() then applies wave after
 * wave and waits until every object of a wave is Healthy, except in the last wave, after which the
 * operation ends at once. Returns the objects a sync waits on.
 */
function waitedOn(applies: K8s[], prunes: K8s[], pruneLast: boolean): K8s[] {
  const wave = (o: K8s) => Number(o.metadata.annotations?.[SYNC_WAVE] ?? 0);
  const pruneWaves = [...new Set(prunes.map(wave))].sort((a, b) => a - b);
  const swapped = new Map(pruneWaves.map((w, i) => [w, pruneWaves[pruneWaves.length - 1 - i]!]));
  let pruneTaskWaves = prunes.map((p) => swapped.get(wave(p))!);
  const lastSyncWave = Math.max(0, ...applies.map(wave), ...pruneTaskWaves) + 1;
  if (pruneLast) pruneTaskWaves = pruneTaskWaves.map(() => lastSyncWave);
  const last = Math.max(...applies.map(wave), ...pruneTaskWaves);
  return applies.filter((o) => wave(o) < last);
}

const externalHealth = (o: K8s) =>
  ruleFor(apiGroup(o.apiVersion), o.kind, o.metadata.labels?.[labelKeys.name])?.externalHealth === true;

describe.runIf(kubectlFor('a sync that prunes, on rendered overlays'))(
  'a sync that prunes the old settings ConfigMap',
  () => {
    it('never waits on an Ingress, a PodMonitor or a ScaledObject', () => {
      const { answers, tree, overlays } = renderOverlays(EXTERNAL_HEALTH);
      for (const env of answers.environments) {
        const objects = overlays.get(env.name)!;
        expect(checkWaves(objects), env.name).toEqual([]);
        const external = objects.filter(externalHealth).map((o) => o.kind);
        expect(new Set(external)).toEqual(
          new Set(env.name === 'prod' ? ['Ingress', 'PodMonitor', 'ScaledObject'] : ['PodMonitor', 'ScaledObject']),
        );

        const app = parseStream(tree.get(`argocd/apps/${env.name}.yaml`)!)[0]!;
        const pruneLast = app.spec.syncPolicy.syncOptions.includes('PruneLast=true');
        // inngest.env changed: the ConfigMap with the old content hash is pruned in the same sync.
        const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('inngest-config-'))!;
        const oldConfig = { ...config, metadata: { ...config.metadata, name: 'inngest-config-0ld0ld0ld0' } };
        for (const prunes of [[], [oldConfig]]) {
          const waited = waitedOn(objects, prunes, pruneLast);
          expect(
            waited.filter(externalHealth).map((o) => `${o.kind}/${o.metadata.name}`),
            env.name,
          ).toEqual([]);
          // the Deployment is still waited on: the external objects come after a healthy Inngest
          expect(waited.some((o) => o.kind === 'Deployment')).toBe(true);
        }
      }
    });
  },
);
