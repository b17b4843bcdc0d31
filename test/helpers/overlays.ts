/**
 * A generated repository as Argo CD applies it: every secret sealed (as a scaffold with --cert
 * does), every overlay rendered with kubectl kustomize and read as validate reads it. Outputs are
 * kept for the run (test/helpers/e2e-setup.ts), keyed by the content of the whole tree, so e2e
 * files that look at the same answers share one render.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { inject } from 'vitest';
import type { Answers, PartialAnswers } from '../../src/answers/schema.js';
import { writeTree } from '../../src/io/write.js';
import type { FileTree } from '../../src/model/file-tree.js';
import { tempDir } from './cli.js';
import { kustomize, parseStream, type K8s } from './kubectl.js';
import { generated } from './scaffold.js';

export interface RenderedOverlays {
  answers: Answers;
  tree: FileTree;
  /** Environment name → the objects of `kubectl kustomize overlays/<env>`. */
  overlays: Map<string, K8s[]>;
}

function treeKey(tree: FileTree): string {
  const hash = createHash('sha256');
  for (const [path, text] of [...tree].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${path}\0${text}\0`);
  return hash.digest('hex').slice(0, 32);
}

export function renderOverlays(config: PartialAnswers = {}): RenderedOverlays {
  const { answers, tree } = generated(config, { sealed: true });
  const cache = join(inject('kustomizeCache'), treeKey(tree));
  const cached = (env: string) => `${cache}-${env}.yaml`;
  let dir: string | undefined;
  const overlays = new Map(
    answers.environments.map((env) => {
      const file = cached(env.name);
      if (!existsSync(file)) {
        if (!dir) {
          dir = join(tempDir('cig-overlays-'), 'repo');
          writeTree(tree, dir);
        }
        // write, then rename: files running at the same time never read half an output
        const partial = `${file}.${process.pid}-${threadId}`;
        writeFileSync(partial, kustomize(join(dir, 'overlays', env.name)));
        renameSync(partial, file);
      }
      return [env.name, parseStream(readFileSync(file, 'utf8'))];
    }),
  );
  return { answers, tree, overlays };
}
