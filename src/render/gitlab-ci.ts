import type { Answers } from '../answers/schema.js';
import { GENERATED_HEADER } from '../core/yaml.js';
import { ciPins } from '../model/versions.js';
import { generatorCommand, indent, installKubectl, trackedBranches } from './pipeline-steps.js';

export const GITLAB_CI = '.gitlab-ci.yml';

/** The CI/CD variable holding the token the image update pushes with. */
export const GITLAB_PUSH_TOKEN = 'GITOPS_PUSH_TOKEN';

const UPDATE_SOURCES =
  '($CI_PIPELINE_SOURCE == "trigger" || $CI_PIPELINE_SOURCE == "api" || $CI_PIPELINE_SOURCE == "web")';

/**
 * `.gitlab-ci.yml`: the jobs check and validate on every merge request and every push to a
 * tracked branch, and update-image in a pipeline started with the variables ENV and TAG. ENV and
 * TAG reach the shell only as quoted variables; set-image checks both (a configured environment,
 * a release tag) before anything changes.
 */
export function gitlabCi(answers: Answers, generatorVersion: string): string {
  const cli = generatorCommand(generatorVersion);
  const envs = answers.environments.map((e) => e.name);
  const { kubectl, node } = ciPins;
  const branches = trackedBranches(answers);
  const pushed =
    branches.length > 0
      ? branches.map((b) => `$CI_COMMIT_BRANCH == "${b}"`).join(' || ')
      : '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH';
  const ref = branches[0] ?? 'main';
  return `${GENERATED_HEADER}
# On merge requests and pushes to ${branches.join(', ') || 'the default branch'}: check (the files are what
# inngest-gitops.json renders) and validate (every environment renders and passes). Make
# "Pipelines must succeed" a merge check. A pipeline run with ENV and TAG (Run pipeline, or
#   curl -F "token=$TRIGGER_TOKEN" -F ref=${ref} -F "variables[ENV]=${envs[envs.length - 1] ?? 'prod'}" -F "variables[TAG]=v1.2.3" \\
#     "$CI_API_V4_URL/projects/<id>/trigger/pipeline")
# deploys that Inngest release to that environment, pushing with the CI/CD variable
# ${GITLAB_PUSH_TOKEN}: a masked project access token with write_repository.

workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: ${UPDATE_SOURCES}
    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS
      when: never
    - if: $CI_PIPELINE_SOURCE == "push" && (${pushed})

stages:
  - validate
  - update

default:
  image: ${node.gitlabImage}
  interruptible: true

.kubectl:
  cache:
    key: kubectl-${kubectl.version}-${kubectl.platform.replace('/', '-')}
    paths:
      - .cache/kubectl/
  before_script:
    - |
${indent([...installKubectl(`$CI_PROJECT_DIR/.cache/kubectl/${kubectl.version}`), 'export PATH="$kubectl_dir:$PATH"'], 6)}

.on-change:
  rules:
    - if: ${UPDATE_SOURCES} && $ENV && $TAG
      when: never
    - when: on_success

check:
  stage: validate
  extends: .on-change
  timeout: 10m
  script:
    - ${cli} . --check --diff

validate:
  stage: validate
  extends: [.on-change, .kubectl]
  timeout: 15m
  script:
    - ${cli} validate .

update-image:
  stage: update
  extends: .kubectl
  interruptible: false
  resource_group: update-image
  timeout: 15m
  rules:
    - if: ${UPDATE_SOURCES} && $ENV && $TAG
  script:
    - ${cli} set-image --env "$ENV" --tag "$TAG"
    - ${cli} validate .
    - |
      file="overlays/$ENV/kustomization.yaml"
      if git diff --quiet -- "$file" inngest-gitops.json; then
        echo "$ENV already runs Inngest $TAG; nothing to commit"
        exit 0
      fi
      if [ -z "\${${GITLAB_PUSH_TOKEN}:-}" ]; then
        echo "error: set the CI/CD variable ${GITLAB_PUSH_TOKEN}"
        exit 1
      fi
      git config user.name "\${GITLAB_USER_NAME:-create-inngest-gitops}"
      git config user.email "\${GITLAB_USER_EMAIL:-update-image@invalid}"
      git add -- "$file" inngest-gitops.json
      git commit -m "Deploy Inngest $TAG to $ENV" -m "Requested by pipeline $CI_PIPELINE_URL."
      remote="$CI_SERVER_PROTOCOL://update-image:$${GITLAB_PUSH_TOKEN}@$CI_SERVER_HOST:$CI_SERVER_PORT/$CI_PROJECT_PATH.git"
      for attempt in 1 2 3; do
        if git push "$remote" "HEAD:$CI_COMMIT_REF_NAME"; then exit 0; fi
        git pull --rebase "$remote" "$CI_COMMIT_REF_NAME"
      done
      echo "error: could not push after 3 attempts"
      exit 1
`;
}
