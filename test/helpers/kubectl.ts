/**
 * The one way tests find and run kubectl. Tests that render overlays with `kubectl kustomize`
 * ask `kubectlFor(what)` when they are collected:
 *   - kubectl runs: true;
 *   - under CI (CI set, as .ci/run does): a missing kubectl throws, so the test file FAILS;
 *   - elsewhere: false, and the reason is printed; the tests show as skipped, never as passed.
 */
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

let missing: string | null | undefined;

/** Why kubectl cannot run here, or null when it can. Probed once per test worker. */
function whyMissing(): string | null {
  if (missing !== undefined) return missing;
  const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (probe.error) missing = probe.error.message;
  else if (probe.status !== 0) missing = `kubectl version --client exited ${probe.status}: ${probe.stderr.trim()}`;
  else missing = null;
  return missing;
}

function inCI(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
}

/** Whether the tests named by `what` can run; see the file comment. */
export function kubectlFor(what: string): boolean {
  const reason = whyMissing();
  if (reason === null) return true;
  if (inCI()) throw new Error(`kubectl is required in CI (${what}): ${reason}`);
  console.warn(`skipping ${what}: kubectl is not runnable (${reason})`);
  return false;
}

/** `kubectl kustomize dir` as text; throws with kubectl's message when it fails. */
export function kustomize(dir: string): string {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr}`);
  return result.stdout;
}

export interface K8s {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    finalizers?: string[];
  };
  [key: string]: any;
}

/**
 * A multi-document YAML stream as objects, read as validate reads kubectl's output
 * (src/io/repository.ts): YAML 1.1 like the API server, timestamps left as strings.
 */
export function parseStream(text: string): K8s[] {
  return parseAllDocuments(text, {
    version: '1.1',
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
  })
    .map((doc) => doc.toJS() as K8s | null)
    .filter((object): object is K8s => object !== null);
}

/** `kubectl kustomize` of an overlay (or any kustomization folder), parsed. */
export function kustomizeObjects(dir: string): K8s[] {
  return parseStream(kustomize(dir));
}
