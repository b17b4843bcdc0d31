/**
 * Global set-up of the e2e project: one folder for this run in which kubectl kustomize outputs
 * are kept (test/helpers/overlays.ts), so test files that check the same rendered answers from
 * different angles render them once. Removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    kustomizeCache: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'cig-kustomize-'));
  project.provide('kustomizeCache', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
