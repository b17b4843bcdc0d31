import { automergeEnvironments, ciProvider } from '../answers/ci.js';
import type { Answers } from '../answers/schema.js';
import { GITLAB_CI, GITLAB_PUSH_TOKEN } from './gitlab-ci.js';
import { RENOVATE_CONFIG } from './renovate.js';
import { GITHUB_WORKFLOWS } from './workflow.js';

/** How the Inngest image of one environment is deployed from a release pipeline, by CI provider. */
export function imageUpdateSentence(answers: Answers): string {
  switch (ciProvider(answers)) {
    case 'github':
      return `\`${GITHUB_WORKFLOWS.updateImage}\` does the same
  on a \`repository_dispatch\` of type \`image_update\` with \`client_payload: {env, tag}\`, validates, and pushes.`;
    case 'gitlab':
      return `The \`update-image\` job of \`${GITLAB_CI}\` does the same
  in a pipeline started with the variables \`ENV\` and \`TAG\`, validates, and pushes with \`${GITLAB_PUSH_TOKEN}\`.`;
    case 'none':
      return 'Commit and push the result.';
  }
}

/** What checks every change (the CI files) and what proposes updates (renovate.json). */
export function pipelineReadme(answers: Answers): string {
  const provider = ciProvider(answers);
  const files =
    provider === 'github'
      ? `\`${GITHUB_WORKFLOWS.validate}\` runs on every pull request`
      : `\`${GITLAB_CI}\` runs on every merge request`;
  const checks =
    provider === 'none'
      ? `No CI files were generated (\`ci.provider\` in \`inngest-gitops.json\`: \`github\` or \`gitlab\` adds them).
Run both checks before every merge:`
      : `${files} and every push to the branches Argo CD tracks. Make
it a required check, so nothing reaches a cluster without it:`;
  const automerge = automergeEnvironments(answers);
  const others = ['PostgreSQL', 'Valkey', ...(answers.platform.installOperators ? ['the operator charts'] : [])];
  const order = answers.environments.map((e) => e.name).join(', then ');
  const days = answers.renovate.daysBetweenEnvironments;
  const renovate = answers.renovate.enabled
    ? `
\`${RENOVATE_CONFIG}\` has [Renovate](https://docs.renovatebot.com/) propose every pinned version, one pull
request per component: the Inngest image per environment (${order}${days > 0 ? `, each ${days} days after the one before` : ''};
${automerge.length > 0 ? `Renovate merges ${automerge.join(', ')} itself once the checks pass` : 'a person merges each'}), and ${others.join(', ')}.
Its edits are edits of generated files, as yours are; a re-run takes the Inngest tag an overlay pins
as that environment's image answer. Install the Renovate app (or run Renovate) on this repository to start it.
`
    : '';
  return `## Checks and updates

${checks}

- \`create-inngest-gitops . --check\`: the files are what the answers in \`inngest-gitops.json\` render.
  An answer edited there without re-running the generator fails, listing the files a re-run would change.
- \`create-inngest-gitops validate .\`: every environment renders with \`kubectl kustomize\` and passes.
${renovate}`;
}
