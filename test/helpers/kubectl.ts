/**
 * The one way tests find and run kubectl. Tests that render overlays with `kubectl kustomize`
 * ask `kubectlFor(what)` when they are collected:
 *   - kubectl runs: true;
 *   - under CI (CI set, as .ci/run does): a missing kubectl throws, so the test file FAILS;
 *   - elsewhere: false, and the reason is printed; the tests show as skipped, never as passed.
 *
 * Renders of a generated repository's overlay are kept (test/helpers/e2e-setup.ts), keyed by the
 * kubectl version and the content of base/, secrets/ and overlays/ (a generated overlay reads
 * nothing else; a test that points one elsewhere must render a folder of its own, not overlays/):
 * a test, the validate command run in-process, or a later run that renders the same files gets
 * kubectl's output for them without running it again.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { threadId } from 'node:worker_threads';
import { inject } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runKubectlKustomize, type Kustomize } from '../../src/io/repository.js';
import type { FileTree } from '../../src/model/file-tree.js';

let probe: { missing: string | null; version: string } | undefined;

/** Why kubectl cannot run here (null when it can), and its version. Probed once per test worker. */
function kubectlProbe(): { missing: string | null; version: string } {
  if (probe) return probe;
  const result = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (result.error) probe = { missing: result.error.message, version: '' };
  else if (result.status !== 0)
    probe = { missing: `kubectl version --client exited ${result.status}: ${result.stderr.trim()}`, version: '' };
  else probe = { missing: null, version: result.stdout };
  return probe;
}

function inCI(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
}

/** Whether the tests named by `what` can run; see the file comment. */
export function kubectlFor(what: string): boolean {
  const reason = kubectlProbe().missing;
  if (reason === null) return true;
  if (inCI()) throw new Error(`kubectl is required in CI (${what}): ${reason}`);
  console.warn(`skipping ${what}: kubectl is not runnable (${reason})`);
  return false;
}

/** The folders of a generated repository that its overlays read. */
const RENDERED_FOLDERS = ['base/', 'secrets/', 'overlays/'];

/** The key of `kubectl kustomize overlays/<env>` of a repository with these files. */
function renderKey(files: Iterable<[string, string]>, env: string): string {
  const hash = createHash('sha256').update(`${kubectlProbe().version}\0${env}\0`);
  const read = [...files].filter(([path]) => RENDERED_FOLDERS.some((folder) => path.startsWith(folder)));
  for (const [path, text] of read.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${path}\0${text}\0`);
  return hash.digest('hex').slice(0, 40);
}

/** A generated repository's files under RENDERED_FOLDERS, read from disk. */
function filesOnDisk(root: string): FileTree {
  const files: FileTree = new Map();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  for (const folder of RENDERED_FOLDERS) if (existsSync(join(root, folder))) walk(join(root, folder));
  return files;
}

/**
 * The folder of kept renders: only in the e2e and integration projects (test/helpers/e2e-setup.ts).
 * Outside vitest (npm run fuzz runs these helpers with vite-node) nothing is kept.
 */
function keptFolder(): string | undefined {
  if (!process.env.VITEST) return undefined;
  return inject('kustomizeCache') as string | undefined;
}

/** Where the render of `dir` is kept, as .yaml (kubectl's text) or .json (parsed); only for overlays/<env>. */
function keptRender(dir: string, extension: 'yaml' | 'json'): string | undefined {
  const folder = keptFolder();
  if (!folder || basename(dirname(dir)) !== 'overlays') return undefined;
  return join(folder, `${renderKey(filesOnDisk(dirname(dirname(dir))), basename(dir))}.${extension}`);
}

/** Writes, then renames: processes running at the same time never read half a file. */
function keep(file: string, text: string): void {
  const partial = `${file}.${process.pid}-${threadId}`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

function runKustomize(dir: string): string {
  const result = runKubectlKustomize(dir, { kubectl: 'kubectl', timeoutMs: 120_000 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr}`);
  return result.stdout;
}

/** The text kept in `file`, marked as used (e2e-setup.ts removes the long unused ones). */
function readKept(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const now = new Date();
  utimesSync(file, now, now);
  return readFileSync(file, 'utf8');
}

/** `kubectl kustomize dir` as text; throws with kubectl's message when it fails. */
export function kustomize(dir: string): string {
  const file = keptRender(dir, 'yaml');
  const known = file === undefined ? undefined : readKept(file);
  if (known !== undefined) return known;
  const text = runKustomize(dir);
  if (file) keep(file, text);
  return text;
}

/**
 * validate's kubectl for commands run in-process (test/helpers/main.ts): kubectl's output kept as
 * for kustomize() above; a failing or hanging kubectl is not kept, and runs each time.
 */
export const keptKustomize: Kustomize = (overlay, options) => {
  const file = keptRender(overlay, 'yaml');
  const known = file === undefined ? undefined : readKept(file);
  if (known !== undefined) return { status: 0, stdout: known, stderr: '' };
  const result = runKubectlKustomize(overlay, options);
  if (file && !result.error && result.status === 0) keep(file, result.stdout);
  return result;
};

/**
 * The objects of `kubectl kustomize overlays/<env>` of a repository given as its files (not on
 * disk); `write` puts the files on disk and returns the folder, when kubectl must run.
 */
export function kustomizeTree(tree: FileTree, env: string, write: () => string): K8s[] {
  const folder = keptFolder();
  const known = folder === undefined ? undefined : readKept(join(folder, `${renderKey(tree, env)}.json`));
  if (known !== undefined) return JSON.parse(known) as K8s[];
  return kustomizeObjects(join(write(), 'overlays', env));
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
  const file = keptRender(dir, 'json');
  const known = file === undefined ? undefined : readKept(file);
  if (known !== undefined) return JSON.parse(known) as K8s[];
  const objects = parseStream(kustomize(dir));
  // kept parsed too, as JSON: reading it back is ~50 times faster than parsing the YAML again
  if (file) keep(file, JSON.stringify(objects));
  return objects;
}
