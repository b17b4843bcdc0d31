import { beforeAll, describe, expect, it } from 'vitest';
import type { PartialAnswers } from '../../../src/answers/schema.js';
import { BACKUPS, MIXED_KEDA } from '../../helpers/answers.js';
import { kubectlFor, parseStream } from '../../helpers/kubectl.js';
import { renderOverlays, type RenderedOverlays } from '../../helpers/overlays.js';

describe.runIf(kubectlFor('Argo CD application paths through kubectl kustomize')).each([
  ['default answers', {} as PartialAnswers],
  ['mixed KEDA sources', MIXED_KEDA],
  ['backups', BACKUPS],
])('Argo CD applications of a generated repository (%s)', (_label, config) => {
  let r: RenderedOverlays;
  beforeAll(() => {
    r = renderOverlays(config);
  });

  it('point every environment at an overlay that kubectl kustomize renders in its namespace', () => {
    const apps = [...r.tree.entries()]
      .filter(([path]) => path.startsWith('argocd/apps/'))
      .flatMap(([, text]) => parseStream(text))
      .filter((o) => o.kind === 'Application' && o.spec.source.path?.startsWith('overlays/'));
    expect(apps.map((a) => a.spec.source.path).sort()).toEqual(
      r.answers.environments.map((e) => `overlays/${e.name}`).sort(),
    );
    for (const app of apps) {
      const objects = r.overlays.get(app.spec.source.path.slice('overlays/'.length))!;
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) expect(object.metadata.namespace).toBe(app.spec.destination.namespace);
    }
  });
});
