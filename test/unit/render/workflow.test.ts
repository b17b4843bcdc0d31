import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { repositoryTree as renderTree } from '../../../src/commands/repository-tree.js';
import { NON_DEFAULT } from '../../helpers/scaffold.js';

describe('the update-image workflow', () => {
  const answers = resolveAnswers(NON_DEFAULT);
  const text = renderTree(answers, { generatorVersion: '9.8.7' }).get('.github/workflows/update-image.yml')!;
  // YAML 1.2 like GitHub Actions: in 1.1 the key `on` would be the boolean true.
  const workflow = parse(text) as any;

  it('runs on repository_dispatch image_update with write access and one run per environment at a time', () => {
    expect(workflow.on).toEqual({ repository_dispatch: { types: ['image_update'] } });
    expect(workflow.permissions).toEqual({ contents: 'write' });
    expect(workflow.concurrency).toEqual({
      group: 'update-image-${{ github.event.client_payload.env }}',
      'cancel-in-progress': false,
    });
  });

  it('pins the generator version and the actions, and never puts the payload into a script', () => {
    const steps = workflow.jobs['update-image'].steps as { uses?: string; run?: string }[];
    expect(steps.filter((s) => s.uses).map((s) => s.uses!.replace(/@[0-9a-f]{40}$/, '@SHA'))).toEqual([
      'actions/checkout@SHA',
      'actions/setup-node@SHA',
      'actions/cache@SHA',
    ]);
    const runs = steps.flatMap((s) => (s.run ? [s.run] : []));
    expect(runs.join('\n')).toContain(
      'npx --yes create-inngest-gitops@9.8.7 set-image --env "$TARGET_ENV" --tag "$IMAGE_TAG"',
    );
    expect(runs.join('\n')).toContain('npx --yes create-inngest-gitops@9.8.7 validate');
    for (const run of runs) expect(run).not.toContain('${{');
    expect(runs[0]).toContain('dev|stage|prod) ;;');
  });
});
