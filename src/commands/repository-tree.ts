import type { Answers } from '../answers/schema.js';
import type { FileTree } from '../model/file-tree.js';
import { withStateFile } from '../plan/state.js';
import { renderTree, withSealedSecrets, type SealedFiles } from '../render/tree.js';

/**
 * Every file of a generated repository, inngest-gitops.json included: the render, the
 * SealedSecrets layered on top, then the state file. Pure.
 */
export function repositoryTree(
  answers: Answers,
  context: { generatorVersion: string; sealedSecrets?: SealedFiles },
): FileTree {
  const sealed: SealedFiles = context.sealedSecrets ?? new Map<string, { file: string; text: string }[]>();
  const rendered = renderTree(answers, {
    generatorVersion: context.generatorVersion,
    secretFiles: new Map([...sealed].map(([env, files]) => [env, files.map((f) => f.file)])),
  });
  return withStateFile(withSealedSecrets(rendered, sealed), { generatorVersion: context.generatorVersion, answers });
}
