import type { Answers } from '../answers/schema.js';
import type { FileTree } from '../model/file-tree.js';
import { withStateFile } from '../plan/state.js';
import { renderTree } from '../render/tree.js';

/** Every file of a generated repository, inngest-gitops.json included: the render, then the state file. */
export function repositoryTree(
  answers: Answers,
  context: { generatorVersion: string; sealedSecrets?: Map<string, { file: string; text: string }[]> },
): FileTree {
  return withStateFile(renderTree(answers, context), { generatorVersion: context.generatorVersion, answers });
}
