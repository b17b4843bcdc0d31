import { describe, expect, it } from 'vitest';
import { SYNC_WAVE } from '../../../src/model/names.js';
import { checkWaves } from '../../../src/validate/waves.js';
import { kubectlFor, type K8s } from '../../helpers/kubectl.js';
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
