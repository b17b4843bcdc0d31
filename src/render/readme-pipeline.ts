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
  const where =
    provider === 'none'
      ? 'Run these before every merge (`ci.provider` `github` or `gitlab` adds CI files that do):'
      : `\`${provider === 'github' ? GITHUB_WORKFLOWS.validate : GITLAB_CI}\` runs these on every change; make them required checks:`;
  const automerge = automergeEnvironments(answers);
  const days = answers.renovate.daysBetweenEnvironments;
  const renovate = answers.renovate.enabled
    ? `
\`${RENOVATE_CONFIG}\` has [Renovate](https://docs.renovatebot.com/) propose new versions, one pull request per
component: the Inngest image per environment (${answers.environments.map((e) => e.name).join(', then ')}${days > 0 ? `, ${days} days apart` : ''}; ${
        automerge.length > 0
          ? `Renovate merges
${automerge.join(', ')} itself`
          : 'a person merges each'
      }), the other images and the operator charts. A re-run takes the tag an overlay pins
as that environment's image answer.
`
    : '';
  return `## Checks and updates

${where}

- \`create-inngest-gitops . --check\`: the files are what \`inngest-gitops.json\` renders (exit 1 lists what a re-run would change).
- \`create-inngest-gitops validate .\`
${renovate}`;
}
