import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../src/answers/resolve.js';
import { reviewText, reviewWarnings } from '../../../src/render/review.js';

describe('the review', () => {
  const run = { git: 'init' as const, generatorVersion: '9.9.9' };

  it('shows per environment what it gets, the sealing method, the repository and the warnings', () => {
    const text = reviewText(resolveAnswers({ sealing: { method: 'later' } }), run);
    for (const expected of [
      'Repository  not set yet',
      'Sealing     later, once the controller runs',
      '  stage       namespace inngest-stage, small profile',
      'Postgres 3 instances, 50Gi, no backups',
      'not exposed (port-forward)',
      '! no repository URL for Argo CD: set it with npx create-inngest-gitops@9.9.9 . --repo-url URL',
      '! prod: production without Postgres backups',
      '! secrets not sealed yet',
    ])
      expect(text).toContain(expected);
  });

  it('warns about a production-like name with the small profile', () => {
    const answers = resolveAnswers({
      repoURL: 'https://x/y.git',
      environments: [{ name: 'live', profile: 'small' }],
      sealing: { method: 'new-key', keyFolder: '~/k' },
    });
    expect(reviewWarnings(answers, run)).toEqual(['live: named like production, sized small']);
  });
});
