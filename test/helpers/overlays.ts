/**
 * A generated repository as Argo CD applies it: every secret sealed (as a scaffold with --cert
 * does), every overlay rendered with kubectl kustomize and read as validate reads it. Renders are
 * kept by the content of the files (test/helpers/kubectl.ts), so e2e files that look at the same
 * answers share one, and the files are written to disk only when kubectl must run.
 */
import { join } from 'node:path';
import type { Answers, PartialAnswers } from '../../src/answers/schema.js';
import { writeTree } from '../../src/io/write.js';
import type { FileTree } from '../../src/model/file-tree.js';
import { tempDir } from './cli.js';
import { kustomizeTree, type K8s } from './kubectl.js';
import { generated } from './scaffold.js';

export interface RenderedOverlays {
  answers: Answers;
  tree: FileTree;
  /** Environment name → the objects of `kubectl kustomize overlays/<env>`. */
  overlays: Map<string, K8s[]>;
}

export function renderOverlays(config: PartialAnswers = {}): RenderedOverlays {
  const { answers, tree } = generated(config, { sealed: true });
  let dir: string | undefined;
  const write = () => {
    if (!dir) {
      dir = join(tempDir('cig-overlays-'), 'repo');
      writeTree(tree, dir);
    }
    return dir;
  };
  const overlays = new Map(answers.environments.map((env) => [env.name, kustomizeTree(tree, env.name, write)]));
  return { answers, tree, overlays };
}
