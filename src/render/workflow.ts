import type { Answers } from '../answers/schema.js';
import { imageTagPattern } from '../answers/image-pin.js';
import { GENERATED_HEADER } from '../core/yaml.js';

export const UPDATE_IMAGE_WORKFLOW = '.github/workflows/update-image.yml';

/**
 * Pinned versions of what the workflow runs. Actions by major tag (github.com/actions/checkout,
 * github.com/actions/setup-node, github.com/Azure/setup-kubectl v4: node20 runtime); kubectl by
 * exact release, since validate renders with its built-in kustomize.
 */
const workflowVersions = {
  checkout: 'actions/checkout@v4',
  setupNode: 'actions/setup-node@v4',
  setupKubectl: 'azure/setup-kubectl@v4',
  node: '20',
  kubectl: 'v1.33.1',
} as const;

/**
 * `.github/workflows/update-image.yml` of the generated repository: a `repository_dispatch` of type
 * image_update with client_payload { env, tag } pins that environment's Inngest image with
 * `set-image`, checks the whole repository with `validate`, then commits and pushes. The payload
 * is untrusted: it reaches the shell only through environment variables (never `${{ }}` inside a
 * script) and is checked against the configured environments and the tag pattern first. The
 * generator version is pinned, so the workflow runs the same tool that wrote the repository.
 */
export function updateImageWorkflow(answers: Answers, generatorVersion: string): string {
  const envs = answers.environments.map((e) => e.name);
  const cli = `npx --yes create-inngest-gitops@${generatorVersion}`;
  const v = workflowVersions;
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
    runs-on: ubuntu-latest
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

      - uses: ${v.checkout}

      - uses: ${v.setupNode}
        with:
          node-version: '${v.node}'

      - uses: ${v.setupKubectl}
        with:
          version: '${v.kubectl}'

      - name: Pin the image
        run: ${cli} set-image --env "$TARGET_ENV" --tag "$IMAGE_TAG"

      - name: Validate every environment
        run: ${cli} validate

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
