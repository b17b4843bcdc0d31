import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { repositoryTree as renderTree } from '../../../src/commands/repository-tree.js';
import { setKustomizationImage } from '../../../src/plan/image-pin.js';

describe('setKustomizationImage', () => {
  it('round-trips a generated kustomization byte for byte when nothing changes', () => {
    const tree = renderTree(resolveAnswers({}), { generatorVersion: '0.0.0-test' });
    const text = tree.get('overlays/prod/kustomization.yaml')!;
    const edit = setKustomizationImage(text, { name: 'inngest/inngest', tag: 'v1.45.1' }, 'k.yaml');
    expect(edit).toEqual({ text, changed: false, before: 'newTag v1.45.1', after: 'newTag v1.45.1' });
  });

  it('adds the entry, and the images list, when missing', () => {
    const edit = setKustomizationImage(
      '# mine\nresources:\n  - ../../base\n',
      { name: 'inngest/inngest', tag: 'v1.46.0' },
      'k.yaml',
    );
    expect(edit.changed).toBe(true);
    expect(edit.text).toBe(
      '# mine\nresources:\n  - ../../base\nimages:\n  - name: inngest/inngest\n    newTag: v1.46.0\n',
    );
  });

  it('leaves other images alone', () => {
    const text =
      'images:\n  - name: valkey/valkey\n    newTag: 9.1.2\n  - name: inngest/inngest\n    newTag: v1.45.1\n';
    const edit = setKustomizationImage(text, { name: 'inngest/inngest', tag: 'v1.46.0' }, 'k.yaml');
    expect(edit.text).toBe(text.replace('v1.45.1', 'v1.46.0'));
  });
});
