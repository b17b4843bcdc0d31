/**
 * A generated repository on disk, as `validate` and `set-image` see it: its environments and
 * Inngest image (from inngest-gitops.json, else the folders under overlays/), and each
 * environment rendered with `kubectl kustomize`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError, UserError } from '../core/errors.js';
import { images } from '../model/versions.js';
import { byCodePoint, parseKubernetesYaml } from '../core/yaml.js';
import { isRecord, type K8sObject } from '../core/records.js';
import { readState } from './state.js';
import { STATE_FILE } from '../plan/state.js';

export interface Repository {
  dir: string;
  environments: string[];
  /** The Inngest image repository, the `images[].name` of every overlay. */
  imageRepository: string;
}

export function readRepository(dir: string): Repository {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserError(dir, 'is not a folder', 'a repository written by create-inngest-gitops');
  const state = readState(dir);
  if (state) {
    const answers = isRecord(state.answers) ? state.answers : {};
    const environments = Array.isArray(answers.environments)
      ? answers.environments.map((e) => (isRecord(e) && typeof e.name === 'string' ? e.name : undefined))
      : undefined;
    if (!environments || environments.length === 0 || environments.some((e) => e === undefined)) {
      throw new UserError(
        `${join(dir, STATE_FILE)} answers.environments`,
        'missing or without names',
        'a list of environments, each with a name',
      );
    }
    const image =
      isRecord(answers.image) && typeof answers.image.repository === 'string'
        ? answers.image.repository
        : images.inngest.repository;
    return { dir, environments: environments as string[], imageRepository: image };
  }
  const overlays = join(dir, 'overlays');
  const environments = existsSync(overlays)
    ? readdirSync(overlays)
        .filter(
          (entry) =>
            statSync(join(overlays, entry)).isDirectory() && existsSync(join(overlays, entry, 'kustomization.yaml')),
        )
        .sort()
    : [];
  if (environments.length === 0) {
    throw new UserError(
      dir,
      `has no ${STATE_FILE} and no overlays/<env>/kustomization.yaml`,
      'a repository written by create-inngest-gitops',
    );
  }
  return { dir, environments, imageRepository: images.inngest.repository };
}

export type RenderResult = { ok: true; objects: K8sObject[] } | { ok: false; error: string };

/** How long one `kubectl kustomize` may take before validate gives up on it. */
const KUSTOMIZE_TIMEOUT_MS = 120_000;

/** What `kubectl kustomize <overlay>` did, as node:child_process spawnSync reports it. */
interface KustomizeRun {
  error?: Error;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `kubectl kustomize <overlay>`: validate's default; in-process tests wrap it (CommandIO). */
export type Kustomize = (overlay: string, options: { kubectl: string; timeoutMs: number }) => KustomizeRun;

export const runKubectlKustomize: Kustomize = (overlay, { kubectl, timeoutMs }) =>
  spawnSync(kubectl, ['kustomize', overlay], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });

/**
 * `kubectl kustomize overlays/<env>`. kubectl missing, failing to start or not finishing within
 * `timeoutMs` → EnvironmentError (exit 1) naming the environment; a kustomize error → a result.
 */
export function renderEnvironment(
  dir: string,
  env: string,
  {
    kubectl = 'kubectl',
    timeoutMs = KUSTOMIZE_TIMEOUT_MS,
    kustomize = runKubectlKustomize,
  }: { kubectl?: string; timeoutMs?: number; kustomize?: Kustomize } = {},
): RenderResult {
  const overlay = join(dir, 'overlays', env);
  if (!existsSync(join(overlay, 'kustomization.yaml')))
    return { ok: false, error: `overlays/${env}/kustomization.yaml does not exist` };
  const result = kustomize(overlay, { kubectl, timeoutMs });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new EnvironmentError(
        `kubectl: not found on PATH (validate renders every overlay with "kubectl kustomize"; install kubectl: https://kubernetes.io/docs/tasks/tools/)`,
      );
    }
    if (code === 'ETIMEDOUT') {
      throw new EnvironmentError(
        `${env}: kubectl kustomize overlays/${env} did not finish within ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`} (run it by hand to see where it waits, e.g. on a remote base)`,
      );
    }
    throw new EnvironmentError(`${env}: kubectl kustomize cannot run (${code ?? result.error.message})`);
  }
  if (result.status !== 0) {
    const message = result.stderr.trim().split('\n').filter(Boolean).at(-1) ?? `exit status ${String(result.status)}`;
    return { ok: false, error: `kubectl kustomize failed: ${message.replace(/^error: /i, '')}` };
  }
  // Read as the API server reads it (sigs.k8s.io/yaml, go-yaml v2): yes/on are booleans, e1 is text.
  const parsed = parseKubernetesYaml(result.stdout);
  if ('error' in parsed) return { ok: false, error: `kubectl kustomize printed invalid YAML: ${parsed.error}` };
  return { ok: true, objects: parsed.values.filter(isRecord) };
}

/** A YAML file of the repository as Kubernetes objects, for the checks of argocd/. */
export interface RepositoryFile {
  path: string;
  objects: K8sObject[];
  error?: string;
}

/** Every .yaml file under argocd/ (relative paths, sorted), parsed as Kubernetes reads them. */
export function readArgocdFiles(dir: string): RepositoryFile[] {
  const root = join(dir, 'argocd');
  if (!existsSync(root)) return [];
  const files: RepositoryFile[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) {
        const parsed = parseKubernetesYaml(readFileSync(join(dir, path), 'utf8'));
        files.push(
          'error' in parsed
            ? { path, objects: [], error: parsed.error }
            : { path, objects: parsed.values.filter(isRecord) },
        );
      }
    }
  };
  walk('argocd');
  return files.sort((a, b) => byCodePoint(a.path, b.path));
}

/** Whether a folder exists in the repository (an Application's source path). */
export function repositoryHasFolder(dir: string, path: string): boolean {
  const full = join(dir, path);
  return existsSync(full) && statSync(full).isDirectory();
}
