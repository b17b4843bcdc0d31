/**
 * A generated repository on disk, as `validate` and `set-image` see it: its environments and
 * Inngest image (from inngest-gitops.json, else the folders under overlays/), and each
 * environment rendered with `kubectl kustomize`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { EnvironmentError, UserError } from '../core/errors.js';
import { images } from '../model/versions.js';
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

/** `kubectl kustomize overlays/<env>`. kubectl missing → EnvironmentError (exit 1); a kustomize error → a result. */
export function renderEnvironment(dir: string, env: string, kubectl = 'kubectl'): RenderResult {
  const overlay = join(dir, 'overlays', env);
  if (!existsSync(join(overlay, 'kustomization.yaml')))
    return { ok: false, error: `overlays/${env}/kustomization.yaml does not exist` };
  const result = spawnSync(kubectl, ['kustomize', overlay], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new EnvironmentError(
        `kubectl: not found on PATH (validate renders every overlay with "kubectl kustomize"; install kubectl: https://kubernetes.io/docs/tasks/tools/)`,
      );
    }
    throw new EnvironmentError(`kubectl: cannot run (${code ?? result.error.message})`);
  }
  if (result.status !== 0) {
    const message = result.stderr.trim().split('\n').filter(Boolean).at(-1) ?? `exit status ${String(result.status)}`;
    return { ok: false, error: `kubectl kustomize failed: ${message.replace(/^error: /i, '')}` };
  }
  const objects: K8sObject[] = [];
  // YAML 1.1 as the API server reads it (sigs.k8s.io/yaml): an unquoted yes/on is a boolean there too.
  // Timestamps stay strings: every Kubernetes time field is a string in JSON.
  const docs = parseAllDocuments(result.stdout, {
    version: '1.1',
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  for (const doc of docs) {
    if (doc.errors.length > 0)
      return {
        ok: false,
        error: `kubectl kustomize printed invalid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`,
      };
    const value: unknown = doc.toJS();
    if (isRecord(value)) objects.push(value);
  }
  return { ok: true, objects };
}
