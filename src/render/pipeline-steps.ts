import type { Answers } from '../answers/schema.js';
import { ciPins, GENERATOR_NAME } from '../model/versions.js';

/** The generator, pinned to the version that wrote the repository: CI runs the same rules. */
export function generatorCommand(generatorVersion: string): string {
  return `npx --yes ${GENERATOR_NAME}@${generatorVersion}`;
}

/**
 * The Git branches Argo CD tracks (argocd.revision and every environment's targetRevision) that
 * can name a branch in a CI rule: HEAD, commit SHAs and names with characters a rule would have
 * to escape are left out (the pipeline then falls back to the default branch).
 */
export function trackedBranches(answers: Answers): string[] {
  const revisions = [answers.argocd.revision, ...answers.environments.map((e) => e.targetRevision)];
  return [...new Set(revisions)].filter(
    (r) => r !== 'HEAD' && !/^[0-9a-f]{40}$/.test(r) && /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(r),
  );
}

/**
 * Shell lines that put the pinned kubectl in `dir`: downloaded from dl.k8s.io only when the
 * cached binary is missing or does not match the pinned sha256, which is checked on every run.
 */
export function installKubectl(dir: string): string[] {
  const { version, platform, sha256 } = ciPins.kubectl;
  return [
    `kubectl_dir="${dir}"`,
    `kubectl_sum="${sha256}  $kubectl_dir/kubectl"`,
    `if ! echo "$kubectl_sum" | sha256sum --check --status 2>/dev/null; then`,
    `  mkdir -p "$kubectl_dir"`,
    `  curl --fail --silent --show-error --location --retry 3 --output "$kubectl_dir/kubectl" https://dl.k8s.io/release/${version}/bin/${platform}/kubectl`,
    `  echo "$kubectl_sum" | sha256sum --check --strict`,
    `fi`,
    `chmod 0755 "$kubectl_dir/kubectl"`,
  ];
}

/** Indent every line of a block by `spaces` (for a YAML literal block). */
export function indent(lines: string[], spaces: number): string {
  const pad = ' '.repeat(spaces);
  return lines.map((line) => (line ? `${pad}${line}` : line)).join('\n');
}
