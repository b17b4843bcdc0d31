/**
 * Global set-up of the e2e and integration projects: the folder where kubectl kustomize outputs
 * are kept (test/helpers/kubectl.ts), keyed by the kubectl version and the files rendered, so test
 * files and later runs that render the same files run kubectl once. In node_modules/.cache, as
 * vitest keeps its transformed sources: a fresh clone starts empty. Outputs not used for a week
 * are removed here.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { repoRoot } from './cli.js';

declare module 'vitest' {
  export interface ProvidedContext {
    kustomizeCache: string;
  }
}

const UNUSED_FOR_MS = 7 * 24 * 3600 * 1000;

export default function setup(project: TestProject): void {
  const dir = join(repoRoot, 'node_modules/.cache/create-inngest-gitops-tests/kustomize');
  mkdirSync(dir, { recursive: true });
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat && now - stat.mtimeMs > UNUSED_FOR_MS) rmSync(file, { force: true });
  }
  project.provide('kustomizeCache', dir);
}
