import type { Answers } from '../answers/schema.js';
import { imageTagPattern } from '../answers/image-pin.js';
import { GENERATED_HEADER } from '../core/yaml.js';
import { ciPins } from '../model/versions.js';
import { generatorCommand, indent, installKubectl, trackedBranches } from './pipeline-steps.js';

export const GITHUB_WORKFLOWS = {
  validate: '.github/workflows/validate.yml',
  updateImage: '.github/workflows/update-image.yml',
} as const;

const { actions, node, kubectl } = ciPins;
const uses = (action: (typeof actions)[keyof typeof actions]) => `${action.uses}@${action.sha} # ${action.version}`;

const setupSteps = `      - uses: ${uses(actions.setupNode)}
        with:
          node-version: '${node.version}'
`;

/** Restore kubectl from the Actions cache, verify or fetch it, and put it on PATH. */
const kubectlSteps = `      - name: Cache kubectl ${kubectl.version}
        uses: ${uses(actions.cache)}
        with:
          path: ~/.cache/kubectl/${kubectl.version}
          key: kubectl-${kubectl.version}-${kubectl.platform.replace('/', '-')}-${kubectl.sha256.slice(0, 16)}

      - name: Install kubectl ${kubectl.version} (sha256 checked)
        shell: bash
        run: |
${indent([...installKubectl(`$HOME/.cache/kubectl/${kubectl.version}`), 'echo "$kubectl_dir" >> "$GITHUB_PATH"'], 10)}
`;

/**
 * `.github/workflows/validate.yml`: on every pull request and every push to a tracked branch,
 * `--check` (the files are what inngest-gitops.json renders) and `validate` (every environment
 * renders and passes the checks). Read-only token; nothing from the event reaches a shell.
 */
export function validateWorkflow(answers: Answers, generatorVersion: string): string {
  const cli = generatorCommand(generatorVersion);
  const branches = trackedBranches(answers);
  const push = branches.length > 0 ? `\n    branches: [${branches.map((b) => JSON.stringify(b)).join(', ')}]` : '';
  return `${GENERATED_HEADER}
# Every change, Renovate's included: check (the files are what inngest-gitops.json renders) and
# validate (every environment renders and passes). Make both required checks.
name: Validate

on:
  pull_request:
  push:${push}
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: validate-\${{ github.ref }}
  cancel-in-progress: true

jobs:
  check:
    name: Files match inngest-gitops.json
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    steps:
      - uses: ${uses(actions.checkout)}
        with:
          persist-credentials: false

${setupSteps}
      - name: Re-render from inngest-gitops.json and compare
        run: ${cli} . --check --diff

  validate:
    name: Every environment renders and validates
    runs-on: ubuntu-24.04
    timeout-minutes: 15
    steps:
      - uses: ${uses(actions.checkout)}
        with:
          persist-credentials: false

${setupSteps}
${kubectlSteps}
      - name: Validate every environment
        run: ${cli} validate .
`;
}

/**
 * `.github/workflows/update-image.yml`: a `repository_dispatch` of type image_update with
 * client_payload { env, tag } pins that environment's Inngest image with `set-image`, checks the
 * whole repository with `validate`, then commits and pushes. The payload is untrusted: it reaches
 * the shell only through environment variables (never `${{ }}` inside a script) and is checked
 * against the configured environments and the tag pattern first.
 */
export function updateImageWorkflow(answers: Answers, generatorVersion: string): string {
  const envs = answers.environments.map((e) => e.name);
  const cli = generatorCommand(generatorVersion);
  return `${GENERATED_HEADER}
# Deploy a new Inngest release to one environment. Trigger it from a release pipeline:
#   gh api repos/OWNER/REPO/dispatches -f event_type=image_update \\
#     -F 'client_payload[env]=${envs[envs.length - 1] ?? 'prod'}' -F 'client_payload[tag]=v1.2.3'
# (a token with contents: write on this repository). Argo CD then syncs the commit.
name: Update Inngest image

on:
  repository_dispatch:
    types: [image_update]

permissions:
  contents: write

# One update per environment at a time, in order; never cancel a half-done push.
concurrency:
  group: update-image-\${{ github.event.client_payload.env }}
  cancel-in-progress: false

jobs:
  update-image:
    runs-on: ubuntu-24.04
    timeout-minutes: 15
    env:
      TARGET_ENV: \${{ github.event.client_payload.env }}
      IMAGE_TAG: \${{ github.event.client_payload.tag }}
    steps:
      - name: Check the payload
        shell: bash
        run: |
          case "$TARGET_ENV" in
            ${envs.join('|')}) ;;
            *) echo "::error::client_payload.env must be one of: ${envs.join(', ')}"; exit 1 ;;
          esac
          tag_pattern='${imageTagPattern}'
          if [[ ! "$IMAGE_TAG" =~ $tag_pattern ]]; then
            echo "::error::client_payload.tag must be a release tag such as v1.45.1 (never latest)"
            exit 1
          fi

      - uses: ${uses(actions.checkout)}

${setupSteps}
${kubectlSteps}
      - name: Pin the image
        run: ${cli} set-image --env "$TARGET_ENV" --tag "$IMAGE_TAG"

      - name: Validate every environment
        run: ${cli} validate .

      - name: Commit and push
        shell: bash
        run: |
          file="overlays/$TARGET_ENV/kustomization.yaml"
          # set-image records the pin in inngest-gitops.json too, so later re-runs keep it.
          if git diff --quiet -- "$file" inngest-gitops.json; then
            echo "$TARGET_ENV already runs Inngest $IMAGE_TAG; nothing to commit"
            exit 0
          fi
          git config user.name 'github-actions[bot]'
          git config user.email '41898282+github-actions[bot]@users.noreply.github.com'
          git add -- "$file" inngest-gitops.json
          git commit -m "Deploy Inngest $IMAGE_TAG to $TARGET_ENV" -m "Requested by a repository_dispatch image_update event (run $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID)."
          # Another environment's update may have pushed meanwhile: rebase and retry.
          for attempt in 1 2 3; do
            if git push origin "HEAD:$GITHUB_REF_NAME"; then exit 0; fi
            git pull --rebase origin "$GITHUB_REF_NAME"
          done
          echo "::error::could not push after 3 attempts"
          exit 1
`;
}
