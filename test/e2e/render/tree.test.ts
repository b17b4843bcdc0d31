/**
 * Every object of every rendered overlay, for several answer sets, as Argo CD would apply it:
 * each passes the validate() of its kubernetes-models class (types, required fields, CRD
 * patterns) and sits in the sync wave of the table (src/model/waves.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PartialAnswers } from '../../../src/answers/schema.js';
import { checkWaves } from '../../../src/validate/waves.js';
import { BACKUPS, DAY2_FULL, MIXED_KEDA, WITH_BACKUP } from '../../helpers/answers.js';
import { kubectlFor } from '../../helpers/kubectl.js';
import { validateWithModel } from '../../helpers/models.js';
import { renderOverlays, type RenderedOverlays } from '../../helpers/overlays.js';

describe.runIf(kubectlFor('models and sync waves of rendered overlays')).each([
  ['default answers', {}],
  ['mixed KEDA sources', MIXED_KEDA],
  ['backups', BACKUPS],
  ['every day-2 feature on', DAY2_FULL],
  ['Postgres backups in prod', WITH_BACKUP],
] as [string, PartialAnswers][])('the rendered overlays (%s)', (_label, config) => {
  let r: RenderedOverlays;
  beforeAll(() => {
    r = renderOverlays(config);
  });

  it('every object passes its kubernetes-models validate()', () => {
    expect([...r.overlays.keys()]).toEqual(r.answers.environments.map((e) => e.name));
    for (const [env, objects] of r.overlays)
      for (const object of objects)
        expect(() => validateWithModel(object), `${env}: ${object.kind}/${object.metadata.name}`).not.toThrow();
  });

  it('every object is in the sync wave of the table', () => {
    for (const [env, objects] of r.overlays) expect(checkWaves(objects), env).toEqual([]);
  });
});
